// Every vehicle's recent track ("trail"): its last positions as a thin line behind its marker, and
// its heading from the last two of them. Seeded from GET /auvs/{id}/track, then moved on by the
// live feed's positions.
import { bearing, shiftNear, wrapNear } from './geo.js';

/**
 * Trails on `map` in pane `pane`, at most `max` positions each. add(id, fix) takes {lat, lon, time}
 * (fixes not newer than the last are ignored), seed(id, fixes) merges fixes read from the hub,
 * heading(id) is the bearing of the last move (null before two distinct positions), style(id,
 * colour), remove(id), positions(id) [[lat, lon]...] as drawn.
 */
export function trails(L, map, pane, max = 30) {
  const byId = new Map(); // id -> { fixes: [{lat, lon (unwrapped), time}], line, colour }

  function latLngs(t) {
    if (!t.fixes.length) return [];
    const shift = shiftNear(t.fixes[t.fixes.length - 1].lon, map.getCenter().lng);
    return t.fixes.map((f) => [f.lat, f.lon + shift]);
  }

  function draw(t) {
    t.line.setLatLngs(latLngs(t));
    if (t.fixes.length > 1 && !map.hasLayer(t.line)) t.line.addTo(map);
  }

  function entry(id) {
    let t = byId.get(id);
    if (!t) {
      t = { fixes: [], line: L.polyline([], { pane, color: '#94a3b8', weight: 2, opacity: 0.75, interactive: false, className: 'trail-line' }) };
      byId.set(id, t);
    }
    return t;
  }

  function put(t, fix) {
    const time = Date.parse(fix.time);
    const last = t.fixes[t.fixes.length - 1];
    if (last && !(time > last.t)) return false;
    const lon = last ? wrapNear(fix.lon, last.lon) : fix.lon;
    t.fixes.push({ lat: fix.lat, lon, time: fix.time, t: time });
    if (t.fixes.length > max) t.fixes.splice(0, t.fixes.length - max);
    return true;
  }

  function add(id, fix) {
    const t = entry(id);
    if (put(t, fix)) draw(t);
  }

  function seed(id, fixes) {
    const t = entry(id);
    const merged = [...fixes, ...t.fixes].filter((f) => Number.isFinite(Date.parse(f.time)))
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    t.fixes = [];
    for (const f of merged) put(t, f);
    draw(t);
  }

  function heading(id) {
    const fixes = byId.get(id)?.fixes || [];
    for (let i = fixes.length - 1; i > 0; i--) {
      const b = bearing(fixes[i - 1].lat, fixes[i - 1].lon, fixes[i].lat, fixes[i].lon);
      if (b !== null) return b;
    }
    return null;
  }

  function style(id, colour) {
    const t = entry(id);
    if (t.colour !== colour) { t.colour = colour; t.line.setStyle({ color: colour }); }
  }

  function remove(id) {
    const t = byId.get(id);
    if (t) { t.line.remove(); byId.delete(id); }
  }

  map.on('moveend', () => byId.forEach(draw));

  return { add, seed, heading, style, remove, positions: (id) => (byId.has(id) ? latLngs(byId.get(id)) : []), size: () => byId.size };
}
