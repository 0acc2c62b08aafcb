// DeepSeaGuard live map: the land (Natural Earth, offline), zones, vehicles with their recent trails
// and headings, open violations and hub counts, kept current by the hub's live feed (server-sent
// events, live.js; polling every 2 s while the feed is down); a clicked vehicle's track and its
// compliance report for today.
// Leaflet is the vendored global `L` (vendor/leaflet/leaflet.js). Text from the API is never parsed
// as HTML: popups, tooltips and lists are DOM nodes built with dom.js (text nodes only).
import { get, getBlob, post, apiKey, saveApiKey, ApiError } from './api.js';
import { el, facts, when, duration, saveBlob } from './dom.js';
import { graticule, joinAcrossAntimeridian, wrapNear } from './geo.js';
import { trackView, trackFixes } from './track.js';
import { liveFeed } from './live.js';
import { landLayer } from './land.js';
import { trails } from './trails.js';
import { declutter } from './labels.js';
import { reportSummary, todayUtc, isoSeconds } from './report.js';

const L = window.L;
const POLL_MS = 2000; // polling while the live feed is down
const RESYNC_MS = 30000; // a full read now and then while it is up (counts, acknowledgements)
const ZONES_MS = 60000;
const LIVE_RETRY_MS = [2000, 5000, 10000, 30000, 60000]; // waits before opening the feed again
const TRAIL_WINDOW_MS = 10 * 60 * 1000; // a trail is seeded with the fixes of the last 10 min
const TRAIL_FIXES = 30; // and keeps this many
const ISA = 'Source: International Seabed Authority';
const NATURAL_EARTH = 'Land: <a href="https://www.naturalearthdata.com/">Natural Earth</a>';

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
map.attributionControl.addAttribution(NATURAL_EARTH);
const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
  maxZoom: 19,
  attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
});
// land (z 250), zones in the overlay pane (z 400), then the trails, the selected track, then the
// vehicles on top of all
const land = landLayer(L, map);
land.layer.addTo(map);
let landFeatures = 0;
land.ready.then((n) => { landFeatures = n; }).catch((e) => { console.warn(e); });
map.createPane('trails').style.zIndex = '440';
map.createPane('track').style.zIndex = '450';
map.createPane('vehicles').style.zIndex = '460';
const grid = graticule(L, map).addTo(map);
const zonesLayer = L.featureGroup().addTo(map);
const vehiclesLayer = L.featureGroup().addTo(map);
L.control.layers(null, {
  'OpenStreetMap base map (needs internet)': osm,
  'Land (Natural Earth, offline)': land.layer,
  Graticule: grid,
  Zones: zonesLayer,
  Vehicles: vehiclesLayer,
}, { collapsed: false }).addTo(map);
L.control.scale({ imperial: false }).addTo(map);

// ---- zones ---------------------------------------------------------------------------------
let zonesSignature = '';
let zonesFitted = false;
const zoneTypes = new Map(); // zone_id -> zone_type, for the zone events of the live feed

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
  zoneTypes.clear();
  for (const f of features) if (f.properties?.zone_id) zoneTypes.set(f.properties.zone_id, f.properties.zone_type);
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
const vehicles = new Map(); // auv_id -> { marker, data, node, arrow, seeded }
const trail = trails(L, map, 'trails', TRAIL_FIXES);
let openViolations = [];

