// Drives the live map in Debian's Chromium (playwright-core, /usr/bin/chromium) against a running hub:
//   node map-track.mjs <baseUrl> <auvId> <scenario.json>
// scenario.json (written by LiveMapBrowserIT): {
//   "api_key": "..." (the key the page saves; absent = no key),
//   "track_window_seconds": N (deepseaguard.map.track-window of the hub),
//   "fixes": [{"timestamp","latitude","longitude","depth"}...] of <auvId>, oldest first, all in the window,
//   "zone_id": the zone those fixes are in,
//   "other": {"auv_id", "fixes": [...]} a second vehicle, whose track crosses the antimeridian,
//   "live": {"auv_id", "admin_key", "fix": {latitude, longitude, depth}} a vehicle whose fix, posted by
//           this script while the page is open, opens a violation the page must get from the live feed,
//   "screenshots": a folder for screenshots (map-track.png, map-track-antimeridian.png, map-live.png, failed.png) }
// Clicks the vehicle, checks the drawn track (the Leaflet polyline on the map) against the posted
// fixes, the per-fix tooltip, today's report (summary and CSV download, both requested with the key),
// that a second vehicle's track replaces the first and is drawn continuous across the antimeridian,
// the clear action, the land layer (Natural Earth), the live feed (server-sent events read with the
// key: a position and a violation posted meanwhile arrive over it, not by polling), the vehicle's trail
// and heading, labels hidden where they would overlap, the violation panel (versions, position, times
// relative and in UTC), and that a refused key is shown. Exit code 0 when every check passed; 1 with
// "FAILED: <why>" when one did not; 2 when something to run it with is missing.
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const WAIT_MS = 20000;
const TOTAL_MS = 120000;

const [baseArg, auvId, scenarioFile] = process.argv.slice(2);
if (!baseArg || !auvId || !scenarioFile) {
  console.error('usage: node map-track.mjs <baseUrl> <auvId> <scenario.json>');
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : `${baseArg}/`;
const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8'));

let playwright;
try {
  playwright = await import('playwright-core');
} catch (e) {
  console.error(`MISSING: playwright-core is not installed next to map-track.mjs (run 'npm ci' in src/test/browser, or .ci/browser-setup.sh): ${e.message}`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`MISSING: ${CHROMIUM} (install Debian's package chromium: apt-get install chromium, or run .ci/browser-setup.sh)`);
  process.exit(2);
}

class CheckFailed extends Error {}
function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}
const ok = (message) => console.log(`ok: ${message}`);
const close = (a, b, epsilon = 1e-6) => Math.abs(a - b) <= epsilon;

const todayFrom = `${new Date().toISOString().slice(0, 10)}T00:00:00Z`;
const pageErrors = [];
const apiRequests = []; // {url, key, at (ms)}
const trackAnswers = new Map(); // auv_id -> the hub's track Feature
const shot = (name) => (scenario.screenshots ? page.screenshot({ path: `${scenario.screenshots}/${name}` }) : null);

