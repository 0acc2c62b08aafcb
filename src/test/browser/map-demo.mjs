// The live map of a demo hub (the real ISA zones and the simulated fleet) in Debian's Chromium:
//   node map-demo.mjs <baseUrl> <screenshotFolder>
// Checks that the page draws every zone and every vehicle the hub answers (GET /api/v1/zones, /auvs),
// the land layer, that it follows the live feed (data-live="sse"), and that a violation of the
// simulated fleet arrives over the feed while it is open; saves map-demo.png. Exit code 0 when every
// check passed; 1 with "FAILED: <why>" when one did not; 2 when something to run it with is missing.
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const TOTAL_MS = 200000;
const [baseArg, shots] = process.argv.slice(2);
if (!baseArg || !shots) {
  console.error('usage: node map-demo.mjs <baseUrl> <screenshotFolder>');
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : `${baseArg}/`;
let playwright;
try {
  playwright = await import('playwright-core');
} catch (e) {
  console.error(`MISSING: playwright-core (run 'npm ci' in src/test/browser, or .ci/browser-setup.sh): ${e.message}`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`MISSING: ${CHROMIUM} (apt-get install chromium, or .ci/browser-setup.sh)`);
  process.exit(2);
}
const fail = (why) => { throw new Error(why); };
const watchdog = setTimeout(() => { console.error(`FAILED: took more than ${TOTAL_MS / 1000} s`); process.exit(1); }, TOTAL_MS);
const browser = await playwright.chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-gpu', '--disable-quic'],
});
let page;
try {
  const zones = (await (await fetch(new URL('api/v1/zones', base))).json()).features.length;
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(base);
  await page.waitForFunction(() => window.deepSeaGuardMap?.land().features > 0);
  console.log('ok: the land layer (Natural Earth) is drawn');
  await page.waitForFunction((n) => window.deepSeaGuardMap.zones() === n, zones);
  console.log(`ok: ${zones} zones drawn (every zone the hub holds: Source: International Seabed Authority)`);
  const auvs = (await (await fetch(new URL('api/v1/auvs', base))).json());
  const fleet = (Array.isArray(auvs) ? auvs : auvs.auvs ?? []).length;
  if (fleet < 12) fail(`the demo fleet has ${fleet} vehicles`);
  await page.waitForFunction((n) => document.querySelectorAll('.auv-marker').length >= n, fleet);
  console.log(`ok: ${fleet} vehicles shown`);
  await page.locator('body[data-live="sse"]').waitFor({ state: 'attached' });
  console.log('ok: the page follows the live feed (data-live="sse")');
  await page.waitForFunction(() => window.deepSeaGuardMap.live().log.some((e) => e.name === 'violation'), null, { timeout: 150000 });
  const log = await page.evaluate(() => window.deepSeaGuardMap.live());
  const violation = log.log.find((e) => e.name === 'violation');
  console.log(`ok: a violation of the simulated fleet arrived over the live feed (${violation.id}; ${log.events} events)`);
  await page.locator('#violations li').first().waitFor();
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  await page.screenshot({ path: `${shots}/map-demo.png` });
  console.log(`ok: screenshot ${shots}/map-demo.png`);
  console.log('PASSED');
} catch (e) {
  if (page) await page.screenshot({ path: `${shots}/map-demo-failed.png` }).catch(() => {});
  console.error(`FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser.close();
}
