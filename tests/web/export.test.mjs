// Results out in the browser (issue #14): the app's Export buttons hand files to the user as downloads (no
// upload): the filtered incidents as CSV, the score card as JSON, the map as a PNG of the canvas's size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, decodePng, nonBackgroundShare, waitForState, clickWidget } from './helpers.mjs';

let env, page, origin;
const foreign = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site, (u) => { if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u); });
  ({ page } = env);
  origin = env.server.url;
  await page.goto(origin + '?city=houston&lat=29.7604&lon=-95.3698', { waitUntil: 'load' });
  await waitForState(page, (s) => s.city === 'houston' && s.rows > 0 && s.score && s.widgets['export:card.json'], 'Houston with a card', 60000);
});

after(async () => { await env?.close(); });

async function download(widget) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), clickWidget(page, widget)]);
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

test('the filtered incidents download as CSV with the map\'s count of rows', async () => {
  await clickWidget(page, 'cat:theft');   // a filter: the export is what the map shows
  const s = await waitForState(page, (x) => x.visible === 75162 - 40537, 'thefts hidden');
  const d = await download('export:incidents.csv');
  assert.equal(d.name, 'houston-incidents.csv');
  const lines = d.bytes.toString('utf8').trimEnd().split('\n');
  assert.ok(lines[0].startsWith('date,time,lat,lon'), lines[0]);
  assert.equal(lines.length - 1, s.visible);
  assert.ok(!lines.some((l) => l.includes(',theft,')), 'a hidden type was exported');
  await clickWidget(page, 'cat:theft');
  await waitForState(page, (x) => x.visible === 75162, 'thefts back');
});

test('the score card downloads as JSON with the card\'s numbers and words', async () => {
  const s = await page.evaluate(() => window.crimescopeState);
  const d = await download('export:card.json');
  assert.equal(d.name, 'houston-card.json');
  const card = JSON.parse(d.bytes.toString('utf8'));
  assert.equal(card.covered, true);
  assert.equal(card.count, s.score.count);
  assert.ok(card.words.headline.includes(String(s.score.count)), card.words.headline);
});

test('the map downloads as a PNG of the canvas, not blank', async () => {
  const d = await download('export:map.png');
  assert.equal(d.name, 'houston-map.png');
  const img = decodePng(d.bytes);
  const size = await page.evaluate(() => { const c = document.querySelector('canvas'); return [c.width, c.height]; });
  assert.deepEqual([img.width, img.height], size);
  const { share, colours } = nonBackgroundShare(img, 0, 0, img.width, img.height);
  assert.ok(share > 0.02 && colours > 20, `blank map PNG: ${(share * 100).toFixed(1)}%, ${colours} colours`);
  fs.mkdirSync(path.join(root, 'build', 'test-shots'), { recursive: true });
  fs.writeFileSync(path.join(root, 'build', 'test-shots', 'web_export_map.png'), d.bytes);
  const s = await page.evaluate(() => window.crimescopeState);
  assert.ok(s.exports.length >= 3 && s.exports.every((e) => !e.error), JSON.stringify(s.exports));
  assert.deepEqual(foreign, []);
});
