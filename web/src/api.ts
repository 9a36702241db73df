/** The HTTP API client: the session cookie rides along; unsafe requests carry the CSRF token. */

export interface ProblemIssue {
  code: string;
  message: string;
  path?: string | null;
}

/** An RFC 9457 problem from the API (docs/api.md, "One error shape"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ProblemIssue[];
  constructor(status: number, body: { message?: string; code?: string; issues?: ProblemIssue[] } | null) {
    super(body?.message ?? `request failed with status ${status}`);
    this.status = status;
    this.code = body?.code ?? "internal";
    this.issues = body?.issues ?? [];
  }
}

export interface Csrf {
  token: string | null;
}

/** The one holder of the CSRF token (kept on the client object, set at sign-in or from /auth/csrf). */
export class Api {
  csrf: string | null = null;
  onUnauthenticated: (() => void) | null = null;

  async request<T>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      text?: string;
      /** The media type of `text` (text/plain by default; text/csv for a CSV upload). */
      textType?: string;
      /** A file sent as it is (an upload), with its content type. */
      raw?: { blob: Blob; type: string };
      query?: Record<string, string | undefined>;
    } = {},
  ): Promise<T> {
    const url = new URL(`/api/v1${path}`, window.location.origin);
    for (const [k, v] of Object.entries(options.query ?? {}))
      if (v !== undefined && v !== "") url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: "application/json" };
    if (method !== "GET" && method !== "HEAD" && this.csrf) headers["x-csrf-token"] = this.csrf;
    let body: string | Blob | undefined;
    if (options.raw !== undefined) {
      headers["content-type"] = options.raw.type;
      body = options.raw.blob;
    } else if (options.text !== undefined) {
      headers["content-type"] = options.textType ?? "text/plain";
      body = options.text;
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const response = await fetch(url, { method, headers, body, credentials: "same-origin" });
    if (response.status === 204) return undefined as T;
    const type = response.headers.get("content-type") ?? "";
    const parsed = type.includes("json") ? await response.json() : await response.text();
    if (!response.ok) {
      if (response.status === 401 && path !== "/auth/login") this.onUnauthenticated?.();
      throw new ApiError(response.status, typeof parsed === "object" ? parsed : { message: String(parsed) });
    }
    return parsed as T;
  }

  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
    return this.request<T>("GET", path, query ? { query } : {});
  }
  post<T>(path: string, body?: unknown, query?: Record<string, string | undefined>): Promise<T> {
    return this.request<T>("POST", path, { body: body ?? {}, ...(query ? { query } : {}) });
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, { body });
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }
}

/** Saves text as a file the browser downloads. */
export function download(filename: string, text: string, type = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
