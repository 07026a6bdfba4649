// End-to-end: the forecast view (CDMX sectors) and the CR-Ω+ pattern view (Houston), opened from the side
// panel in headless Chromium, compute in the page (WASM) what the CLI computes natively.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { root, site, openPage, waitForState, clickWidget } from './helpers.mjs';

let env, page, server, consoleErrors;

before(async () => {
  env = await openPage(site);
  ({ page, server, consoleErrors } = env);
});
after(async () => { await env?.close(); });

test('the forecast view on Mexico City covers the 72 police sectors and forecasts the next month', async () => {
  await page.goto(server.url + '?city=mexico_city');
  await waitForState(page, (x) => x.city === 'mexico_city' && x.rows > 0, 'the Mexico City pack', 60000);
  await clickWidget(page, 'forecast');
  const s = await waitForState(page, (x) => x.forecast && x.forecast.units, 'the forecast');
  assert.equal(s.forecast.unavailable, '');
  assert.equal(s.forecast.units, 72);
  assert.equal(s.forecast.month, '2015-12');   // the next, unobserved month
  // The default forecaster (issue #19): a blend chosen on validation months, as `forecast eval` prints it.
  assert.match(s.forecast.default, /^blend \d+% recent \(EWMA [\d.]+\) \+ \d+% mean of \d+ months(, seasonal)?(, \d+% neighbours)?, (median-calibrated|x [\d.]+)$/);
  assert.deepEqual(consoleErrors, []);
});

test('the pattern view on Houston classifies a (quadrant, month, beat) pattern and a click picks a zone', async () => {
  await page.goto(server.url + '?city=houston');
  await waitForState(page, (x) => x.city === 'houston' && x.rows > 0, 'the Houston pack', 60000);
  await clickWidget(page, 'patterns');
  const s = await waitForState(page, (x) => x.patterns && x.patterns.class, 'a classification', 60000);
  assert.equal(s.patterns.unavailable, '');
  assert.equal(s.patterns.scores.length, 3);   // homicide, robbery, injury
  const zone0 = s.patterns.zone;
  await page.mouse.click(960, 600);             // a zone centre on the map, far from the windows
  const s2 = await waitForState(page, (x) => x.patterns && x.patterns.zone !== zone0, 'the clicked zone');
  assert.ok(s2.patterns.zone.length > 0);
  assert.deepEqual(consoleErrors, []);
});
