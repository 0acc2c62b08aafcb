// DeepSeaGuard live map: zones, vehicles (every 2 s), open violations and hub counts; a clicked
// vehicle's recent track and its compliance report for today.
// Leaflet is the vendored global `L` (vendor/leaflet/leaflet.js). Text from the API is never parsed
// as HTML: popups, tooltips and lists are DOM nodes built with dom.js (text nodes only).
import { get, getBlob, post, apiKey, saveApiKey, ApiError } from './api.js';
import { el, facts, when, duration, saveBlob } from './dom.js';
import { graticule, joinAcrossAntimeridian, wrapNear } from './geo.js';
import { trackView } from './track.js';
import { reportSummary, todayUtc, isoSeconds } from './report.js';

const L = window.L;
const POLL_MS = 2000;
const ZONES_MS = 60000;
const ISA = 'Source: International Seabed Authority';

// Drawn bottom to top: big contract areas first, the areas that must not be entered last.
const ZONE_TYPES = {
  contract_area: { colour: '#3b82f6', label: 'contract area' },
  reserved_area: { colour: '#06b6d4', label: 'reserved area' },
  custom: { colour: '#94a3b8', label: 'custom' },
  safety_zone: { colour: '#eab308', label: 'safety zone' },
  marine_protected_area: { colour: '#15803d', label: 'marine protected area' },
  impact_reference_zone: { colour: '#f97316', label: 'impact reference zone' },
  preservation_reference_zone: { colour: '#a855f7', label: 'preservation reference zone' },
  apei: { colour: '#22c55e', label: 'APEI (area of particular environmental interest)' },
  closed_area: { colour: '#ef4444', label: 'closed area' },
};
const VEHICLE_STATUS = {
  violation: { colour: '#ff2d55', label: 'violation' },
  dark: { colour: '#f59e0b', label: 'dark (no fix lately)' },
  compliant: { colour: '#34d399', label: 'compliant' },
  unknown: { colour: '#64748b', label: 'unknown (no fix yet)' },
};
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 };
const TRACK_REFRESH_MS = 10000; // a selected vehicle's track is fetched again at most this often

const zoneStyle = (type) => (ZONE_TYPES[type] || ZONE_TYPES.custom).colour;
const statusOf = (status) => VEHICLE_STATUS[status] || VEHICLE_STATUS.unknown;
const fixed = (n, digits) => (typeof n === 'number' ? n.toFixed(digits) : '');

// ---- the map -------------------------------------------------------------------------------
const map = L.map('map', { center: [12, -130], zoom: 4, minZoom: 2, worldCopyJump: false, preferCanvas: false });
map.attributionControl.addAttribution(ISA);
const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
  maxZoom: 19,
  attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
});
// zones in the overlay pane (z 400), then the selected track, then the vehicles on top of both
map.createPane('track').style.zIndex = '450';
map.createPane('vehicles').style.zIndex = '460';
const grid = graticule(L, map).addTo(map);
const zonesLayer = L.featureGroup().addTo(map);
const vehiclesLayer = L.featureGroup().addTo(map);
L.control.layers(null, {
  'OpenStreetMap base map (needs internet)': osm,
  Graticule: grid,
  Zones: zonesLayer,
  Vehicles: vehiclesLayer,
}, { collapsed: false }).addTo(map);
L.control.scale({ imperial: false }).addTo(map);

// ---- zones ---------------------------------------------------------------------------------
let zonesSignature = '';
let zonesFitted = false;

function depthBand(p) {
  if (p.min_depth == null && p.max_depth == null) return 'all depths';
  return `${p.min_depth ?? 0} – ${p.max_depth ?? '…'} m`;
}

function validity(p) {
  if (!p.valid_from && !p.valid_to) return 'always';
  return `${p.valid_from || '…'} → ${p.valid_to || '…'}`;
}

function zonePopup(p) {
  return el('div', { class: 'popup' },
    el('h3', {}, p.zone_id ?? ''),
    facts([
      ['name', p.name],
      ['type', p.zone_type],
      ['contract', p.contract_id],
      ['contractor', p.contractor],
      ['authorised AUVs', (p.authorized_auvs || []).join(', ')],
      ['depth band', depthBand(p)],
      ['validity', validity(p)],
      ['version', p.version],
      ['source', p.source || ISA],
    ]));
}

