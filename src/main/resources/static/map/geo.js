// Longitudes across the antimeridian, and a graticule drawn without any base map.

/** The copy of longitude `lon` (lon + k*360) nearest to `center`: a vehicle at -179.9 seen from 179 is drawn at 180.1. */
export function wrapNear(lon, center) {
  return lon + 360 * Math.round((center - lon) / 360);
}

/**
 * Zones are stored split at the antimeridian (RFC 7946): a MultiPolygon with one piece ending at
 * +180 and one starting at -180. Drawn as stored, the two halves sit at opposite edges of the map;
 * this moves the western pieces of such a zone by +360 so the zone is drawn in one place.
 * Any other geometry is returned unchanged.
 */
export function joinAcrossAntimeridian(geometry) {
  if (!geometry || geometry.type !== 'MultiPolygon') return geometry;
  const extents = geometry.coordinates.map((polygon) => {
    const lons = polygon[0].map((p) => p[0]);
    return [Math.min(...lons), Math.max(...lons)];
  });
  const touchesEast = extents.some(([, max]) => max >= 180);
  const touchesWest = extents.some(([min]) => min <= -180);
  if (!touchesEast || !touchesWest) return geometry;
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((polygon, i) => (extents[i][0] + extents[i][1]) / 2 < 0
      ? polygon.map((ring) => ring.map(([lon, lat, ...rest]) => [lon + 360, lat, ...rest]))
      : polygon),
  };
}

const STEPS = [30, 20, 10, 5, 2, 1, 0.5, 0.25, 0.1, 0.05];

/** Degrees between graticule lines: about six to twelve lines across the view. */
function stepFor(spanDegrees) {
  return STEPS.find((s) => spanDegrees / s >= 5) ?? STEPS[STEPS.length - 1];
}

function label(value, positive, negative) {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '0°';
  return `${Math.abs(rounded)}°${rounded > 0 ? positive : negative}`;
}

/** Longitude label of any copy of the world (200 -> 160°W). */
export function lonLabel(lon) {
  const normal = ((((lon + 180) % 360) + 360) % 360) - 180;
  return Math.abs(lon) === 180 || Math.abs(normal) === 180 ? '180°' : label(normal, 'E', 'W');
}

export function latLabel(lat) {
  return label(lat, 'N', 'S');
}

/** A graticule layer with labels at the bottom and left edges, redrawn after each move. */
export function graticule(L, map) {
  const lines = L.layerGroup();
  const style = { color: '#9fc3dd', weight: 1, opacity: 0.45, interactive: false };
  const strong = { ...style, opacity: 0.8, weight: 1.5 };

  function marker(latlng, text, className) {
    const node = document.createElement('span');
    node.textContent = text;
    return L.marker(latlng, {
      interactive: false, keyboard: false,
      icon: L.divIcon({ className: `graticule-label ${className}`, html: node, iconSize: null }),
    });
  }

  function draw() {
    lines.clearLayers();
    const bounds = map.getBounds();
    const size = map.getSize();
    const west = bounds.getWest();
    const east = bounds.getEast();
    const south = Math.max(-85, bounds.getSouth());
    const north = Math.min(85, bounds.getNorth());
    const step = stepFor(Math.min(east - west, (north - south) * 2));
    const bottom = map.containerPointToLatLng([0, size.y - 14]).lat;
    const left = map.containerPointToLatLng([4, 0]).lng;
    for (let i = Math.ceil(west / step); i * step <= east; i++) {
      const lon = i * step;
      const special = Math.abs(lon % 180) < 1e-9;
      lines.addLayer(L.polyline([[south, lon], [north, lon]], special ? strong : style));
      lines.addLayer(marker([bottom, lon], lonLabel(lon), 'lon'));
    }
    for (let i = Math.ceil(south / step); i * step <= north; i++) {
      const lat = i * step;
      lines.addLayer(L.polyline([[lat, west], [lat, east]], Math.abs(lat) < 1e-9 ? strong : style));
      lines.addLayer(marker([lat, left], latLabel(lat), 'lat'));
    }
  }

  map.on('moveend zoomend resize', draw);
  map.whenReady(draw);
  return lines;
}

/**
 * The coordinates of a vehicle track (GeoJSON geometry of GET /auvs/{id}/track) as one continuous
 * line of [lon, lat], one entry per fix, oldest first:
 * - null (no fix) -> [], a Point (one fix) -> one coordinate, a LineString -> its coordinates;
 * - a MultiLineString is a track split at the antimeridian (RFC 7946): each cut adds an interpolated
 *   point at +-180 to the end of one piece and the start of the next. Those points are left out
 *   (`fixes` tells how many coordinates are real fixes), the pieces are joined, and
 * - every longitude is unwrapped next to the one before it (179.9, -179.9 -> 179.9, 180.1), so the
 *   line never jumps across the map.
 */
export function trackLine(geometry, fixes) {
  if (!geometry) return [];
  let coordinates;
  if (geometry.type === 'Point') coordinates = [geometry.coordinates];
  else if (geometry.type === 'LineString') coordinates = geometry.coordinates;
  else if (geometry.type === 'MultiLineString') coordinates = joinPieces(geometry.coordinates, fixes);
  else throw new Error(`a track is a Point, LineString or MultiLineString, not ${geometry.type}`);
  const line = [];
  for (const [lon, lat] of coordinates) {
    line.push([line.length ? wrapNear(lon, line[line.length - 1][0]) : lon, lat]);
  }
  return line;
}

function joinPieces(pieces, fixes) {
  const total = pieces.reduce((n, piece) => n + piece.length, 0);
  let extra = Number.isInteger(fixes) ? total - fixes : Infinity; // interpolated points still to drop
  const onCut = (point) => Math.abs(Math.abs(point[0]) - 180) < 1e-9;
  const joined = [];
  pieces.forEach((piece, i) => {
    let start = 0;
    let end = piece.length;
    if (i > 0 && extra > 0 && end > start && onCut(piece[start])) { start++; extra--; }
    if (i < pieces.length - 1 && extra > 0 && end > start && onCut(piece[end - 1])) { end--; extra--; }
    joined.push(...piece.slice(start, end));
  });
  return joined;
}

/** The multiple of 360° that puts longitude `lon` on the copy of the world nearest to `center`. */
export function shiftNear(lon, center) {
  return wrapNear(lon, center) - lon;
}

/**
 * Initial great-circle bearing from (lat1, lon1) to (lat2, lon2), degrees clockwise from north in
 * [0, 360); null when the two positions are the same. Across the antimeridian too (the short way).
 */
export function bearing(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dLon = (((lon2 - lon1 + 540) % 360) - 180) * rad;
  const y = Math.sin(dLon) * Math.cos(lat2 * rad);
  const x = Math.cos(lat1 * rad) * Math.sin(lat2 * rad) - Math.sin(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos(dLon);
  if (Math.abs(x) < 1e-12 && Math.abs(y) < 1e-12) return null;
  return ((Math.atan2(y, x) / rad) + 360) % 360;
}
