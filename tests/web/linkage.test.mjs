// End-to-end: the linkage workspace (paper 003) in headless Chromium: the bundled crimelinkage set loads (fetched
// on first use), the network trains in the page, moving the threshold changes the number of suspicious pairs,
// a pair's reasons show, a decision is kept in IndexedDB across a reload, and a case entered in the form is
// ranked against the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, waitForState, clickWidget } from './helpers.mjs';

let env, page, server, consoleErrors;

before(async () => {
  env = await openPage(site);
  ({ page, server, consoleErrors } = env);
});
after(async () => { await env?.close(); });

async function clickAt(page, name, fx, fy = 0.5) {
  const s = await page.evaluate(() => window.crimescopeState);
  const r = s.widgets[name];
  if (!r) throw new Error(`widget ${name} not published`);
  const dpr = s.scale || 1;
  await page.mouse.click((r[0] + fx * r[2]) / dpr, (r[1] + fy * r[3]) / dpr);   // r = [x, y, w, h]
}

const trained = (x) => x.linkage && x.linkage.trained && x.linkage.shown > 0;

test('crimelinkage: threshold, pair reasons, a saved decision, and a new case ranked', async () => {
  await page.goto(server.url + '?view=linkage&linkset=crimelinkage');
  let s = await waitForState(page, trained, 'the trained linkage network', 120000);
  assert.equal(s.linkage.set, 'crimelinkage');
  assert.equal(s.linkage.cases, 360);
  assert.equal(s.linkage.error, '');
  // Default threshold: the top 4% of pairs.
  assert.equal(s.linkage.top_share, 0.04);
  assert.equal(s.linkage.shown, Math.ceil(0.04 * s.linkage.pairs));
  // Move the threshold slider to the right: more pairs are flagged.
  const before = s.linkage.shown;
  await clickAt(page, 'link_threshold', 0.85);
  s = await waitForState(page, (x) => x.linkage.shown !== before, 'a new pair count');
  assert.ok(s.linkage.top_share > 0.04 && s.linkage.shown > before, JSON.stringify(s.linkage));
  // Results out: the ranked pairs and the series as CSV downloads, as many rows as the view shows.
  for (const [widget, head] of [['link_export_pairs', 'rank,case_a,case_b,'], ['link_export_series', 'series,cases,case,date,x,y']]) {
    const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), clickWidget(page, widget)]);
    const lines = fs.readFileSync(await d.path(), 'utf8').trimEnd().split('\n');
    assert.ok(lines[0].startsWith(head), lines[0]);
    if (widget === 'link_export_pairs') assert.equal(lines.length - 1, s.linkage.shown);
    else {
      const ids = new Set(lines.slice(1).map((l) => l.split(',')[0]));
      assert.ok(ids.size <= s.linkage.series && (s.linkage.series === 0 || lines.length > 2), `${ids.size} series of ${s.linkage.series}`);
    }
  }
  // Open the best pair: per-feature reasons.
  await clickWidget(page, 'link_pair_0');
  s = await waitForState(page, (x) => x.linkage.selected, 'a selected pair');
  for (const f of ['distance', 'time gap', 'MO1']) assert.ok(f in s.linkage.selected.reasons, f);
  assert.ok(s.linkage.selected.score >= s.linkage.threshold);
  // Confirm it: saved in IndexedDB, still there after a reload.
  await clickWidget(page, 'link_confirm');
  await waitForState(page, (x) => x.linkage.decisions === 1 && /saved 1 decisions/.test(x.linkage.notice), 'the decision saved');
  await page.reload();
  s = await waitForState(page, (x) => trained(x) && x.linkage.decisions === 1, 'the decision after a reload', 120000);
  // Enter a case: pick its place on the canvas, add it; the most similar cases are listed.
  await clickWidget(page, 'link_new_case');
  await waitForState(page, (x) => x.widgets.link_form_pick, 'the form');
  await clickWidget(page, 'link_form_pick');
  await page.waitForTimeout(200);
  await clickAt(page, 'link_canvas', 0.5, 0.6);
  await waitForState(page, (x) => x.linkage.form_placed, 'the location picked');
  await clickWidget(page, 'link_form_add');
  s = await waitForState(page, (x) => x.linkage.entered === 1 && x.linkage.similar.length > 0, 'the new case ranked');
  assert.equal(s.linkage.form_error, '');
  assert.equal(s.linkage.cases, 361);
  for (let i = 1; i < s.linkage.similar.length; ++i) assert.ok(s.linkage.similar[i - 1].score >= s.linkage.similar[i].score);
  assert.deepEqual(consoleErrors, []);
});

