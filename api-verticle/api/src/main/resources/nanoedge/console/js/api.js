// The console talks to the same API as every script, with the session cookie (set HttpOnly by the server, so no
// script here can read it) and the session's CSRF token on every change.

let csrf = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error;
  }
}

export function setCsrf(token) {
  csrf = token;
}

/** fetch with JSON in and out; throws ApiError with the API's message; 401 sends the page back to sign-in. */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const json = type.startsWith('application/json') ? await response.json() : null;
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    error.retryAfter = response.headers.get('Retry-After');
    if (response.status === 401 && !options.quiet) window.dispatchEvent(new CustomEvent('signed-out'));
    throw error;
  }
  return json;
}

/** Every item of a list, following `next` (lists are paged at 500 at most). */
export async function all(path) {
  const items = [];
  let next = path + (path.includes('?') ? '&' : '?') + 'limit=500';
  while (next) {
    const page = await api('GET', next);
    items.push(...page.items);
    next = page.next;
  }
  return items;
}