function vehiclePopup(v) {
  const own = openViolations.filter((o) => o.auv_id === v.auv_id);
  const zones = (v.current_zones || []).map((z) =>
    el('li', {}, `${z.zone_id} (${z.zone_type})`, el('small', {}, ` since ${when(z.entry_time)}`)));
  const position = v.position || {};
  const heading = trail.heading(v.auv_id);
  return el('div', { class: 'popup' },
    el('h3', {}, v.auv_id, ' ', el('span', { class: `badge status-${VEHICLE_STATUS[v.status] ? v.status : 'unknown'}` }, v.status ?? 'unknown')),
    facts([
      ['last update', when(v.last_update)],
      ['position', position.latitude != null ? `${fixed(position.latitude, 4)}, ${fixed(position.longitude, 4)}` : ''],
      ['depth', position.depth != null ? `${fixed(position.depth, 0)} m` : ''],
      ['heading', heading != null ? `${fixed(heading, 0)}° (last move)` : ''],
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

/** The popup is built when it opens; an open one is rebuilt with the vehicle's news. */
function refreshPopup(marker) {
  if (marker.isPopupOpen()) withoutAutoPan(marker, () => marker.getPopup().update());
}

function placeVehicle(entry) {
  const p = entry.data.position;
  if (!p || p.latitude == null || p.longitude == null) return false;
  const at = L.latLng(p.latitude, wrapNear(p.longitude, map.getCenter().lng));
  if (!entry.marker.getLatLng().equals(at, 0)) withoutAutoPan(entry.marker, () => entry.marker.setLatLng(at));
  return true;
}

/** The marker: a dot in the status colour with an arrow along the last move (none before two positions). */
function vehicleIcon(auvId) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '-15 -15 30 30');
  svg.setAttribute('width', '30');
  svg.setAttribute('height', '30');
  const arrow = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  arrow.setAttribute('d', 'M0,-14.5 L5.5,-4 L-5.5,-4 Z');
  arrow.setAttribute('class', 'heading');
  const dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
  dot.setAttribute('r', '6.5');
  dot.setAttribute('class', 'dot');
  svg.append(arrow, dot);
  const node = el('div', { class: 'auv-icon', 'data-auv-id': auvId });
  node.append(svg);
  return { node, arrow };
}

function styleVehicle(entry) {
  const v = entry.data;
  const colour = statusOf(v.status).colour;
  entry.node.style.setProperty('--c', colour);
  entry.node.dataset.status = VEHICLE_STATUS[v.status] ? v.status : 'unknown';
  const heading = trail.heading(v.auv_id);
  entry.arrow.style.display = heading == null ? 'none' : '';
  if (heading != null) entry.arrow.setAttribute('transform', `rotate(${heading.toFixed(1)})`);
  entry.node.dataset.heading = heading == null ? '' : heading.toFixed(1);
  entry.marker.setZIndexOffset(v.status === 'violation' ? 1000 : 0);
  trail.style(v.auv_id, colour);
}

/** Adds or updates one vehicle ({auv_id, status, position, last_update, ...} as GET /auvs tells it). */
function upsertVehicle(v) {
  let entry = vehicles.get(v.auv_id);
  if (!entry) {
    const auvId = v.auv_id;
    const icon = vehicleIcon(auvId);
    const marker = L.marker([0, 0], {
      pane: 'vehicles', keyboard: true, title: '', riseOnHover: true,
      icon: L.divIcon({ className: 'auv-marker', html: icon.node, iconSize: [30, 30], iconAnchor: [15, 15] }),
    });
    marker.bindTooltip(el('span', {}, auvId), { permanent: true, direction: 'right', offset: [12, 0], className: 'auv-label' });
    marker.bindPopup(() => vehiclePopup(vehicles.get(auvId).data), { maxWidth: 320 });
    marker.on('click', () => selectVehicle(auvId));
    marker.on('add', () => marker.getElement()?.setAttribute('data-auv-id', auvId));
    // a label hidden to keep the others readable shows while its vehicle is hovered
    marker.on('mouseover', () => marker.getTooltip()?.getElement()?.classList.remove('label-hidden'));
    marker.on('mouseout', scheduleDeclutter);
    entry = { marker, data: v, node: icon.node, arrow: icon.arrow, seeded: false };
    vehicles.set(v.auv_id, entry);
  }
  entry.data = v;
  const p = v.position;
  if (p && p.latitude != null && v.last_update) trail.add(v.auv_id, { lat: p.latitude, lon: p.longitude, time: v.last_update });
  styleVehicle(entry);
  refreshPopup(entry.marker);
  if (placeVehicle(entry)) {
    if (!vehiclesLayer.hasLayer(entry.marker)) vehiclesLayer.addLayer(entry.marker);
    if (!entry.seeded) seedTrail(entry);
  } else {
    vehiclesLayer.removeLayer(entry.marker); // no fix yet: nothing to draw
  }
  scheduleDeclutter();
  return entry;
}

/** The trail starts with the vehicle's fixes of the last TRAIL_WINDOW_MS (GET /auvs/{id}/track). */
async function seedTrail(entry) {
  entry.seeded = true;
  const auvId = entry.data.auv_id;
  const now = Date.now();
  try {
    const feature = await get(`auvs/${encodeURIComponent(auvId)}/track`, {
      from: isoSeconds(now - TRAIL_WINDOW_MS), to: isoSeconds(now + 1000) });
    trail.seed(auvId, trackFixes(feature).slice(-TRAIL_FIXES).map((f) => ({ lat: f.lat, lon: f.lon, time: f.time })));
    if (vehicles.has(auvId)) styleVehicle(vehicles.get(auvId));
  } catch {
    entry.seeded = false; // tried again with the next update
  }
}

function drawVehicles(list) {
  const seen = new Set();
  for (const v of list) {
    seen.add(v.auv_id);
    upsertVehicle(v);
  }
  for (const [id, entry] of vehicles) {
    if (!seen.has(id)) { vehiclesLayer.removeLayer(entry.marker); vehicles.delete(id); trail.remove(id); }
  }
  refreshTrack();
}

/** A `position` of the live feed: the vehicle moves, its trail grows, its arrow turns. */
function livePosition(p) {
  const known = vehicles.get(p.auv_id)?.data;
  upsertVehicle({
    ...(known || { auv_id: p.auv_id, current_zones: [], open_violations: 0 }),
    status: p.status ?? known?.status,
    last_update: p.timestamp,
    position: { latitude: p.latitude, longitude: p.longitude, depth: p.depth },
  });
  if (!known) scheduleResync(); // a vehicle never seen: its zones and counts from GET /auvs
  if (p.auv_id === selected) refreshTrack();
}

/** An `event` (zone_entry / zone_exit) of the live feed: the vehicle's current zones. */
function liveZoneEvent(e) {
  const entry = vehicles.get(e.auv_id);
  if (!entry) return;
  const zones = (entry.data.current_zones || []).filter((z) => z.zone_id !== e.zone_id);
  if (e.type === 'zone_entry') zones.push({ zone_id: e.zone_id, zone_type: zoneTypes.get(e.zone_id) ?? '', entry_time: e.timestamp });
  entry.data = { ...entry.data, current_zones: zones.sort((a, b) => a.zone_id.localeCompare(b.zone_id)) };
  refreshPopup(entry.marker);
}

// keep every vehicle on the copy of the world being looked at (antimeridian)
map.on('moveend', () => vehicles.forEach(placeVehicle));

// ---- labels: hidden where they would overlap, at every zoom --------------------------------------
let declutterFrame = 0;
let hiddenLabels = 0;
function scheduleDeclutter() {
  if (declutterFrame) return;
  declutterFrame = requestAnimationFrame(() => {
    declutterFrame = 0;
    hiddenLabels = declutter([...vehicles.values()].filter((e) => vehiclesLayer.hasLayer(e.marker)).map((e) => ({
      id: e.data.auv_id, tooltip: e.marker.getTooltip(), rank: e.data.status === 'violation' ? 0 : e.data.status === 'dark' ? 1 : 2 })));
  });
}
map.on('zoomend moveend', scheduleDeclutter);

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

const position = (v) => (v.latitude != null && v.longitude != null
  ? `${fixed(v.latitude, 4)}, ${fixed(v.longitude, 4)}${v.depth != null ? ` · ${fixed(v.depth, 0)} m` : ''}` : '');
const versioned = (id, version) => (id ? `${id}${version ? ` (v${version})` : ''}` : '');

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
      ['zone', versioned(v.zone_id, v.zone_version)],
      ['rule', `${versioned(v.rule_id, v.rule_version)}${v.rule_type ? ` · ${v.rule_type}` : ''}`],
      ['started', when(v.started_at)],
      ['last seen', when(v.last_seen_at)],
      ['position', position(v)],
      ['flags', [v.late && 'late fix', v.inferred && 'inferred crossing'].filter(Boolean).join(', ')],
    ]),
    acknowledgement(v))).openOn(map);
  map.once('popupclose', () => highlight.remove());
}

