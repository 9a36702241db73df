import "@fontsource/inter/400.css";
import "@fontsource/inter/600.css";
import "./styles.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { SignIn } from "./SignIn.js";
import { SessionProvider } from "./session.js";

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider signIn={(submit) => <SignIn submit={submit} />}>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
