// End-to-end tests of the static site in headless Chromium (run: node --test tests/web/).
// SITE: the built site folder (default build/web-release/site).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, decodePng, nonBackgroundShare, waitForState, clickWidget } from './helpers.mjs';


let env, page, origin, consoleErrors;
const foreignRequests = [], allRequests = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site, (u) => {
    allRequests.push(u);
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
  });
  ({ page, consoleErrors } = env);
  origin = env.server.url;
  await page.goto(origin, { waitUntil: 'load' });
  await waitForState(page, (s) => s.city === 'houston' && s.rows > 0, 'the Houston pack', 60000);
});

after(async () => { await env?.close(); });

test('the page loads the Houston demo pack with no console errors', async () => {
  const s = await page.evaluate(() => window.crimescopeState);
  assert.equal(s.rows, 75162);
  assert.equal(s.visible, 75162);
  assert.deepEqual(consoleErrors, []);
});

test('the map canvas is not blank (points and boundaries drawn)', async () => {
  await page.waitForTimeout(300);
  const img = decodePng(await page.screenshot());
  // The map area right of the side panel.
  const { share, colours } = nonBackgroundShare(img, 360, 40, 1260, 780);
  assert.ok(share > 0.02, `only ${(share * 100).toFixed(2)}% of map pixels differ from the background`);
  assert.ok(colours > 20, `only ${colours} colours on the map`);
  fs.mkdirSync(path.join(root, 'build', 'test-shots'), { recursive: true });
  fs.writeFileSync(path.join(root, 'build', 'test-shots', 'web_houston.png'), await page.screenshot());
});

test('unticking a crime type changes the displayed count', async () => {
  const before = await page.evaluate(() => window.crimescopeState);
  await clickWidget(page, 'cat:theft');
  const s = await waitForState(page, (x) => x.visible !== before.visible, 'the count to change');
  assert.equal(s.visible, 75162 - 40537);   // Houston has 40,537 thefts
  await clickWidget(page, 'cat:theft');
  await waitForState(page, (x) => x.visible === 75162, 'the count to come back');
});

test('the "Last 30 days" date filter changes the count', async () => {
  await clickWidget(page, 'last30');
  const s = await waitForState(page, (x) => x.visible < 75162, 'a smaller count');
  assert.equal(s.day_min, '2010-07-02');
  assert.equal(s.day_max, '2010-07-31');
  assert.ok(s.visible > 5000 && s.visible < 15000, `July count ${s.visible}`);
});

test('a CSV dropped on the page produces the ingest report', async () => {
  const text = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'bad', 'houston_bad_rows.csv'), 'utf8');
  const expected = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'bad', 'houston_bad_rows.expected.txt'), 'utf8').split('\n');
  await page.evaluate((csv) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], 'houston_bad_rows.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  const s = await waitForState(page, (x) => x.report && x.report.file === 'houston_bad_rows.csv', 'the ingest report');
  assert.equal(s.report.rows_read, 10);
  assert.equal(s.report.rows_kept, 2);
  assert.equal(s.report.rows_skipped, 8);
  assert.equal(s.report.summary, expected[0]);
  assert.deepEqual(s.report.first_issues, expected.slice(1).filter((l) => l));
  assert.equal(s.city, 'user');
  assert.equal(s.rows, 2);
});

test('the city picker switches packs', async () => {
  await clickWidget(page, 'city_picker');
  await page.waitForTimeout(200);
  await clickWidget(page, 'city:chicago');
  const s = await waitForState(page, (x) => x.city === 'chicago' && x.rows > 0, 'the Chicago pack');
  assert.equal(s.rows, 263393);   // every crime of the 12 months to 2018-08-31 (issue #15)
  assert.deepEqual(consoleErrors, []);
});

test('the page requests nothing from any other host', async () => {
  assert.deepEqual(foreignRequests, []);
  assert.ok(allRequests.some((u) => u.endsWith('crimescope.wasm')));
  assert.ok(allRequests.some((u) => u.endsWith('packs/houston.cspack')));
});