// who acknowledged the violation, or the button when the key may acknowledge (GET /status `caller`)
let mayAcknowledge = false;

/** POST /violations/{id}/ack; the acknowledgement the hub recorded. */
async function acknowledge(v, note) {
  const done = await post(`violations/${encodeURIComponent(v.violation_id)}/ack`, note ? { note } : {});
  v.acknowledgement = done.acknowledgement;
  const listed = openViolations.find((o) => o.violation_id === v.violation_id);
  if (listed) listed.acknowledgement = done.acknowledgement;
  return done.acknowledgement;
}

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
      await acknowledge(v, note.value.trim());
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

let violationTotal = 0;

/** The open violations of GET /violations?status=open (or those the live feed changed), drawn in the panel. */
function setViolations(list, total) {
  openViolations = list.slice().sort((a, b) =>
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9)
      || String(b.started_at).localeCompare(String(a.started_at)));
  violationTotal = total ?? openViolations.length;
  drawViolationList();
}

function drawViolations(page) {
  setViolations(page.violations || [], page.total);
}

function violationItem(v) {
  const ack = v.acknowledgement;
  let action = null;
  if (!ack && mayAcknowledge) {
    const button = el('button', { type: 'button', class: 'ack-quick', title: 'acknowledge (no note; add one from the map popup)', onclick: async () => {
      button.disabled = true;
      try {
        await acknowledge(v, '');
        drawViolationList();
      } catch (e) {
        button.disabled = false;
        button.title = `acknowledge: ${explain(e)}`;
        button.textContent = 'Acknowledge (failed, again?)';
      }
    } }, 'Acknowledge');
    action = button;
  }
  return el('li', { 'data-violation-id': v.violation_id },
    el('button', { type: 'button', class: `violation sev-${v.severity}`, onclick: () => focusViolation(v), title: v.message ?? '' },
      el('span', { class: `badge sev-${v.severity}` }, v.severity),
      el('span', { class: 'what' }, el('strong', {}, v.auv_id), ' ',
        `${versioned(v.rule_id, v.rule_version)}${v.zone_id ? ` · ${versioned(v.zone_id, v.zone_version)}` : ''}`),
      el('small', { class: 'where' }, position(v)),
      el('small', { class: 'since', title: v.started_at ?? '' }, `since ${when(v.started_at)}`),
      ack ? el('small', { class: 'ack-mark', title: `acknowledged by ${ack.acknowledged_by} ${when(ack.acknowledged_at)}` }, ' ✓ ack') : null),
    action ? el('div', { class: 'violation-actions' }, action) : null);
}