function drawZones(collection) {
  const features = (collection.features || []).slice();
  const signature = features.map((f) => `${f.properties?.zone_id}@${f.properties?.version}`).sort().join(',');
  if (signature === zonesSignature) return;
  zonesSignature = signature;
  const order = Object.keys(ZONE_TYPES);
  const rank = (f) => { const i = order.indexOf(f.properties?.zone_type); return i < 0 ? order.length : i; };
  features.sort((a, b) => rank(a) - rank(b));
  zonesLayer.clearLayers();
  for (const feature of features) {
    const p = feature.properties || {};
    const colour = zoneStyle(p.zone_type);
    const layer = L.geoJSON({ ...feature, geometry: joinAcrossAntimeridian(feature.geometry) }, {
      style: { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.22 },
    });
    layer.bindPopup(() => zonePopup(p));
    layer.bindTooltip(() => el('span', {}, `${p.zone_id ?? ''} (${p.zone_type ?? ''})`), { sticky: true });
    zonesLayer.addLayer(layer);
  }
  if (!zonesFitted && zonesLayer.getLayers().length) {
    map.fitBounds(zonesLayer.getBounds(), { padding: [20, 20] });
    zonesFitted = true;
  }
}

async function loadZones() {
  try {
    drawZones(await get('zones'));
  } catch (e) {
    showState(e);
  }
}

// ---- vehicles ------------------------------------------------------------------------------
const vehicles = new Map(); // auv_id -> { marker, data }
let openViolations = [];

function vehiclePopup(v) {
  const own = openViolations.filter((o) => o.auv_id === v.auv_id);
  const zones = (v.current_zones || []).map((z) =>
    el('li', {}, `${z.zone_id} (${z.zone_type})`, el('small', {}, ` since ${when(z.entry_time)}`)));
  const position = v.position || {};
  return el('div', { class: 'popup' },
    el('h3', {}, v.auv_id, ' ', el('span', { class: `badge status-${VEHICLE_STATUS[v.status] ? v.status : 'unknown'}` }, v.status ?? 'unknown')),
    facts([
      ['last update', when(v.last_update)],
      ['position', position.latitude != null ? `${fixed(position.latitude, 4)}, ${fixed(position.longitude, 4)}` : ''],
      ['depth', position.depth != null ? `${fixed(position.depth, 0)} m` : ''],
      ['open violations', String(v.open_violations ?? 0)],
    ]),
    zones.length ? el('div', {}, el('h4', {}, 'Current zones'), el('ul', {}, zones)) : el('p', { class: 'muted' }, 'in no zone'),
    own.length ? el('div', {}, el('h4', {}, 'Open violations'), el('ul', {}, own.map((o) =>
      el('li', {}, el('span', { class: `badge sev-${o.severity}` }, o.severity), ` ${o.rule_id} ${o.zone_id ?? ''}`)))) : null,
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => selectVehicle(v.auv_id) }, `Track (last ${duration(trackWindowSeconds)})`),
      el('button', { type: 'button', class: 'report-today', onclick: () => { selectVehicle(v.auv_id, { track: false }); loadReport(); } }, 'Report (today)')));
}

/**
 * Runs `change` (new content, new position) on a vehicle marker without panning the map: Leaflet
 * pans to an open popup on every update of it, which pulled the map back to that vehicle every 2 s
 * and after every pan. The popup still pans into view when it is opened.
 */
function withoutAutoPan(marker, change) {
  const popup = marker.getPopup();
  const autoPan = popup.options.autoPan;
  popup.options.autoPan = false;
  try { change(); } finally { popup.options.autoPan = autoPan; }
}

function refreshPopup(marker, content) {
  withoutAutoPan(marker, () => marker.setPopupContent(content));
}

function placeVehicle(entry) {
  const p = entry.data.position;
  if (!p || p.latitude == null || p.longitude == null) return false;
  const at = L.latLng(p.latitude, wrapNear(p.longitude, map.getCenter().lng));
  if (!entry.marker.getLatLng().equals(at, 0)) withoutAutoPan(entry.marker, () => entry.marker.setLatLng(at));
  return true;
}

