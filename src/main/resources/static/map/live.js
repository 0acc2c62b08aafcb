// The hub's live feed, GET /api/v1/stream (server-sent events: position, violation, event, hello,
// dropped), read with fetch() and a stream reader rather than EventSource: EventSource cannot send
// the X-API-Key header, and the hub takes keys in that header only (never in the URL, where logs
// and browser history would keep them). Same wire format, same events, the key sent as with every
// other API call.
import { apiKey, ApiError } from './api.js';

const URL_STREAM = new URL('api/v1/stream', document.baseURI);

/**
 * Parses text/event-stream text fed in chunks; calls onEvent(name, data) for every complete event
 * (name 'message' when the event has none). Comments (keep-alives) are skipped.
 */
export function eventParser(onEvent) {
  let buffer = '';
  let name = 'message';
  let data = null;
  function line(text) {
    if (text === '') {
      if (data !== null) onEvent(name, data);
      name = 'message';
      data = null;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data = data === null ? value : `${data}\n${value}`;
  }
  return (chunk) => {
    buffer += chunk;
    let at;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      line(text.endsWith('\r') ? text.slice(0, -1) : text);
    }
  };
}

/**
 * A connection to the live feed: start() opens it (closing one open before); onOpen() when the hub
 * answered with a stream, onEvent(name, json) per event, onClose(error) when it ends (error: an
 * ApiError, or null when the hub closed it). stop() hangs up without onClose.
 */
export function liveFeed({ onOpen, onEvent, onClose }) {
  let controller = null;

  async function run(signal) {
    const headers = { Accept: 'text/event-stream' };
    const key = apiKey();
    if (key) headers['X-API-Key'] = key;
    let response;
    try {
      response = await fetch(URL_STREAM, { headers, cache: 'no-store', signal });
    } catch {
      if (!signal.aborted) onClose(new ApiError(0, 'hub unreachable'));
      return;
    }
    if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
      let detail = '';
      try { detail = (await response.json()).detail || ''; } catch { /* not problem+json */ }
      if (!signal.aborted) onClose(new ApiError(response.ok ? 0 : response.status, detail || 'not an event stream'));
      return;
    }
    onOpen();
    const parse = eventParser((name, data) => {
      let value;
      try { value = JSON.parse(data); } catch { return; }
      onEvent(name, value);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
      if (!signal.aborted) onClose(null);
    } catch {
      if (!signal.aborted) onClose(new ApiError(0, 'live feed interrupted'));
    }
  }

  return {
    start() {
      controller?.abort();
      controller = new AbortController();
      run(controller.signal);
    },
    stop() {
      controller?.abort();
      controller = null;
    },
  };
}
