// Vehicle labels that never pile up: after each change the labels are placed in order of priority
// (vehicles in violation first) and a label that would overlap one already placed is hidden; it
// shows while its vehicle is hovered.

/**
 * declutter(entries): entries are [{tooltip (a permanent Leaflet tooltip), rank (lower first), id}].
 * Returns how many labels were hidden.
 */
export function declutter(entries) {
  const placed = [];
  let hidden = 0;
  const sorted = entries.filter((e) => e.tooltip?.getElement()).sort((a, b) => a.rank - b.rank || String(a.id).localeCompare(String(b.id)));
  for (const e of sorted) {
    const node = e.tooltip.getElement();
    node.classList.remove('label-hidden');
    const r = node.getBoundingClientRect();
    const box = { left: r.left - 2, right: r.right + 2, top: r.top - 1, bottom: r.bottom + 1 };
    const overlaps = placed.some((p) => box.left < p.right && p.left < box.right && box.top < p.bottom && p.top < box.bottom);
    if (overlaps) {
      node.classList.add('label-hidden');
      hidden++;
    } else {
      placed.push(box);
    }
  }
  return hidden;
}