function drawViolationList() {
  document.getElementById('violation-total').textContent = `(${violationTotal})`;
  const items = openViolations.map(violationItem);
  if (!items.length) items.push(el('li', { class: 'muted' }, 'none'));
  document.getElementById('violations').replaceChildren(...items);
}

/** A `violation` of the live feed: an episode opened (listed) or closed (taken off the list). */
function liveViolation({ change, violation: v }) {
  if (!v?.violation_id) return;
  const listed = openViolations.some((o) => o.violation_id === v.violation_id);
  const rest = openViolations.filter((o) => o.violation_id !== v.violation_id);
  if (change === 'opened' && v.status === 'open') {
    setViolations([...rest, v], violationTotal + (listed ? 0 : 1));
  } else if (change === 'closed' && listed) {
    setViolations(rest, Math.max(0, violationTotal - 1));
  }
  const entry = vehicles.get(v.auv_id);
  if (entry) {
    const own = openViolations.filter((o) => o.auv_id === v.auv_id);
    let status = entry.data.status;
    // the watchdog's telemetry gaps come without a fix (no position event): the status follows the episodes
    if (own.some((o) => o.rule_type === 'telemetry_gap')) status = 'dark';
    else if (own.length) status = 'violation';
    else if (status === 'violation' || status === 'dark') status = 'compliant';
    entry.data = { ...entry.data, open_violations: own.length, status };
    styleVehicle(entry);
    refreshPopup(entry.marker);
    scheduleDeclutter();
  }
}

// ---- header --------------------------------------------------------------------------------
function drawStatus(s) {
  if (Number.isFinite(s.map?.track_window_seconds) && s.map.track_window_seconds > 0) trackWindowSeconds = s.map.track_window_seconds;
  const may = s.caller?.may_acknowledge === true;
  if (may !== mayAcknowledge) { mayAcknowledge = may; drawViolationList(); }
  const v = s.vehicles || {};
  const row = (label, value, cls) => [el('dt', {}, label), el('dd', { class: cls }, String(value ?? 0))];
  document.getElementById('counts').replaceChildren(
    ...row('zones', s.zones), ...row('rules', s.rules), ...row('AUVs', s.auvs),
    ...Object.keys(VEHICLE_STATUS).flatMap((k) => row(k, v[k], `status-${k}`)),
    ...row('fixes', s.fixes?.applied));
}

let lastError = null;

function showState(error) {
  lastError = error;
  const node = document.getElementById('hub-state');
  node.className = `hub-state${error ? ' error' : ''}`;
  const mode = live.mode === 'sse' ? 'live feed' : 'polling every 2 s';
  node.title = live.mode === 'sse' ? 'server-sent events from GET /api/v1/stream' : `live feed down${live.error ? `: ${explain(live.error)}` : ''}; reading the API every 2 s`;
  if (!error) node.textContent = `${mode} · ${new Date().toLocaleTimeString()}`;
  else if (error instanceof ApiError && error.status === 0) node.textContent = 'hub unreachable';
  else if (error instanceof ApiError && error.status === 401) node.textContent = apiKey() ? 'API key refused (401)' : 'this hub needs an API key';
  else if (error instanceof ApiError && error.status === 403) node.textContent = 'API key may not read (403)';
  else if (error instanceof ApiError) node.textContent = `hub error ${error.status}: ${error.message}`;
  else node.textContent = 'hub unreachable';
}

