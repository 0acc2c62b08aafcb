// The coastline without internet: Natural Earth's 1:50m land (vendor/world-atlas/land-50m.json,
// TopoJSON) read with topojson-client (the vendored global `topojson`) and drawn on a canvas in its
// own pane under the zones, three times (-360, 0, +360) so the land is there on either side of the
// antimeridian.

const LAND_URL = new URL('vendor/world-atlas/land-50m.json', document.baseURI);

/**
 * A layer group for the land, filled once the file is read; `ready` resolves to the number of land
 * polygons drawn per copy of the world (rejects when the file cannot be read).
 */
export function landLayer(L, map) {
  const pane = map.createPane('land');
  pane.style.zIndex = '250'; // above tiles (200), under the zones (overlay pane, 400)
  pane.style.pointerEvents = 'none';
  const renderer = L.canvas({ pane: 'land', padding: 0.5 });
  const group = L.layerGroup();
  const ready = fetch(LAND_URL).then((response) => {
    if (!response.ok) throw new Error(`land: HTTP ${response.status}`);
    return response.json();
  }).then((topology) => {
    const land = window.topojson.feature(topology, topology.objects.land);
    const features = (land.type === 'FeatureCollection' ? land.features : [land])
      .reduce((n, f) => n + (f.geometry?.type === 'MultiPolygon' ? f.geometry.coordinates.length : 1), 0);
    for (const shift of [-360, 0, 360]) {
      group.addLayer(L.geoJSON(land, {
        renderer, pane: 'land', interactive: false,
        style: { stroke: true, color: '#5b7386', weight: 0.8, fillColor: '#2b3a46', fillOpacity: 1 },
        coordsToLatLng: ([lon, lat]) => L.latLng(lat, lon + shift),
      }));
    }
    return features;
  });
  return { layer: group, ready };
}