function drawVehicles(list) {
  const seen = new Set();
  for (const v of list) {
    seen.add(v.auv_id);
    let entry = vehicles.get(v.auv_id);
    if (!entry) {
      const auvId = v.auv_id;
      const marker = L.circleMarker([0, 0], { pane: 'vehicles', radius: 7, weight: 2, color: '#0b1e30', fillOpacity: 1, className: 'auv-marker' });
      marker.bindTooltip(el('span', {}, v.auv_id), { permanent: true, direction: 'right', offset: [8, 0], className: 'auv-label' });
      marker.bindPopup(el('div'), { maxWidth: 320 });
      marker.on('click', () => selectVehicle(auvId));
      marker.on('add', () => marker.getElement()?.setAttribute('data-auv-id', auvId));
      entry = { marker, data: v };
      vehicles.set(v.auv_id, entry);
    }
    entry.data = v;
    entry.marker.setStyle({ fillColor: statusOf(v.status).colour });
    refreshPopup(entry.marker, vehiclePopup(v));
    if (placeVehicle(entry)) {
      if (!vehiclesLayer.hasLayer(entry.marker)) vehiclesLayer.addLayer(entry.marker);
      if (v.status === 'violation') entry.marker.bringToFront();
    } else {
      vehiclesLayer.removeLayer(entry.marker); // no fix yet: nothing to draw
    }
  }
  for (const [id, entry] of vehicles) {
    if (!seen.has(id)) { vehiclesLayer.removeLayer(entry.marker); vehicles.delete(id); }
  }
  refreshTrack();
}

// keep every vehicle on the copy of the world being looked at (antimeridian)
map.on('moveend', () => vehicles.forEach(placeVehicle));

// ---- selected vehicle: its track and today's report ----------------------------------------
const track = trackView(L, map, 'track');
let trackWindowSeconds = 3600; // deepseaguard.map.track-window, from GET /status
let selected = null; // auv_id whose panel is shown
let trackRequest = 0; // the newest track request; older answers are dropped
let trackFetch = { auvId: null, at: 0, lastUpdate: null }; // the track wanted on the map (auvId null: none)
let reportRequest = 0;
let shownReport = null; // { auvId, from, to } of the report on show

const $ = (id) => document.getElementById(id);

/** What an API failure means for the operator (401, 403 and 404 named). */
function explain(error) {
  if (!(error instanceof ApiError)) return `cannot show the answer: ${error?.message ?? error}`;
  if (error.status === 0) return 'hub unreachable';
  const detail = error.detail ? `: ${error.detail}` : '';
  if (error.status === 401) return apiKey() ? `API key refused (401)${detail}` : `this hub needs an API key (401)${detail}`;
  if (error.status === 403) return `this API key may not read it (403)${detail}`;
  if (error.status === 404) return `not found (404)${detail}`;
  return `hub error ${error.status}${detail}`;
}

function trackState(text, error = false) {
  const node = $('track-state');
  node.className = `track-state${error ? ' error' : ''}`;
  node.textContent = text;
}

function selectVehicle(auvId, { track: drawTrack = true } = {}) {
  if (selected !== auvId) {
    selected = auvId;
    reportRequest++;
    shownReport = null;
    $('report').replaceChildren();
    track.clear();
    trackState('');
  }
  $('vehicle-id').textContent = auvId;
  $('vehicle').hidden = false;
  if (drawTrack) loadTrack(auvId);
}

async function loadTrack(auvId, { quiet = false } = {}) {
  const request = ++trackRequest;
  const now = Date.now();
  const span = duration(trackWindowSeconds);
  trackFetch = { auvId, at: now, lastUpdate: vehicles.get(auvId)?.data.last_update ?? null };
  if (!quiet) trackState(`loading the track of the last ${span}…`);
  try {
    const feature = await get(`auvs/${encodeURIComponent(auvId)}/track`, {
      from: isoSeconds(now - trackWindowSeconds * 1000), to: isoSeconds(now + 1000) }); // [from, to): the fixes of this second too
    if (request !== trackRequest || selected !== auvId) return;
    const fixes = track.show(auvId, feature);
    const times = feature.properties?.times || [];
    trackState(fixes
      ? `track of the last ${span}: ${fixes} fix${fixes === 1 ? '' : 'es'}, ${times[0] ?? '…'} → ${times[times.length - 1] ?? '…'}`
      : `no fix in the last ${span}`);
  } catch (e) {
    if (request !== trackRequest || selected !== auvId) return;
    track.clear();
    trackState(`track: ${explain(e)}`, true);
  }
}

/** Fetches the track on show again when its vehicle has sent fixes since (at most every TRACK_REFRESH_MS). */
function refreshTrack() {
  if (!selected || trackFetch.auvId !== selected) return;
  const lastUpdate = vehicles.get(selected)?.data.last_update ?? null;
  if (lastUpdate !== trackFetch.lastUpdate && Date.now() - trackFetch.at >= TRACK_REFRESH_MS) loadTrack(selected, { quiet: true });
}

function clearTrack() {
  trackRequest++;
  trackFetch = { auvId: null, at: 0, lastUpdate: null };
  track.clear();
  trackState('track cleared');
}

