// Building DOM from API data without parsing it as HTML: every text becomes a text node.

/** el('li', {class: 'x', title: t}, child, 'text', ...): children are nodes or strings (as text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) {
      if (typeof value === 'function') node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A definition list of [label, value] rows; rows whose value is empty are left out. */
export function facts(rows) {
  const dl = el('dl', { class: 'facts' });
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(el('dt', {}, label), el('dd', {}, value));
  }
  return dl;
}

/** "2026-11-30 08:12:05 UTC": an instant in UTC to the second; '' for null, the text itself when unreadable. */
export function utc(iso) {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return String(iso);
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "3 min ago (2026-11-30 08:12:05 UTC)": relative, then in UTC; '' for null. */
export function when(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return String(iso);
  return `${ago(seconds)} (${utc(iso)})`;
}

function ago(seconds) {
  if (seconds < -30) return 'in the future';
  if (seconds < 5) return 'just now';
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** "1 h 05 min", "12 min 30 s", "45 s": a span of seconds for people. */
export function duration(totalSeconds) {
  const s = Math.max(0, Math.round(Number(totalSeconds) || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return `${h} h${m ? ` ${String(m).padStart(2, '0')} min` : ''}`;
  if (m) return `${m} min${rest ? ` ${rest} s` : ''}`;
  return `${rest} s`;
}

/** Saves a Blob as a file named `filename` (a download link clicked once, then dropped). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
