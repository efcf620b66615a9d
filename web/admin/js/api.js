// The admin API client: the token lives in sessionStorage (this tab only) and travels in a header,
// so it never appears in a URL, a log line or a cross-site request (no cookie: nothing to forge).
const TOKEN_KEY = 'portcullis.adminToken';
export const TOKEN_HEADER = 'x-portcullis-admin-token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls /admin/api/<path>; JSON in and out. Throws ApiError with the gateway's error code. */
export async function api(path, { method = 'GET', query, body } = {}) {
  const url = new URL(`/admin/api/${path}`, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const headers = { [TOKEN_HEADER]: token.get() ?? '' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? `HTTP ${res.status}`);
  return data;
}
