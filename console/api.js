// The one way the console talks to the service: JSON over fetch, the signed-in key as
// `Authorization: Bearer`, and every error turned into an ApiError carrying the service's
// `{"error": {"code", "message"}}`. A 401 from any call ends the session (see app.js).

const STORAGE = 'frontline.apiKey';

/** An answer that was not 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(status, code, message, detail = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  /** What the officer reads: the service's message, with the status and code. */
  describe() {
    return this.status ? `${this.message} (${this.status} ${this.code})` : this.message;
  }
}

export const key = {
  get: () => sessionStorage.getItem(STORAGE),
  set: (k) => sessionStorage.setItem(STORAGE, k),
  clear: () => sessionStorage.removeItem(STORAGE),
};

let unauthorized = () => {};
/** `fn(error)` runs when a call is answered 401 (the key was revoked or is wrong). */
export function onUnauthorized(fn) {
  unauthorized = fn;
}

/**
 * Calls the service. `opts.json` is sent as a JSON body; `opts.body` as it is (a File for
 * uploads) with `opts.type` as its Content-Type; `opts.key` overrides the stored key (sign-in)
 * and then a 401 does not end the session. Resolves to the parsed JSON (null when empty).
 */
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  const k = opts.key ?? key.get();
  if (k) headers.Authorization = `Bearer ${k}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.type) {
    headers['Content-Type'] = opts.type;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, 'network', `The service cannot be reached (${e.message}).`);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = data && data.error;
    const err = new ApiError(
      res.status,
      (e && e.code) || `http_${res.status}`,
      (e && e.message) || `The service answered ${res.status} ${res.statusText || ''}`.trim(),
      e || null,
    );
    if (res.status === 401 && opts.key === undefined) unauthorized(err);
    throw err;
  }
  return data;
}
