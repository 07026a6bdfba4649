// End-to-end (issue #15): dense data drawn as density on the page, in headless Chromium. The bundled every-crime
// Chicago pack at city zoom is drawn as density, whose bins sum to the filtered count; the state carries `timings`
// {open_ms, recount_ms, heat_ms, frame_ms}; the sidebar's override forces points or density; zoomed in with the
// wheel, points come back; a filter changes the density's total with the visible count. Figures are checked
// for presence, never against a time. SITE: the built site folder (default build/web-release/site).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { site, openPage, waitForState, clickWidget } from './helpers.mjs';

let env, page;
const state = () => page.evaluate(() => window.crimescopeState);
const frames = (n = 10) => page.evaluate((k) => new Promise((res) => {
  const step = () => (k-- <= 0 ? res() : requestAnimationFrame(step)); step();
}), n);

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site);
  page = env.page;
  await page.goto(env.server.url + '?city=chicago&heat=1', { waitUntil: 'load' });
  await waitForState(page, (s) => s.city === 'chicago' && s.rows > 200000 && !s.loading && s.density && s.timings?.open_ms > 0,
                     'the Chicago pack drawn', 120000);
});

after(async () => { await env?.close(); });

test('Chicago at city zoom is drawn as density; its bins sum to the filtered count', async () => {
  const s = await waitForState(page, (x) => x.density.on === true, 'density on at city zoom', 30000);
  for (const k of ['on', 'bins', 'total']) assert.ok(k in s.density, `density.${k} missing: ${JSON.stringify(s.density)}`);
  assert.equal(s.density.total, s.visible);
  assert.equal(s.visible, s.rows);
  assert.ok(s.density.bins > 100, `only ${s.density.bins} bins`);
  assert.equal(s.density.mode, 'auto');
  assert.deepEqual(env.consoleErrors, []);
});

test('the state carries the timings (open, recount, heat grid, frame)', async () => {
  const s = await waitForState(page, (x) => x.timings.frame_ms > 0 && x.timings.heat_ms > 0, 'frame and heat timings', 60000);
  for (const k of ['open_ms', 'recount_ms', 'heat_ms', 'frame_ms']) assert.ok(typeof s.timings[k] === 'number' && s.timings[k] >= 0, `timings.${k}: ${s.timings[k]}`);
  assert.ok(s.timings.open_ms > 0);
  console.log(`chicago in the browser: ${JSON.stringify(s.timings)}, density ${JSON.stringify(s.density)}`);
});

test('the override forces points or density; zoomed in, points come back', async () => {
  await clickWidget(page, 'density:points');
  let s = await waitForState(page, (x) => x.density.mode === 'points' && x.density.on === false, 'forced points');
  assert.equal(s.density.total, s.visible);
  await clickWidget(page, 'density:density');
  await waitForState(page, (x) => x.density.mode === 'density' && x.density.on === true, 'forced density');
  await clickWidget(page, 'density:auto');
  await waitForState(page, (x) => x.density.mode === 'auto', 'auto again');
  // Zoom in with the wheel over the map (right of the side panel) to a few blocks.
  await page.mouse.move(820, 300);
  for (let i = 0; i < 20; i++) { await page.mouse.wheel(0, -120); await frames(2); }
  s = await waitForState(page, (x) => x.camera.m_per_css_px < 5 && x.density.on === false, 'points at street zoom', 30000);
  assert.ok(s.density.in_view < s.density.total, JSON.stringify(s.density));
});

test('a filter changes the density total with the visible count', async () => {
  await clickWidget(page, 'last30');
  const s = await waitForState(page, (x) => x.visible < x.rows && x.density.total === x.visible, 'the last 30 days counted in the bins', 30000);
  assert.ok(s.visible > 0);
  assert.ok(s.density.in_view <= s.visible);
});
