// End-to-end: the crime score card in headless Chromium gives the same numbers as crimescope-cli for the
// same point, from a link (URL state) and from a click on the map; the model estimate (ONNX Runtime Web)
// matches the native ONNX Runtime within 1e-5.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, waitForState, clickWidget } from './helpers.mjs';

const cliPath = process.env.CLI || path.join(root, 'build', 'native-release', 'crimescope-cli');

let env, page, server, consoleErrors;

function cli(lat, lon, extra = []) {
  const out = execFileSync(cliPath, ['score', '--pack', 'houston', '--lat', String(lat), '--lon', String(lon), '--json', ...extra]);
  return JSON.parse(out.toString());
}

before(async () => {
  assert.ok(fs.existsSync(cliPath), `no CLI at ${cliPath}`);
  env = await openPage(site);
  ({ page, server, consoleErrors } = env);
});

after(async () => { await env?.close(); });

test('a link with a place opens its score card with the same numbers as the CLI', async () => {
  await page.goto(server.url + '?city=houston&lat=29.7604&lon=-95.3698&r=200&w=365&date=2010-07-31');
  const s = await waitForState(page, (x) => x.score && !x.score.model_pending, 'the score card', 60000);
  const want = cli(29.7604, -95.3698);
  assert.equal(s.score.count, want.count);
  assert.ok(Math.abs(s.score.S - want.score) < 1e-6, `S ${s.score.S} vs CLI ${want.score}`);
  assert.equal(s.score.percentile, want.percentile);
  if (want.model_score !== undefined) {
    assert.ok(s.score.model_S !== undefined, `no model estimate: ${s.score.model_error}`);
    assert.ok(Math.abs(s.score.model_S - want.model_score) < 1e-5, `model ${s.score.model_S} vs native ${want.model_score}`);
  }
  assert.deepEqual(consoleErrors, []);
});

test('clicking the map scores the clicked place and updates the URL', async () => {
  const before = await page.evaluate(() => window.crimescopeState.score);
  await page.mouse.click(700, 430);
  const s = await waitForState(page, (x) => x.score && (x.score.lat !== before.lat || x.score.lon !== before.lon) && !x.score.model_pending,
                               'a new score card');
  const want = cli(s.score.lat, s.score.lon);
  assert.equal(s.score.count, want.count);
  assert.ok(Math.abs(s.score.S - want.score) < 1e-6);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('city'), 'houston');
  assert.ok(Math.abs(Number(url.searchParams.get('lat')) - s.score.lat) < 1e-5);
  assert.equal(url.searchParams.get('r'), '200');
  assert.deepEqual(consoleErrors, []);
});

test('typing a misspelt address suggests it; picking it opens its card with the CLI numbers', async () => {
  await clickWidget(page, 'search');
  await page.keyboard.type('4750 telefone rd', { delay: 20 });
  const s1 = await waitForState(page, (x) => x.suggestions.length > 0 && x.search === '4750 telefone rd', 'suggestions');
  // A house number inside a recorded block finds the block (the suggestion names it, issue #13).
  assert.equal(s1.suggestions[0], '4700 block of Telephone Rd');
  await clickWidget(page, 'suggestion:0');
  const s = await waitForState(page, (x) => x.score && x.suggestions.length === 0 && !x.score.model_pending, 'the card of the chosen place');
  const want = cli(s.score.lat, s.score.lon);
  assert.equal(s.score.count, want.count);
  assert.ok(Math.abs(s.score.S - want.score) < 1e-6);
  // The place is where the CLI's geocoder puts it.
  const geo = execFileSync(cliPath, ['geocode', '--pack', 'houston', '4750 telefone rd', '-n', '1']).toString();
  const m = geo.match(/\(([-\d.]+), ([-\d.]+)\)/);
  assert.ok(Math.abs(Number(m[1]) - s.score.lat) < 1e-4 && Math.abs(Number(m[2]) - s.score.lon) < 1e-4, geo);
  assert.deepEqual(consoleErrors, []);
});