const browser = await playwright.chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-gpu', '--disable-quic'],
});
const watchdog = setTimeout(() => {
  console.error(`FAILED: the browser check took more than ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

let page;
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  if (scenario.api_key) {
    await context.addInitScript((key) => {
      if (!sessionStorage.getItem('dsg-test-key-set')) {
        localStorage.setItem('deepseaguard.apiKey', key);
        sessionStorage.setItem('dsg-test-key-set', '1');
      }
    }, scenario.api_key);
  }
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('response', async (response) => {
    const match = new URL(response.url()).pathname.match(/\/api\/v1\/auvs\/([^/]+)\/track$/);
    if (match && response.ok()) trackAnswers.set(decodeURIComponent(match[1]), await response.json().catch(() => null));
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.includes('/api/v1/')) {
      apiRequests.push({ url: new URL(request.url()), key: request.headers()['x-api-key'], at: Date.now() });
    }
  });

  // Today's report and its CSV pass through unchanged; their answers are kept to check what the page shows and saves.
  const reportAnswers = [];
  await page.route('**/api/v1/reports/compliance**', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    reportAnswers.push({ url: new URL(route.request().url()), status: response.status(), body });
    await route.fulfill({ response, body });
  });

  await page.goto(base);
  const marker = page.locator(`.auv-marker[data-auv-id="${auvId}"]`);
  await marker.waitFor({ state: 'visible' });
  ok(`the map shows vehicle ${auvId}`);

  // ---- land, zones, the live feed ------------------------------------------------------------
  await page.waitForFunction(() => window.deepSeaGuardMap?.land().features > 0);
  const landState = await page.evaluate(() => ({
    ...window.deepSeaGuardMap.land(), canvases: document.querySelectorAll('.leaflet-land-pane canvas').length }));
  check(landState.onMap && landState.layers === 3 && landState.canvases === 1,
    `the land layer is not drawn: ${JSON.stringify(landState)}`);
  const landRequest = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name)
    .filter((n) => n.includes('land-50m.json') || n.includes('topojson-client')));
  check(landRequest.length === 2 && landRequest.every((n) => n.startsWith(base)), `land read from elsewhere than the hub: ${landRequest}`);
  ok(`the land layer is drawn (Natural Earth, ${landState.features} land polygons per copy of the world, from the hub: ${landRequest.length} files)`);
  const zonePaths = await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count();
  check(zonePaths >= 1, 'no zone is drawn');
  await page.locator('body[data-live="sse"]').waitFor({ state: 'attached' });
  const streamRequest = apiRequests.find((r) => r.url.pathname.endsWith('/api/v1/stream'));
  checkKey(streamRequest, 'live feed');
  ok(`the live feed is open (GET /api/v1/stream, data-live="sse", with the saved key); ${zonePaths} zone shape(s) drawn`);

  // ---- the trail and heading of the vehicle, seeded from its track ------------------------------
  await page.waitForFunction((id) => window.deepSeaGuardMap.trail(id).positions.length >= 3, auvId);
  const trailState = await page.evaluate((id) => window.deepSeaGuardMap.trail(id), auvId);
  const [a, b] = scenario.fixes.slice(-2);
  const expectedHeading = bearing(a.latitude, a.longitude, b.latitude, b.longitude);
  check(trailState.heading !== null && Math.abs(trailState.heading - expectedHeading) < 0.5,
    `the heading of ${auvId} is ${trailState.heading}, the last move goes ${expectedHeading}`);
  const last = trailState.positions[trailState.positions.length - 1];
  check(close(last[0], b.latitude) && close(last[1], b.longitude), `the trail of ${auvId} does not end at its last fix: ${JSON.stringify(trailState.positions)}`);
  const rotation = await page.locator(`.auv-marker[data-auv-id="${auvId}"] .auv-icon`).getAttribute('data-heading');
  check(rotation && Math.abs(Number(rotation) - expectedHeading) < 0.5, `the marker arrow of ${auvId} points ${rotation}, not ${expectedHeading}`);
  ok(`the trail of ${auvId} holds ${trailState.positions.length} positions; its arrow points ${Number(rotation).toFixed(1)}° (the last move)`);

  // ---- click the vehicle: its track is drawn ----------------------------------------------------
  const clickedAt = Date.now();
  await marker.click();
  await page.waitForFunction((id) => window.deepSeaGuardMap?.track()?.auvId === id, auvId);
  const drawn = await drawnTrack(page);
  check(drawn.onMap, 'the track polyline is not on the map');
  check(drawn.paths === 1, `expected one track line in the track pane, found ${drawn.paths}`);
  check(drawn.pathAuvId === auvId && drawn.d.length > 10, `the track line is not drawn as an SVG path for ${auvId} (d="${drawn.d}")`);
  assertSameLine(drawn.latlngs, scenario.fixes, auvId);
  ok(`the drawn track of ${auvId} has the ${scenario.fixes.length} posted fixes, in order: ${JSON.stringify(drawn.latlngs)}`);

  // the clicked vehicle's track (its trail was seeded from a shorter one when the page opened)
  const trackRequest = apiRequests.find((r) => r.url.pathname.endsWith(`/api/v1/auvs/${auvId}/track`) && r.at >= clickedAt);
  check(trackRequest, `no GET /api/v1/auvs/${auvId}/track was sent; API requests: ${apiRequests.map((r) => r.url.pathname).join(' ')}`);
  const from = Date.parse(trackRequest.url.searchParams.get('from'));
  const to = Date.parse(trackRequest.url.searchParams.get('to'));
  check(Number.isFinite(from) && Number.isFinite(to), `track request without from/to: ${trackRequest.url}`);
  check(Math.abs(to - clickedAt) < 5000, `track 'to' ${trackRequest.url.searchParams.get('to')} is not now`);
  check(Math.abs((to - from) / 1000 - scenario.track_window_seconds) <= 2,
    `track window ${(to - from) / 1000} s asked, configured ${scenario.track_window_seconds} s (${trackRequest.url.search})`);
  check(!trackRequest.url.searchParams.has('format') || trackRequest.url.searchParams.get('format') === 'geojson', 'track asked in another format than geojson');
  checkKey(trackRequest, 'track');
  ok(`the track was asked for the configured window (${trackRequest.url.search})`);
  const state = await page.locator('#track-state').textContent();
  check(state.includes(`${scenario.fixes.length} fixes`), `the panel does not tell the fix count: "${state}"`);
  await shot('map-track.png');

  // ---- hovering the line shows the nearest fix -------------------------------------------------
  const probe = scenario.fixes[1];
  const at = await page.evaluate(() => {
    const { map, track } = window.deepSeaGuardMap;
    const p = map.latLngToContainerPoint(track().line.getLatLngs()[1]);
    const box = map.getContainer().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.move(at.x - 6, at.y - 6);
  await page.mouse.move(at.x, at.y, { steps: 3 });
  const tip = page.locator('.track-tip');
  await tip.waitFor({ state: 'visible' });
  await page.waitForFunction((t) => document.querySelector('.track-tip')?.textContent.includes(t), probe.timestamp);
  const tipText = await tip.textContent();
  check(tipText.includes(`${Math.round(probe.depth)} m`), `the fix tooltip does not show the depth ${probe.depth}: "${tipText}"`);
  ok(`hovering fix 2 shows its time and depth: "${tipText}"`);
  await page.mouse.move(5, 5);

  // ---- today's report --------------------------------------------------------------------------
  await page.locator('#report-today').click();
  await page.locator(`#report .report[data-auv-id="${auvId}"], #report .error`).first().waitFor();
  const reportError = await page.locator('#report .error').count();
  check(!reportError, `the report shows an error: ${await page.locator('#report').textContent()}`);
  const reportCall = reportAnswers.find((a) => a.url.searchParams.get('format') !== 'csv');
  check(reportCall, 'no GET /api/v1/reports/compliance was sent');
  check(reportCall.status === 200, `the hub answered the report with ${reportCall.status}: ${reportCall.body}`);
  check(reportCall.url.searchParams.get('auv_id') === auvId, `report asked for auv_id=${reportCall.url.searchParams.get('auv_id')}`);
  check(reportCall.url.searchParams.get('from') === todayFrom, `report 'from' is ${reportCall.url.searchParams.get('from')}, not today ${todayFrom}`);
  check(Math.abs(Date.parse(reportCall.url.searchParams.get('to')) - Date.now()) < 60000, `report 'to' ${reportCall.url.searchParams.get('to')} is not now`);
  checkKey(apiRequests.find((r) => r.url.pathname.endsWith('/api/v1/reports/compliance')), 'report');
  const report = JSON.parse(reportCall.body);
  const summary = await page.locator('#report .report').innerText();
  const expected = [`fixes\n${report.fixes}`, `${(report.distance_m / 1000).toFixed(2)} km`,
    `violations\n${report.violations.total}`, `gaps\n${report.gaps.count}`, ...report.zones.map((z) => z.zone_id)];
  for (const text of expected) check(summary.includes(text), `the report summary lacks "${text}": ${JSON.stringify(summary)}`);
  const today = scenario.fixes.filter((f) => f.timestamp >= todayFrom).length;
  check(report.auv_id === auvId && report.fixes === today, `the hub's report counts ${report.fixes} fixes of ${report.auv_id}, ${today} were posted today`);
  check(report.zones.some((z) => z.zone_id === scenario.zone_id), `the hub's report does not name zone ${scenario.zone_id}`);
  ok(`report asked with auv_id=${auvId}&from=${todayFrom} and summed up: ${JSON.stringify(summary)}`);

  // ---- CSV of the same period, fetched with the key and saved from a Blob -------------------------
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-csv').click()]);
  const csvCall = reportAnswers.find((a) => a.url.searchParams.get('format') === 'csv');
  check(csvCall, 'no CSV request was sent');
  check(csvCall.status === 200, `the hub answered the CSV with ${csvCall.status}: ${csvCall.body}`);
  check(csvCall.url.searchParams.get('auv_id') === auvId && csvCall.url.searchParams.get('from') === todayFrom,
    `CSV asked for another vehicle or period: ${csvCall.url.search}`);
  checkKey(apiRequests.find((r) => r.url.searchParams.get('format') === 'csv'), 'CSV');
  check(download.suggestedFilename() === `compliance-${auvId}-${todayFrom.slice(0, 10)}.csv`, `CSV saved as ${download.suggestedFilename()}`);
  const saved = readFileSync(await download.path(), 'utf8');
  check(saved === csvCall.body && saved.length > 0, `the saved CSV is not the answer (${saved.length} chars saved, ${csvCall.body.length} answered)`);
  ok(`CSV saved as ${download.suggestedFilename()}, ${saved.split('\n').length} lines`);

  // ---- another vehicle: its track replaces the first, continuous across the antimeridian ---------
  if (scenario.other) {
    const other = scenario.other;
    const last = other.fixes[other.fixes.length - 1];
    await page.evaluate(([lat, lon]) => window.deepSeaGuardMap.map.setView([lat, lon], 7, { animate: false }), [last.latitude, last.longitude]);
    const otherMarker = page.locator(`.auv-marker[data-auv-id="${other.auv_id}"]`);
    await otherMarker.waitFor({ state: 'visible' });
    await otherMarker.click();
    await page.waitForFunction((id) => window.deepSeaGuardMap?.track()?.auvId === id, other.auv_id);
    const second = await drawnTrack(page);
    check(second.paths === 1 && second.pathAuvId === other.auv_id, `after clicking ${other.auv_id}: ${second.paths} track lines, of ${second.pathAuvId}`);
    assertSameLine(second.latlngs, other.fixes, other.auv_id);
    const jumps = second.latlngs.slice(1).map(([, lon], i) => Math.abs(lon - second.latlngs[i][1]));
    check(Math.max(...jumps) < 1, `the track of ${other.auv_id} jumps ${Math.max(...jumps)}° of longitude: ${JSON.stringify(second.latlngs)}`);
    check(!(await page.locator('#report .report').count()), 'the first vehicle\'s report is still shown for the second');
    const answer = trackAnswers.get(other.auv_id);
    check(answer?.geometry?.type === 'MultiLineString', `the hub answered the track of ${other.auv_id} with ${answer?.geometry?.type}, not a MultiLineString cut at the antimeridian`);
    await shot('map-track-antimeridian.png');
    ok(`clicking ${other.auv_id} replaced the track; the hub's MultiLineString (${answer.geometry.coordinates.length} pieces) drawn as one line: ${JSON.stringify(second.latlngs)}`);
  }

  // ---- acknowledge the open violation from its popup -------------------------------------------
  if (scenario.acknowledge) {
    const item = page.locator(`#violations button.violation:has-text("${auvId}")`).first();
    await item.waitFor();
    await item.click();
    const button = page.locator('.leaflet-popup button.ack');
    await button.waitFor();
    await page.locator('.leaflet-popup input.ack-note').fill(scenario.acknowledge.note);
    await button.click();
    const done = page.locator('.leaflet-popup .acknowledged');
    await done.waitFor();
    const text = await done.textContent();
    check(text.includes(`acknowledged by ${scenario.acknowledge.by}`) && text.includes(scenario.acknowledge.note),
      `the popup shows "${text}" after acknowledging`);
    const ackCall = apiRequests.find((r) => /\/api\/v1\/violations\/[^/]+\/ack$/.test(r.url.pathname));
    checkKey(ackCall, 'acknowledge');
    await page.locator(`#violations button.violation:has-text("${auvId}") .ack-mark`).waitFor();
    await shot('map-acknowledged.png');
    ok(`acknowledged from the popup: "${text.trim()}"`);
  }

  // ---- clear -----------------------------------------------------------------------------------
  await page.locator('#track-clear').click();
  await page.waitForFunction(() => window.deepSeaGuardMap.track() === null);
  check(!(await page.locator('.leaflet-track-pane path.track-line').count()), 'a track line is still drawn after "Clear track"');
  ok('"Clear track" removed the line');

  // ---- a violation over the live feed; labels that would overlap are hidden -------------------------
  if (scenario.live) {
    const liveId = scenario.live.auv_id;
    await page.evaluate(([lat, lon]) => window.deepSeaGuardMap.map.setView([lat, lon], 7, { animate: false }),
      [scenario.live.fix.latitude, scenario.live.fix.longitude]);
    const before = await page.evaluate(() => window.deepSeaGuardMap.live().events);
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const posted = await fetch(new URL('api/v1/telemetry', base), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': scenario.live.admin_key },
      body: JSON.stringify({ auv_id: liveId, timestamp, ...scenario.live.fix }),
    });
    check(posted.status === 202, `posting the live fix answered ${posted.status}: ${await posted.text()}`);
    const item = page.locator(`#violations li:has(button.violation:has-text("${liveId}"))`);
    await item.waitFor();
    const log = await page.evaluate(() => window.deepSeaGuardMap.live());
    check(log.mode === 'sse', `the page is not on the live feed: ${JSON.stringify(log)}`);
    const viaFeed = log.log.filter((e) => e.name === 'violation');
    check(log.events > before && viaFeed.length >= 1, `the violation did not come over the live feed: ${JSON.stringify(log)}`);
    check(log.log.some((e) => e.name === 'position' && e.id === liveId), `no position of ${liveId} came over the live feed: ${JSON.stringify(log.log)}`);
    await page.locator(`.auv-marker[data-auv-id="${liveId}"]`).waitFor({ state: 'visible' });
    const text = await item.innerText();
    check(/\(v1\)/.test(text) && text.includes(scenario.zone_id), `the panel does not show the zone and rule versions: ${JSON.stringify(text)}`);
    check(text.includes(`${scenario.live.fix.latitude.toFixed(4)}, ${scenario.live.fix.longitude.toFixed(4)}`), `the panel does not show the position: ${JSON.stringify(text)}`);
    check(/(just now|\d+ s ago) \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/.test(text), `the panel does not show the time relative and in UTC: ${JSON.stringify(text)}`);
    check(await item.locator('.violation-actions button').count() === 1, 'the panel offers no acknowledgement to an operator');
    ok(`a violation of ${liveId} arrived over the live feed (${viaFeed.length} violation event(s)) and is listed: ${JSON.stringify(text)}`);

    // the two vehicles are a few pixels apart here: one label shows, the other is hidden until hovered
    await page.waitForFunction(() => window.deepSeaGuardMap.labels().hidden >= 1);
    const labels = await page.evaluate(() => [...document.querySelectorAll('.leaflet-tooltip.auv-label')]
      .filter((n) => !n.classList.contains('label-hidden')).map((n) => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }));
    const overlapping = labels.some((p, i) => labels.some((q, j) => j > i && p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3]));
    check(!overlapping, `visible vehicle labels overlap: ${JSON.stringify(labels)}`);
    ok(`labels that would overlap are hidden (${await page.evaluate(() => window.deepSeaGuardMap.labels().hidden)} hidden, ${labels.length} shown, none overlapping)`);
    // the view of docs/live-map.png: the zone and both vehicles, and the coast of Mexico and Central America
    await page.evaluate(([lat, lon]) => { const { map } = window.deepSeaGuardMap; map.closePopup(); map.setView([lat, lon], 5, { animate: false }); },
      [scenario.live.fix.latitude + 2, scenario.live.fix.longitude + 5]);
    await page.locator('.leaflet-popup').waitFor({ state: 'detached' }); // faded out
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))); // redrawn
    await shot('map-live.png');
  }

  // ---- without the live feed the page falls back to polling ------------------------------------
  {
    const fallback = await context.newPage();
    fallback.setDefaultTimeout(WAIT_MS);
    fallback.on('pageerror', (error) => pageErrors.push(`fallback page: ${error}`));
    await fallback.route('**/api/v1/stream', (route) => route.abort());
    const polls = [];
    fallback.on('request', (request) => { if (new URL(request.url()).pathname.endsWith('/api/v1/auvs')) polls.push(Date.now()); });
    await fallback.goto(base);
    await fallback.locator('body[data-live="polling"]').waitFor({ state: 'attached' });
    await fallback.locator(`.auv-marker[data-auv-id="${auvId}"]`).waitFor({ state: 'visible' });
    await fallback.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/api/v1/auvs'));
    await fallback.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/api/v1/auvs'));
    check(polls.length >= 3, `the page without a live feed read GET /auvs ${polls.length} times`);
    const state = await fallback.locator('#hub-state').textContent();
    check(state.includes('polling'), `the header does not say the page polls: "${state}"`);
    ok(`without the live feed the page polls (data-live="polling", GET /auvs ${polls.length} times, "${state}")`);
    await fallback.close();
  }

  // ---- a refused key is shown, not swallowed -------------------------------------------------------
  if (scenario.api_key) {
    await page.evaluate(() => localStorage.setItem('deepseaguard.apiKey', 'not-a-key'));
    await page.locator('#report-today').click();
    const error = page.locator('#report .error');
    await error.waitFor();
    const text = await error.textContent();
    check(text.includes('401'), `a refused key shows "${text}", not 401`);
    ok(`a refused key is shown: "${text}"`);
  }

  check(!pageErrors.length, `errors in the page: ${pageErrors.join(' | ')}`);
  clearTimeout(watchdog);
  await browser.close();
  console.log('PASSED');
  process.exit(0);
} catch (e) {
  console.error(`FAILED: ${e instanceof CheckFailed ? e.message : e.stack || e}`);
  if (pageErrors.length) console.error(`errors in the page: ${pageErrors.join(' | ')}`);
  if (page && scenario.screenshots) {
    try {
      await shot('failed.png');
      console.error(`screenshot: ${scenario.screenshots}/failed.png`);
    } catch { /* the page is gone */ }
  }
  await browser.close().catch(() => {});
  process.exit(1);
}

