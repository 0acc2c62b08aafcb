// The recent track of one vehicle (GET /auvs/{auv_id}/track, a GeoJSON Feature) drawn as a line,
// one track at a time. Hovering or clicking the line shows the nearest fix: time, depth, speed, heading.
import { el, facts } from './dom.js';
import { shiftNear, trackLine } from './geo.js';

const fixed = (n, digits) => (typeof n === 'number' ? n.toFixed(digits) : '');

/**
 * The fixes of a track Feature, oldest first: {lat, lon (unwrapped: the line is continuous across
 * the antimeridian), time, depth, speed, heading}. Per-fix properties have one entry per fix.
 */
export function trackFixes(feature) {
  const p = feature?.properties || {};
  return trackLine(feature?.geometry, p.fixes).map(([lon, lat], i) => ({
    lat, lon, time: p.times?.[i], depth: p.depths?.[i], speed: p.speeds?.[i], heading: p.headings?.[i],
  }));
}

function fixFacts(fix) {
  return facts([
    ['time', fix.time],
    ['depth', fix.depth != null ? `${fixed(fix.depth, 0)} m` : ''],
    ['speed', fix.speed != null ? `${fixed(fix.speed, 2)} m/s` : '–'],
    ['heading', fix.heading != null ? `${fixed(fix.heading, 0)}°` : '–'],
    ['position', `${fixed(fix.lat, 4)}, ${fixed(((fix.lon + 540) % 360) - 180, 4)}`],
  ]);
}

/**
 * A track view on `map`, drawn in pane `pane`: show(auvId, feature) replaces the track drawn
 * before, clear() removes it, current() tells what is drawn ({auvId, line, fixes} or null).
 * The line follows the copy of the world in view, ending where the vehicle's marker is drawn.
 */
export function trackView(L, map, pane) {
  let drawn = null; // { auvId, fixes, line, start, shift }
  const nearest = L.circleMarker([0, 0], { pane, radius: 5, weight: 2, color: '#fde047', fillColor: '#0b1e30', fillOpacity: 1, interactive: false });

  function latLngs(fixes, shift) {
    return fixes.map((f) => [f.lat, f.lon + shift]);
  }

  function shiftInView(fixes) {
    return shiftNear(fixes[fixes.length - 1].lon, map.getCenter().lng);
  }

  function nearestFix(latlng) {
    const target = map.latLngToLayerPoint(latlng);
    let best = 0;
    let bestDistance = Infinity;
    drawn.fixes.forEach((f, i) => {
      const d = map.latLngToLayerPoint([f.lat, f.lon + drawn.shift]).distanceTo(target);
      if (d < bestDistance) { bestDistance = d; best = i; }
    });
    return best;
  }

  function point(event) {
    if (!drawn) return null;
    const i = nearestFix(event.latlng);
    const fix = drawn.fixes[i];
    const at = L.latLng(fix.lat, fix.lon + drawn.shift);
    nearest.setLatLng(at).addTo(map);
    return { i, fix, at };
  }

  function clear() {
    if (!drawn) return;
    map.removeLayer(drawn.line);
    map.removeLayer(drawn.start);
    nearest.remove();
    drawn = null;
  }

  function show(auvId, feature) {
    clear();
    const fixes = trackFixes(feature);
    if (!fixes.length) return 0;
    const shift = shiftInView(fixes);
    const line = L.polyline(latLngs(fixes, shift), { pane, color: '#fde047', weight: 4, opacity: 0.9, className: 'track-line' });
    const start = L.circleMarker(line.getLatLngs()[0], { pane, radius: 4, weight: 2, color: '#fde047', fill: false, interactive: false });
    line.bindTooltip(el('span'), { sticky: true, className: 'track-tip' });
    line.on('mousemove', (event) => {
      const p = point(event);
      if (p) line.setTooltipContent(el('div', {}, el('strong', {}, `${auvId} fix ${p.i + 1}/${fixes.length}`), fixFacts(p.fix)));
    });
    line.on('mouseout', () => nearest.remove());
    line.on('click', (event) => {
      const p = point(event);
      if (p) L.popup({ maxWidth: 280 }).setLatLng(p.at).setContent(el('div', { class: 'popup' },
        el('h3', {}, `${auvId} · fix ${p.i + 1} of ${fixes.length}`), fixFacts(p.fix))).openOn(map);
    });
    drawn = { auvId, fixes, line, start, shift };
    line.addTo(map);
    start.addTo(map);
    line.getElement()?.setAttribute('data-auv-id', auvId);
    return fixes.length;
  }

  // keep the track on the copy of the world being looked at, as the vehicles are
  map.on('moveend', () => {
    if (!drawn) return;
    const shift = shiftInView(drawn.fixes);
    if (shift === drawn.shift) return;
    drawn.shift = shift;
    drawn.line.setLatLngs(latLngs(drawn.fixes, shift));
    drawn.start.setLatLng(drawn.line.getLatLngs()[0]);
    nearest.remove();
  });

  return {
    show,
    clear,
    current: () => (drawn ? { auvId: drawn.auvId, line: drawn.line, fixes: drawn.fixes.length } : null),
  };
}
