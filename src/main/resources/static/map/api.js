// Calls to the hub's HTTP API (/api/v1), with the operator's API key when one is saved.

const KEY = 'deepseaguard.apiKey';
const BASE = new URL('api/v1/', document.baseURI);

export function apiKey() {
  return localStorage.getItem(KEY) || '';
}

export function saveApiKey(key) {
  if (key) localStorage.setItem(KEY, key);
  else localStorage.removeItem(KEY);
}

/** An API failure the page can explain: HTTP status (0: no answer) and the problem+json detail, if any. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail || '';
  }
}

/** GET (or, with a body, POST as JSON) path?params with the key; the response when it is 2xx, an ApiError otherwise. */
async function request(path, params, accept, body) {
  const url = new URL(path, BASE);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const headers = { Accept: accept };
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  const init = { headers, cache: 'no-store' };
  if (body !== undefined) {
    init.method = 'POST';
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'hub unreachable'); // network error: no HTTP answer at all
  }
  if (!response.ok) {
    let detail = '';
    try { detail = (await response.json()).detail || ''; } catch { /* not problem+json */ }
    throw new ApiError(response.status, detail);
  }
  return response;
}

/** GET a JSON resource, e.g. get('violations', {status: 'open'}). */
export async function get(path, params = {}) {
  return (await request(path, params, 'application/json')).json();
}

/** POST a JSON body, e.g. post(`violations/${id}/ack`, {note}); the JSON answer. */
export async function post(path, body) {
  return (await request(path, {}, 'application/json', body)).json();
}

/**
 * GET a file (e.g. a CSV export) as a Blob. A plain link cannot send X-API-Key, so downloads are
 * fetched here and saved from the Blob (dom.js saveBlob).
 */
export async function getBlob(path, params = {}, accept = '*/*') {
  return (await request(path, params, accept)).blob();
}