async function loadReport() {
  if (!selected) return;
  const auvId = selected;
  const request = ++reportRequest;
  const period = todayUtc();
  $('report').replaceChildren(el('p', { class: 'muted' }, `loading today's report (${period.from} → ${period.to})…`));
  try {
    const report = await get('reports/compliance', { auv_id: auvId, ...period });
    if (request !== reportRequest) return;
    shownReport = { auvId, ...period };
    $('report').replaceChildren(reportSummary(report));
  } catch (e) {
    if (request !== reportRequest) return;
    $('report').replaceChildren(el('p', { class: 'error', role: 'alert' }, `report: ${explain(e)}`));
  }
}

/** Today's report (the period on show, if any) as CSV: fetched with the key, saved from a Blob. */
async function downloadCsv() {
  if (!selected) return;
  const auvId = selected;
  const period = shownReport?.auvId === auvId ? { from: shownReport.from, to: shownReport.to } : todayUtc();
  const note = el('p', { class: 'muted' }, 'fetching the CSV…');
  $('report').querySelector('.csv-note')?.remove();
  note.classList.add('csv-note');
  $('report').append(note);
  try {
    const blob = await getBlob('reports/compliance', { auv_id: auvId, ...period, format: 'csv' }, 'text/csv');
    saveBlob(blob, `compliance-${auvId}-${period.from.slice(0, 10)}.csv`);
    note.textContent = `CSV saved (${period.from} → ${period.to})`;
  } catch (e) {
    note.className = 'error csv-note';
    note.setAttribute('role', 'alert');
    note.textContent = `CSV: ${explain(e)}`;
  }
}

function vehiclePanel() {
  $('track-reload').addEventListener('click', () => selected && loadTrack(selected));
  $('track-clear').addEventListener('click', clearTrack);
  $('report-today').addEventListener('click', loadReport);
  $('report-csv').addEventListener('click', downloadCsv);
}

// ---- violations panel ----------------------------------------------------------------------
const highlight = L.circleMarker([0, 0], { radius: 18, weight: 3, color: '#ff2d55', fill: false, interactive: false });

function focusViolation(v) {
  const marker = vehicles.get(v.auv_id)?.marker;
  let target;
  if (v.latitude != null && v.longitude != null) target = L.latLng(v.latitude, wrapNear(v.longitude, map.getCenter().lng));
  else if (marker && vehiclesLayer.hasLayer(marker)) target = marker.getLatLng();
  if (!target) return;
  map.flyTo(target, Math.max(map.getZoom(), 8), { duration: 0.8 });
  highlight.setLatLng(target).addTo(map);
  L.popup({ maxWidth: 320 }).setLatLng(target).setContent(el('div', { class: 'popup' },
    el('h3', {}, el('span', { class: `badge sev-${v.severity}` }, v.severity), ` ${v.rule_id}`),
    el('p', {}, v.message ?? ''),
    facts([
      ['vehicle', v.auv_id],
      ['zone', v.zone_id],
      ['rule type', v.rule_type],
      ['started', when(v.started_at)],
      ['last seen', when(v.last_seen_at)],
      ['depth', v.depth != null ? `${fixed(v.depth, 0)} m` : ''],
      ['flags', [v.late && 'late fix', v.inferred && 'inferred crossing'].filter(Boolean).join(', ')],
    ]),
    acknowledgement(v))).openOn(map);
  map.once('popupclose', () => highlight.remove());
}

// who acknowledged the violation, or the button when the key may acknowledge (GET /status `caller`)
let mayAcknowledge = false;

function acknowledgement(v) {
  const ack = v.acknowledgement;
  if (ack) {
    return el('p', { class: 'acknowledged' }, `acknowledged by ${ack.acknowledged_by} ${when(ack.acknowledged_at)}`,
      ack.note ? el('small', {}, ` · ${ack.note}`) : null);
  }
  if (!mayAcknowledge) return el('p', { class: 'muted' }, 'not acknowledged');
  const note = el('input', { type: 'text', class: 'ack-note', placeholder: 'note (optional)', maxlength: '4000' });
  const result = el('span', { class: 'ack-result', role: 'status' });
  const button = el('button', { type: 'button', class: 'ack', onclick: async () => {
    button.disabled = true;
    try {
      const done = await post(`violations/${encodeURIComponent(v.violation_id)}/ack`, note.value.trim() ? { note: note.value.trim() } : {});
      v.acknowledgement = done.acknowledgement;
      result.replaceWith(acknowledgement(v));
      button.remove();
      note.remove();
      refresh();
    } catch (e) {
      button.disabled = false;
      result.textContent = `acknowledge: ${explain(e)}`;
    }
  } }, 'Acknowledge');
  return el('div', { class: 'actions' }, note, button, result);
}