function legend() {
  const swatch = (colour, cls) => el('span', { class: `swatch ${cls}`, style: `--c:${colour}` });
  document.getElementById('legend').replaceChildren(
    el('li', {}, swatch('#2b3a46', 'zone land'), 'land (Natural Earth)'),
    ...Object.values(ZONE_TYPES).map((t) => el('li', {}, swatch(t.colour, 'zone'), t.label)),
    ...Object.values(VEHICLE_STATUS).map((s) => el('li', {}, swatch(s.colour, 'vehicle'), `vehicle: ${s.label}`)),
    el('li', {}, el('span', { class: 'swatch trail' }), 'trail: last positions; arrow: heading of the last move'));
}

// ---- reading the hub: the live feed, and polling while it is down ---------------------------------
async function refresh() {
  const [auvs, violations, status] = await Promise.allSettled([
    get('auvs'), get('violations', { status: 'open', limit: 200 }), get('status')]);
  if (status.status === 'fulfilled') drawStatus(status.value); // first: the popups name its track window
  if (violations.status === 'fulfilled') drawViolations(violations.value);
  if (auvs.status === 'fulfilled') drawVehicles(auvs.value);
  const failed = [auvs, violations, status].find((r) => r.status === 'rejected');
  showState(failed ? failed.reason : null);
}

let pollTimer = 0;
function schedulePoll(ms) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, ms);
}

async function poll() {
  try { await refresh(); } finally { schedulePoll(live.mode === 'sse' ? RESYNC_MS : POLL_MS); }
}

let resyncTimer = 0;
/** A full read soon (a vehicle the map did not know, events dropped for this page). */
function scheduleResync() {
  if (!resyncTimer) resyncTimer = setTimeout(() => { resyncTimer = 0; refresh(); }, 500);
}

// live.mode: 'connecting' (first try), 'sse' (the feed is open), 'polling' (it is down; tried again later)
const live = { mode: 'connecting', error: null, retries: 0, retryTimer: 0, events: 0, log: [] };

function setLiveMode(mode, error = null) {
  live.mode = mode;
  live.error = error;
  document.body.dataset.live = mode;
  showState(lastError);
}

const feed = liveFeed({
  onOpen() {
    live.retries = 0;
    setLiveMode('sse');
    refresh(); // what happened before the stream opened
    schedulePoll(RESYNC_MS);
  },
  onEvent(name, data) {
    live.events++;
    live.log.push({ name, id: data?.violation?.violation_id ?? data?.auv_id ?? null, at: Date.now() });
    if (live.log.length > 200) live.log.shift();
    if (name === 'position') livePosition(data);
    else if (name === 'violation') liveViolation(data);
    else if (name === 'event') liveZoneEvent(data);
    else if (name === 'dropped') scheduleResync();
  },
  onClose(error) {
    setLiveMode('polling', error);
    schedulePoll(0);
    const wait = LIVE_RETRY_MS[Math.min(live.retries++, LIVE_RETRY_MS.length - 1)];
    clearTimeout(live.retryTimer);
    live.retryTimer = setTimeout(() => feed.start(), wait);
  },
});

function restartLive() {
  clearTimeout(live.retryTimer);
  live.retries = 0;
  setLiveMode('connecting');
  feed.start();
}

function keyForm() {
  const input = document.getElementById('key-input');
  input.value = apiKey();
  document.getElementById('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveApiKey(input.value.trim());
    loadZones();
    refresh();
    restartLive();
  });
  document.getElementById('key-clear').addEventListener('click', () => {
    input.value = '';
    saveApiKey('');
    refresh();
    restartLive();
  });
}

legend();
keyForm();
vehiclePanel();
loadZones();
setInterval(loadZones, ZONES_MS);
document.body.dataset.live = live.mode;
poll();
feed.start();

// Read-only handles for tests and the browser console: the Leaflet map, the track on show, the land
// drawn (polygons per copy of the world), the live feed's state and its last events.
window.deepSeaGuardMap = Object.freeze({
  map,
  track: () => track.current(),
  land: () => ({ features: landFeatures, onMap: map.hasLayer(land.layer), layers: land.layer.getLayers().length }),
  zones: () => zonesLayer.getLayers().length,
  live: () => ({ mode: live.mode, events: live.events, log: live.log.slice(), error: live.error?.message ?? null }),
  trail: (auvId) => ({ positions: trail.positions(auvId), heading: trail.heading(auvId) }),
  labels: () => ({ hidden: hiddenLabels }),
});
