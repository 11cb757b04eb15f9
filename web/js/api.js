// The REST client: same-origin fetch with the session cookie, the CSRF
// token on every POST, and the server's error shape turned into ApiError.

let csrfToken = null;
let unauthorizedHandler = null;

// An answer that was not 2xx: `status`, the server's stable `code`,
// its `message` and `details` (null when the body was not the error shape).
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details ?? null;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

// Called (once per failing request) when the server answers 401.
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

// "a=1&b=2" from an object, leaving out null/undefined/'' values.
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body && body.error;
  if (error && typeof error.message === 'string') {
    return new ApiError(response.status, error.code || 'error', error.message, error.details);
  }
  return new ApiError(response.status, 'http_' + response.status,
                      `${response.status} ${response.statusText || 'request failed'}`, null);
}

// Sends a request and returns the parsed JSON body (null for an empty
// body). Throws ApiError for non-2xx answers and for network failures
// (status 0). `signal` aborts it.
export async function request(method, path, { body, signal, skipAuthRedirect } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', signal };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The server could not be reached.', null);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !skipAuthRedirect && unauthorizedHandler) {
      unauthorizedHandler(error);
    }
    throw error;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, params, options) => request('GET', path + queryString(params), options);
export const post = (path, body, options) => request('POST', path, { ...options, body });

// Session helpers.
export async function login(name, password) {
  const me = await post('/api/v1/login', { name, password }, { skipAuthRedirect: true });
  setCsrfToken(me.csrf_token);
  return me;
}

export async function whoAmI() {
  const me = await get('/api/v1/me', null, { skipAuthRedirect: true });
  setCsrfToken(me.csrf_token);
  return me;
}

export async function logout() {
  try {
    await post('/api/v1/logout', undefined, { skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

// True when `error` is the AbortError of a cancelled fetch.
export function isAbort(error) {
  return error && error.name === 'AbortError';
}