test('your own cases: schema + CSV, a CSV alone (lat/lon, on the city map), JSON; kept in this browser, removed', async () => {
  await page.goto(server.url + '?view=linkage&linkset=crimelinkage');
  await waitForState(page, trained, 'the bundled set', 120000);
  const own = (key) => (x) => x.linkage && x.linkage.own && x.linkage.set === key && !x.linkage.loading && x.linkage.shown > 0;
  // 1. The robbery fixture with its schema (MO trees), chosen together: the rows the schema rejects are counted.
  await page.setInputFiles('#file-input', [path.join(root, 'assets/linkage/robbery/schema.json'),
                                           path.join(root, 'tests/fixtures/linkage/robbery/cases.csv')]);
  let s = await waitForState(page, own('own-cases'), 'the robbery cases opened');
  assert.equal(s.linkage.cases, 4);
  assert.equal(s.linkage.rows_skipped, 3);
  assert.equal(s.linkage.error, '');
  assert.match(s.linkage.name, /[Rr]obbery/);
  assert.deepEqual(s.linkage.schema_notes, []);   // its own schema: nothing guessed
  // 2. A CSV alone (real Chicago rows): the columns are read by name, the cases drawn on the city map.
  await page.setInputFiles('#file-input', path.join(root, 'tests/fixtures/incidents/chicago_portal_sample.csv'));
  s = await waitForState(page, own('own-chicago_portal_sample'), 'the Chicago CSV opened');
  assert.equal(s.linkage.coordinates, 'latlon');
  assert.ok(s.linkage.cases > 100 && s.linkage.rows_skipped >= 2, JSON.stringify(s.linkage));
  assert.ok(s.linkage.schema_notes.some((n) => /Latitude \/ Longitude/.test(n)), JSON.stringify(s.linkage.schema_notes));
  assert.ok(s.linkage.schema_notes.some((n) => /^left out: Case Number/.test(n)));
  assert.equal(s.linkage.ranked_by, 'expert weighting');   // no series column
  s = await waitForState(page, (x) => x.linkage.drawn_on_map === x.linkage.cases, 'every case on the map in view');
  await waitForState(page, (x) => ['own-cases', 'own-chicago_portal_sample'].every((k) => x.linkage.kept_sets.includes(k)), 'both kept');
  // 3. After a reload the URL names the set, which comes back from IndexedDB.
  await page.reload();
  s = await waitForState(page, own('own-chicago_portal_sample'), 'the kept set after a reload', 120000);
  assert.ok(new URL(page.url()).searchParams.get('linkset') === 'own-chicago_portal_sample');
  assert.ok(s.linkage.cases > 100);
  // 4. Removed (two clicks): the bundled set opens again and the list keeps the other one.
  await clickWidget(page, 'link_remove');
  await waitForState(page, (x) => x.widgets.link_remove_confirm, 'the confirmation');
  await clickWidget(page, 'link_remove_confirm');
  s = await waitForState(page, (x) => !x.linkage.own && x.linkage.set === 'crimelinkage' && !x.linkage.kept_sets.includes('own-chicago_portal_sample'),
                         'the set removed', 120000);
  assert.deepEqual(s.linkage.kept_sets, ['own-cases']);
  // 5. A JSON case file (an array of cases): read like a CSV, its bad record reported by line.
  await page.setInputFiles('#file-input', path.join(root, 'tests/fixtures/linkage/json/robbery_cases.json'));
  s = await waitForState(page, own('own-robbery_cases'), 'the JSON cases opened');
  assert.equal(s.linkage.cases, 3);
  assert.equal(s.linkage.rows_skipped, 1);
  assert.equal(s.linkage.error, '');
  assert.deepEqual(consoleErrors, []);
});