/** Initial great-circle bearing in degrees [0, 360), as the page computes it (map/geo.js). */
function bearing(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dLon = (((lon2 - lon1 + 540) % 360) - 180) * rad;
  const y = Math.sin(dLon) * Math.cos(lat2 * rad);
  const x = Math.cos(lat1 * rad) * Math.sin(lat2 * rad) - Math.sin(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos(dLon);
  return ((Math.atan2(y, x) / rad) + 360) % 360;
}

/** The track on show: its latlngs as [lat, lon], whether it is on the map, the SVG path(s) drawn. */
async function drawnTrack(p) {
  return p.evaluate(() => {
    const { map, track } = window.deepSeaGuardMap;
    const t = track();
    const paths = document.querySelectorAll('.leaflet-track-pane path.track-line');
    return {
      onMap: !!t && map.hasLayer(t.line),
      latlngs: t ? t.line.getLatLngs().map((ll) => [ll.lat, ll.lng]) : [],
      paths: paths.length,
      pathAuvId: paths[0]?.getAttribute('data-auv-id') ?? null,
      d: paths[0]?.getAttribute('d') ?? '',
    };
  });
}

/** The drawn line has the fixes, in order: same latitudes, longitudes equal modulo 360. */
function assertSameLine(latlngs, fixes, id) {
  check(latlngs.length === fixes.length, `the track of ${id} has ${latlngs.length} points, ${fixes.length} fixes were posted: ${JSON.stringify(latlngs)}`);
  fixes.forEach((f, i) => {
    const [lat, lon] = latlngs[i];
    const turns = (lon - f.longitude) / 360;
    check(close(lat, f.latitude) && close(turns, Math.round(turns), 1e-8),
      `point ${i} of the track of ${id} is (${lat}, ${lon}), the fix was (${f.latitude}, ${f.longitude})`);
  });
}

function checkKey(request, what) {
  check(request, `no ${what} request seen`);
  if (scenario.api_key) check(request.key === scenario.api_key, `the ${what} request did not carry the saved X-API-Key`);
}
