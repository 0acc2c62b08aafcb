// A vehicle's compliance report for today (GET /reports/compliance?auv_id&from&to), summed up.
import { el, facts, duration } from './dom.js';

/** An instant as the API writes times, to the second: 2026-11-27T08:00:00Z. */
export function isoSeconds(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Today so far in UTC: {from: today 00:00:00Z, to: now}. */
export function todayUtc(now = Date.now()) {
  return { from: `${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`, to: isoSeconds(now) };
}

const count = (n) => (typeof n === 'number' ? String(n) : '–');

/** The summary: fixes, distance, time in each zone (entries/exits), violations, gaps. */
export function reportSummary(r) {
  const zones = (r.zones || []).slice().sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0));
  const violations = r.violations || {};
  const gaps = r.gaps || {};
  return el('div', { class: 'report', 'data-auv-id': r.auv_id },
    el('h3', {}, `Report ${r.auv_id ?? ''}`),
    el('p', { class: 'muted' }, `${r.from ?? '…'} → ${r.to ?? '…'}`),
    facts([
      ['fixes', count(r.fixes)],
      ['distance', typeof r.distance_m === 'number' ? `${(r.distance_m / 1000).toFixed(2)} km` : '–'],
      ['violations', count(violations.total)],
      ['gaps', count(gaps.count)],
    ]),
    zones.length
      ? el('table', { class: 'report-zones' },
        el('thead', {}, el('tr', {}, el('th', {}, 'zone'), el('th', {}, 'time'), el('th', {}, 'entries / exits'))),
        el('tbody', {}, zones.map((z) => el('tr', {},
          el('td', { title: z.zone_type ?? '' }, z.zone_id ?? ''),
          el('td', {}, duration(z.seconds)),
          el('td', {}, `${count(z.entries)} / ${count(z.exits)}`)))))
      : el('p', { class: 'muted' }, 'in no zone'));
}