function drawViolations(page) {
  openViolations = (page.violations || []).slice().sort((a, b) =>
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9)
      || String(b.started_at).localeCompare(String(a.started_at)));
  document.getElementById('violation-total').textContent = `(${page.total ?? openViolations.length})`;
  const items = openViolations.map((v) => el('li', {},
    el('button', { type: 'button', class: `violation sev-${v.severity}`, onclick: () => focusViolation(v), title: v.message ?? '' },
      el('span', { class: `badge sev-${v.severity}` }, v.severity),
      el('strong', {}, ` ${v.auv_id} `),
      el('span', {}, `${v.rule_id}${v.zone_id ? ` · ${v.zone_id}` : ''}`),
      el('small', {}, when(v.started_at)),
      v.acknowledgement ? el('small', { class: 'ack-mark', title: `acknowledged by ${v.acknowledgement.acknowledged_by}` }, ' ✓ ack') : null)));
  if (!items.length) items.push(el('li', { class: 'muted' }, 'none'));
  document.getElementById('violations').replaceChildren(...items);
}

// ---- header --------------------------------------------------------------------------------
function drawStatus(s) {
  if (Number.isFinite(s.map?.track_window_seconds) && s.map.track_window_seconds > 0) trackWindowSeconds = s.map.track_window_seconds;
  mayAcknowledge = s.caller?.may_acknowledge === true;
  const v = s.vehicles || {};
  const row = (label, value, cls) => [el('dt', {}, label), el('dd', { class: cls }, String(value ?? 0))];
  document.getElementById('counts').replaceChildren(
    ...row('zones', s.zones), ...row('rules', s.rules), ...row('AUVs', s.auvs),
    ...Object.keys(VEHICLE_STATUS).flatMap((k) => row(k, v[k], `status-${k}`)),
    ...row('fixes', s.fixes?.applied));
}

function showState(error) {
  const node = document.getElementById('hub-state');
  node.className = `hub-state${error ? ' error' : ''}`;
  if (!error) node.textContent = `live · ${new Date().toLocaleTimeString()}`;
  else if (error instanceof ApiError && error.status === 0) node.textContent = 'hub unreachable';
  else if (error instanceof ApiError && error.status === 401) node.textContent = apiKey() ? 'API key refused (401)' : 'this hub needs an API key';
  else if (error instanceof ApiError && error.status === 403) node.textContent = 'API key may not read (403)';
  else if (error instanceof ApiError) node.textContent = `hub error ${error.status}: ${error.message}`;
  else node.textContent = 'hub unreachable';
}

function legend() {
  const swatch = (colour, cls) => el('span', { class: `swatch ${cls}`, style: `--c:${colour}` });
  document.getElementById('legend').replaceChildren(
    ...Object.values(ZONE_TYPES).map((t) => el('li', {}, swatch(t.colour, 'zone'), t.label)),
    ...Object.values(VEHICLE_STATUS).map((s) => el('li', {}, swatch(s.colour, 'vehicle'), `vehicle: ${s.label}`)));
}

// ---- polling -------------------------------------------------------------------------------
async function refresh() {
  const [auvs, violations, status] = await Promise.allSettled([
    get('auvs'), get('violations', { status: 'open', limit: 200 }), get('status')]);
  if (status.status === 'fulfilled') drawStatus(status.value); // first: the popups name its track window
  if (violations.status === 'fulfilled') drawViolations(violations.value);
  if (auvs.status === 'fulfilled') drawVehicles(auvs.value);
  const failed = [auvs, violations, status].find((r) => r.status === 'rejected');
  showState(failed ? failed.reason : null);
}

async function poll() {
  try { await refresh(); } finally { setTimeout(poll, POLL_MS); }
}

function keyForm() {
  const input = document.getElementById('key-input');
  input.value = apiKey();
  document.getElementById('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveApiKey(input.value.trim());
    loadZones();
    refresh();
  });
  document.getElementById('key-clear').addEventListener('click', () => {
    input.value = '';
    saveApiKey('');
    refresh();
  });
}

legend();
keyForm();
vehiclePanel();
loadZones();
setInterval(loadZones, ZONES_MS);
poll();

// Read-only handles for tests and the browser console: the Leaflet map and the track on show.
window.deepSeaGuardMap = Object.freeze({ map, track: () => track.current() });
