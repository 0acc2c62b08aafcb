// Drives the live map in Debian's Chromium (playwright-core, /usr/bin/chromium) against a running hub:
//   node map-track.mjs <baseUrl> <auvId> <scenario.json>
// scenario.json (written by LiveMapBrowserIT): {
//   "api_key": "..." (the key the page saves; absent = no key),
//   "track_window_seconds": N (deepseaguard.map.track-window of the hub),
//   "fixes": [{"timestamp","latitude","longitude","depth"}...] of <auvId>, oldest first, all in the window,
//   "zone_id": the zone those fixes are in,
//   "other": {"auv_id", "fixes": [...]} a second vehicle, whose track crosses the antimeridian,
//   "screenshots": a folder for screenshots (map-track.png, map-track-antimeridian.png, failed.png) }
// Clicks the vehicle, checks the drawn track (the Leaflet polyline on the map) against the posted
// fixes, the per-fix tooltip, today's report (summary and CSV download, both requested with the key),
// that a second vehicle's track replaces the first and is drawn continuous across the antimeridian,
// the clear action, and that a refused key is shown. Exit code 0 when every check passed; 1 with
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
const apiRequests = []; // {url, key}
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
      apiRequests.push({ url: new URL(request.url()), key: request.headers()['x-api-key'] });
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
  const marker = page.locator(`path.auv-marker[data-auv-id="${auvId}"]`);
  await marker.waitFor({ state: 'visible' });
  ok(`the map shows vehicle ${auvId}`);

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

  const trackRequest = apiRequests.find((r) => r.url.pathname.endsWith(`/api/v1/auvs/${auvId}/track`));
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
    const otherMarker = page.locator(`path.auv-marker[data-auv-id="${other.auv_id}"]`);
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
