// The mapping editor in the browser (issue #14): an export no profile knows (Atlanta COBRA-2019, a cut-down real
// file, tests/fixtures/PROVENANCE.md) is dropped, its crime type column is changed in "How the columns of your
// file were read", the types counted change at once; the reading is saved (IndexedDB) and, after a reload, the
// same file opens with the saved reading; Forget removes it. A UTC export is read as local time (zone files preloaded).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, site, openPage, waitForState, clickWidget } from './helpers.mjs';

const atlanta = path.join(root, 'tests/fixtures/incidents/atlanta_cobra_2019_dec_sample.csv');
let env;
after(async () => { await env?.close(); });

// Clicks a widget once its rectangle stopped moving (a window placed on its first frame moves on the next).
async function clickSettled(page, name) {
  let last = '';
  for (let k = 0; k < 50; ++k) {
    const s = await page.evaluate(() => window.crimescopeState);
    const r = JSON.stringify(s.widgets[name]);
    if (r && r === last) return clickWidget(page, name);
    last = r;
    await page.waitForTimeout(150);
  }
  throw new Error(`widget ${name} never settled`);
}

// Opens the combo `map_<key>` and clicks its option `column` (by its index in the file's header).
async function choose(page, key, column) {
  let s = await page.evaluate(() => window.crimescopeState);
  const i = s.reading.header.indexOf(column);
  assert.ok(i >= 0, `${column} not in ${s.reading.header}`);
  await clickSettled(page, `map_${key}`);
  s = await waitForState(page, (x) => x.widgets[`map_${key}_${i}`], `the ${key} options`);
  const r = s.widgets[`map_${key}_${i}`];
  assert.ok(r[1] >= 0 && r[1] + r[3] <= s.camera.css_h * (s.scale || 1), `option ${column} off screen: ${r}`);
  await clickSettled(page, `map_${key}_${i}`);
}

test('Atlanta: the type column changed in the editor, saved in this browser, used again after a reload', async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site);
  const { page } = env;
  await page.goto(env.server.url, { waitUntil: 'load' });
  await waitForState(page, (s) => s.rows > 0 && s.reading.saved_profiles_loaded, 'the default city and the saved readings', 60000);

  await page.setInputFiles('#file-input', atlanta);
  let s = await waitForState(page, (x) => x.city === 'user' && x.reading.file === 'atlanta_cobra_2019_dec_sample.csv', 'the Atlanta file', 60000);
  assert.equal(s.reading.inferred, true);
  assert.equal(s.reading.choices.type, 'UCR Literal');
  assert.equal(s.reading.choices.date, 'Occur Date');
  assert.equal(s.reading.choices.time, 'Occur Time');
  assert.equal(s.reading.choices.id, 'Report Number');
  assert.ok(s.widgets.reading_tree && s.widgets.map_type, 'the editor is open for an inferred reading');
  const rows = s.rows;
  const typesBefore = s.reading.types;

  await choose(page, 'type', 'Neighborhood');
  s = await waitForState(page, (x) => x.reading.choices.type === 'Neighborhood' && x.reading.edited, 'the file read again');
  assert.equal(s.rows, rows, 'the same rows');
  assert.notEqual(s.reading.types, typesBefore, 'the types counted changed');
  assert.ok(s.reading.notes.some((n) => /^crime type: Neighborhood .*chosen by you/.test(n)), JSON.stringify(s.reading.notes));
  const typesAfter = s.reading.types;

  // A choice the sample refuses is said, and the table stays.
  await choose(page, 'date', 'Location');
  s = await waitForState(page, (x) => x.reading.error.includes('Location'), 'the refusal');
  assert.equal(s.reading.choices.date, 'Occur Date');
  assert.equal(s.rows, rows);

  await clickSettled(page, 'reading_save');
  s = await waitForState(page, (x) => x.reading.saving === 0 && x.reading.saved_note.startsWith('Saved'), 'the reading saved');
  assert.equal(s.reading.saved_profiles, 1);

  await page.reload();
  await waitForState(page, (x) => x.rows > 0 && x.reading.saved_profiles_loaded && x.reading.saved_profiles === 1, 'the saved reading after a reload', 60000);
  await page.setInputFiles('#file-input', atlanta);
  s = await waitForState(page, (x) => x.city === 'user' && x.reading.file === 'atlanta_cobra_2019_dec_sample.csv', 'the Atlanta file again', 60000);
  assert.equal(s.reading.profile_id, 'saved:atlanta_cobra_2019_dec_sample');
  assert.equal(s.reading.inferred, false);
  assert.equal(s.reading.choices.type, 'Neighborhood');
  assert.equal(s.reading.types, typesAfter);
  assert.equal(s.rows, rows);

  // Forget it: the list is empty after a reload.
  await clickSettled(page, 'reading_tree');   // closed for a reading that was not inferred: open it
  await waitForState(page, (x) => x.widgets.reading_forget, 'the Forget button');
  await clickSettled(page, 'reading_forget');
  await waitForState(page, (x) => x.reading.saving === 0 && x.reading.saved_note.startsWith('Forgotten'), 'the reading forgotten');
  await page.reload();
  await waitForState(page, (x) => x.rows > 0 && x.reading.saved_profiles_loaded && x.reading.saved_profiles === 0, 'no saved reading', 60000);
  assert.deepEqual(env.consoleErrors, []);
});

test('a UTC export is read as local time in the zone of its points (the page carries the zone files)', async () => {
  const { page } = env;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-utc-'));
  const file = path.join(dir, 'utc_export.csv');
  fs.writeFileSync(file, 'Incident ID,Offense,Occurred,Latitude,Longitude\n' +
    '1,ROBBERY,2019-01-01T19:50:00Z,37.788721,-122.402066\n2,THEFT,2019-01-08T19:20:00Z,37.804896,-122.411766\n' +
    '3,ROBBERY,2019-01-12T16:10:00Z,37.771396,-122.509895\n4,THEFT,2019-01-13T03:00:00Z,37.78,-122.41\n');
  await page.setInputFiles('#file-input', file);
  const s = await waitForState(page, (x) => x.city === 'user' && x.reading.file === 'utc_export.csv', 'the UTC file', 60000);
  assert.equal(s.rows, 4, s.status);
  assert.equal(s.reading.choices.time_zone, 'America/Los_Angeles');
  assert.ok(s.reading.notes.some((n) => /^time zone: Occurred is UTC; read as local time in America\/Los_Angeles/.test(n)), JSON.stringify(s.reading.notes));
  assert.equal(s.day_max, '2019-01-12');   // 2019-01-13T03:00Z is 19:00 on the 12th in San Francisco: converted
  fs.rmSync(dir, { recursive: true });
});
