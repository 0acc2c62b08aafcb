// DeepSeaGuard live map: zones, vehicles (every 2 s), open violations and hub counts.
// Leaflet is the vendored global `L` (vendor/leaflet/leaflet.js). Text from the API is never parsed
// as HTML: popups, tooltips and lists are DOM nodes built with dom.js (text nodes only).
import { get, apiKey, saveApiKey, ApiError } from './api.js';
import { el, facts, when } from './dom.js';
import { graticule, joinAcrossAntimeridian, wrapNear } from './geo.js';

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
      el('li', {}, el('span', { class: `badge sev-${o.severity}` }, o.severity), ` ${o.rule_id} ${o.zone_id ?? ''}`)))) : null);
}

function placeVehicle(entry) {
  const p = entry.data.position;
  if (!p || p.latitude == null || p.longitude == null) return false;
  entry.marker.setLatLng([p.latitude, wrapNear(p.longitude, map.getCenter().lng)]);
  return true;
}

function drawVehicles(list) {
  const seen = new Set();
  for (const v of list) {
    seen.add(v.auv_id);
    let entry = vehicles.get(v.auv_id);
    if (!entry) {
      const marker = L.circleMarker([0, 0], { radius: 7, weight: 2, color: '#0b1e30', fillOpacity: 1 });
      marker.bindTooltip(el('span', {}, v.auv_id), { permanent: true, direction: 'right', offset: [8, 0], className: 'auv-label' });
      marker.bindPopup(el('div'), { maxWidth: 320 });
      entry = { marker, data: v };
      vehicles.set(v.auv_id, entry);
    }
    entry.data = v;
    entry.marker.setStyle({ fillColor: statusOf(v.status).colour });
    entry.marker.setPopupContent(vehiclePopup(v));
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
}

// keep every vehicle on the copy of the world being looked at (antimeridian)
map.on('moveend', () => vehicles.forEach(placeVehicle));

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
    ]))).openOn(map);
  map.once('popupclose', () => highlight.remove());
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
      el('small', {}, when(v.started_at)))));
  if (!items.length) items.push(el('li', { class: 'muted' }, 'none'));
  document.getElementById('violations').replaceChildren(...items);
}

// ---- header --------------------------------------------------------------------------------
function drawStatus(s) {
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
  if (violations.status === 'fulfilled') drawViolations(violations.value);
  if (auvs.status === 'fulfilled') drawVehicles(auvs.value);
  if (status.status === 'fulfilled') drawStatus(status.value);
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
loadZones();
setInterval(loadZones, ZONES_MS);
poll();
