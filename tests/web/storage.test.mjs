// The analyst's own data in the browser's IndexedDB, broken (issue #17): a half-written saved-readings document,
// a half-written user layer, and linkage decisions stored as a number instead of text. Each is reported, kept
// under "<key>.unreadable-<time>" (never lost to the next save) and skipped: the page starts, the city and the
// linkage workspace work, no page error is thrown, and a new reading saves into a fresh document.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, waitForState, clickWidget } from './helpers.mjs';

const atlanta = path.join(root, 'tests/fixtures/incidents/atlanta_cobra_2019_dec_sample.csv');
const halfProfiles = '{"format": "crimescope-profiles", "version": 1, "profiles": [{"format_version": 2, "id": "saved:atl", "display';
const halfLayer = '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-87.62,';
let env;
after(async () => { await env?.close(); });

// Every entry of the store, as {key: value}.
const readStore = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('crimescope', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result, out = {};
    const tx = db.transaction('user', 'readonly');
    const req = tx.objectStore('user').openCursor();
    req.onsuccess = () => { const c = req.result; if (c) { out[c.key] = c.value; c.continue(); } };
    tx.oncomplete = () => { db.close(); resolve(out); };
    tx.onerror = () => reject(tx.error);
  };
}));

const writeStore = (page, entries) => page.evaluate((entries) => new Promise((resolve, reject) => {
  const open = indexedDB.open('crimescope', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('user');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction('user', 'readwrite');
    for (const [k, v] of entries) tx.objectStore('user').put(v, k);
    tx.oncomplete = () => { db.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
}), entries);

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

test('broken IndexedDB entries are reported, kept aside and skipped; the page keeps working', async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site);
  const { page, consoleErrors } = env;
  await page.goto(env.server.url, { waitUntil: 'load' });
  await waitForState(page, (s) => s.rows > 0 && s.reading.saved_profiles_loaded, 'the first start', 60000);
  await writeStore(page, [
    ['profiles', halfProfiles],
    ['layers', 'bad.geojson'],
    ['layer:bad.geojson', halfLayer],
    ['linkage-crimelinkage', 42],
  ]);

  await page.reload();
  let s = await waitForState(page, (x) => x.rows > 0 && x.reading.saved_profiles_loaded && x.reading.saved_profiles_set_aside,
    'the start after the entries broke', 60000);
  assert.equal(s.reading.saved_profiles, 0);
  assert.match(s.reading.saved_profiles_error, /your saved column readings could not be read: .*saved profiles/);
  assert.match(s.reading.saved_profiles_error, /kept as profiles\.unreadable-\d{8}T\d{6}Z/);
  let store = {};
  for (let k = 0; k < 50; ++k) {   // the layer is set aside after its own read
    store = await readStore(page);
    if (Object.keys(store).some((key) => key.startsWith('layer:bad.geojson.unreadable-'))) break;
    await page.waitForTimeout(200);
  }
  const keys = Object.keys(store);
  const profilesAside = keys.filter((key) => key.startsWith('profiles.unreadable-'));
  assert.equal(profilesAside.length, 1, keys.join(', '));
  assert.equal(store[profilesAside[0]], halfProfiles, 'the half-written document kept byte for byte');
  const layerAside = keys.filter((key) => key.startsWith('layer:bad.geojson.unreadable-'));
  assert.equal(layerAside.length, 1, keys.join(', '));
  assert.equal(store[layerAside[0]], halfLayer);
  assert.equal(store.profiles, '', 'the broken document, once kept, is emptied: the next start does not keep it again');
  assert.equal(store.layers, '', 'the broken layer is out of the list, so the next start does not read it again');

  // Linkage: the decisions entry that is not text is moved aside by the page and the set opens without it.
  await page.goto(env.server.url + '?view=linkage&linkset=crimelinkage');
  s = await waitForState(page, (x) => x.linkage && x.linkage.trained && x.linkage.shown > 0, 'the linkage set', 120000);
  assert.equal(s.linkage.cases, 360);
  assert.equal(s.linkage.decisions, 0);
  assert.match(s.linkage.error, /saved decisions: set aside: the stored entry "linkage-crimelinkage" is a number, not text; kept as linkage-crimelinkage\.unreadable-\d{8}T\d{6}Z/);
  store = await readStore(page);
  assert.ok(!('linkage-crimelinkage' in store), 'the entry moved, not copied');
  const decAside = Object.keys(store).filter((key) => key.startsWith('linkage-crimelinkage.unreadable-'));
  assert.equal(decAside.length, 1);
  assert.equal(store[decAside[0]], 42);

  // The next start: nothing to say. A new reading is saved into a fresh document; the kept one stays.
  await page.goto(env.server.url, { waitUntil: 'load' });
  s = await waitForState(page, (x) => x.rows > 0 && x.reading.saved_profiles_loaded, 'the city again', 60000);
  assert.equal(s.reading.saved_profiles_error, '', 'said once: the kept document is not read again');
  await page.setInputFiles('#file-input', atlanta);
  await waitForState(page, (x) => x.city === 'user' && x.reading.file === 'atlanta_cobra_2019_dec_sample.csv' && x.widgets.reading_save, 'the Atlanta file', 60000);
  await clickSettled(page, 'reading_save');
  s = await waitForState(page, (x) => x.reading.saving === 0 && x.reading.saved_note.startsWith('Saved'), 'the reading saved');
  store = await readStore(page);
  const doc = JSON.parse(store.profiles);
  assert.equal(doc.profiles.length, 1);
  assert.equal(doc.profiles[0].id, 'saved:atlanta_cobra_2019_dec_sample');
  assert.equal(Object.keys(store).filter((key) => key.startsWith('profiles.unreadable-')).length, 1, 'the kept document is still there, kept once');
  assert.deepEqual(consoleErrors.filter((e) => e.startsWith('pageerror')), []);
});
