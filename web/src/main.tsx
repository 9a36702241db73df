import "@fontsource/inter/400.css";
import "@fontsource/inter/600.css";
import "./styles.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { SignIn } from "./SignIn.js";
import { SessionProvider } from "./session.js";

// The signed-in pages load behind the sign-in form: the first page needs only the form.
const App = lazy(() => import("./App.js").then((m) => ({ default: m.App })));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider signIn={(submit) => <SignIn submit={submit} />}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <App />
        </Suspense>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
