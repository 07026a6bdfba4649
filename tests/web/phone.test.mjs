// End-to-end: the citizen's page on a phone (issue #13) in headless Chromium, 390x844 CSS px, device pixel
// ratio 3, touch. Every bundled city opens in the phone layout with the map mostly uncovered, big text and
// tap targets; a tap scores the place under the finger with the CLI's numbers; a place far outside the data
// is "not covered"; pinch and double tap zoom; turning the phone keeps every window inside; Spanish; the
// aria-live region; nothing is requested from another host. Screenshots go to SHOTS (default
// <site>/../test-shots/phone-<city>.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, serve, launch, waitForState } from './helpers.mjs';

const cliPath = process.env.CLI || path.join(root, 'build', 'native-release', 'crimescope-cli');
const shots = process.env.SHOTS || path.join(site, '..', 'test-shots');
const cities = JSON.parse(fs.readFileSync(path.join(site, 'packs', 'packs.json'), 'utf8')).packs.map((p) => p.id);
const W = 390, H = 844;

let server, browser;
const foreign = [];   // requests to any other host

before(async () => {
  assert.ok(fs.existsSync(cliPath), `no CLI at ${cliPath} (set CLI)`);
  fs.mkdirSync(shots, { recursive: true });
  server = await serve(site);
  browser = await launch();
});

after(async () => { await browser?.close(); server?.stop(); });

async function phonePage(viewport = { width: W, height: H }, locale = 'en-US') {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });
  return { context, page, errors };
}

const loaded = (city) => (s) => s.city === city && s.rows > 0 && !s.loading && s.layout === 'phone' && s.windows;
const frames = (page, n = 10) => page.evaluate((k) => new Promise((res) => {
  const step = () => (k-- <= 0 ? res() : requestAnimationFrame(step)); step();
}), n);
const state = (page) => page.evaluate(() => window.crimescopeState);

// Web Mercator: the CSS pixel of (lat, lon) for the published camera (m_per_css_px is ground metres at the
// camera's latitude, so mercator metres per CSS px = m_per_css_px / cos(lat)).
const R = 6378137, rad = (d) => d * Math.PI / 180;
const mercY = (lat) => R * Math.log(Math.tan(Math.PI / 4 + rad(lat) / 2));
function screenOf(cam, vw, vh, lat, lon) {
  const k = Math.cos(rad(cam.lat_deg)) / cam.m_per_css_px;
  return { x: vw / 2 + R * rad(lon - cam.lon_deg) * k, y: vh / 2 - (mercY(lat) - mercY(cam.lat_deg)) * k };
}
function haversine(a, b) {
  const dl = rad(b.lat - a.lat), dn = rad(b.lon - a.lon);
  const h = Math.sin(dl / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dn / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}
function covered(s, vw, vh) {
  let area = 0;
  for (const w of s.windows) {
    const x0 = Math.max(0, w.x), y0 = Math.max(0, w.y), x1 = Math.min(vw, w.x + w.w), y1 = Math.min(vh, w.y + w.h);
    if (x1 > x0 && y1 > y0) area += (x1 - x0) * (y1 - y0);   // overlaps count twice: an upper bound
  }
  return area / (vw * vh);
}
function cli(city, lat, lon) {
  return JSON.parse(execFileSync(cliPath, ['score', '--pack', city, '--lat', String(lat), '--lon', String(lon), '--json']).toString());
}

test('every bundled city opens in the phone layout: map uncovered, text >= 16 px, targets >= 44 px', async () => {
  const { context, page, errors } = await phonePage();
  for (const city of cities) {
    const t0 = Date.now();
    await page.goto(server.url + '?city=' + city);
    await waitForState(page, loaded(city), city + ' in the phone layout', 90000);
    const ms = Date.now() - t0;
    await frames(page, 20);
    const s = await state(page);
    const share = covered(s, W, H);
    console.log(`phone ${city}: interactive map after ${ms} ms; windows cover ${(100 * share).toFixed(1)}%; ` +
                `font ${s.ui.font_css_px} px; smallest target ${s.ui.min_target_css_px} px; windows ${JSON.stringify(s.windows)}`);
    assert.ok(share <= 0.25, `${city}: windows cover ${(100 * share).toFixed(1)}% of the viewport`);
    assert.ok(s.ui.font_css_px >= 16, `${city}: text ${s.ui.font_css_px} CSS px`);
    assert.ok(s.ui.min_target_css_px >= 44, `${city}: smallest tap target ${s.ui.min_target_css_px} CSS px`);
    // The page's own controls are big enough too.
    const html = await page.evaluate(() => ['#search', '#lang-switch', '#menu-button'].map((q) => {
      const r = document.querySelector(q).getBoundingClientRect();
      return { q, w: r.width, h: r.height, font: parseFloat(getComputedStyle(document.querySelector(q)).fontSize) };
    }));
    for (const e of html) assert.ok(e.h >= 44 && e.w >= 44 && e.font >= 16, `${city}: ${JSON.stringify(e)}`);
    // The data's extent is on screen: the camera centre lies within the city's data.
    assert.ok(s.camera.m_per_css_px > 1 && s.camera.m_per_css_px < 1000, `${city}: camera ${JSON.stringify(s.camera)}`);
    // Streets under the points: every city but Vancouver (whose street file has no names) draws a named layer.
    const streets = s.base_layers.filter((l) => l.kind === 'streets');
    console.log(`phone ${city}: base layers ${JSON.stringify(s.base_layers)}`);
    assert.ok(streets.length > 0, `${city}: no street layer`);
    if (city !== 'vancouver') assert.ok(streets.some((l) => l.named > 100), `${city}: no named street layer`);
    await page.screenshot({ path: path.join(shots, `phone-${city}.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [city, place] of [['chicago', { lat: 41.8781, lon: -87.6298 }], ['houston', { lat: 29.7604, lon: -95.3698 }]]) {
  test(`a tap on a known ${city} place scores the point under the finger with the CLI's count`, async () => {
    const { context, page, errors } = await phonePage();
    await page.goto(server.url + '?city=' + city);
    await waitForState(page, loaded(city), city, 90000);
    await frames(page, 10);
    const before = await state(page);
    const p = screenOf(before.camera, W, H, place.lat, place.lon);
    assert.ok(p.x > 10 && p.x < W - 10 && p.y > 70 && p.y < H - 90, `${city} downtown off the free map: ${JSON.stringify(p)}`);
    const x = Math.round(p.x), y = Math.round(p.y);
    await page.touchscreen.tap(x, y);
    const s = await waitForState(page, (q) => q.score && q.score.covered !== undefined, 'the card after a tap', 20000);
    // The tapped point is the place under the finger (within a CSS pixel or two of rounding).
    const off = haversine(place, { lat: s.score.lat, lon: s.score.lon });
    assert.ok(off < 3 * before.camera.m_per_css_px + 5, `tap landed ${off.toFixed(0)} m from the place (${before.camera.m_per_css_px.toFixed(1)} m/px)`);
    assert.equal(s.score.covered, true);
    const want = cli(city, s.score.lat, s.score.lon);
    assert.equal(s.score.count, want.count, `page ${s.score.count} vs CLI ${want.count}`);
    assert.ok(Math.abs(s.score.S - want.score) < 1e-6);
    assert.ok(s.score.change && typeof s.score.change.significant === 'boolean');
    // The camera centres the place at about 1 km across.
    const after = await waitForState(page, (q) => q.camera.m_per_css_px < before.camera.m_per_css_px, 'the zoom to the place');
    const across = after.camera.m_per_css_px * W;
    assert.ok(across > 600 && across < 1500, `${across.toFixed(0)} m across after a tap`);
    // The aria-live region holds the card's numbers.
    const live = await page.evaluate(() => document.getElementById('card-live').textContent);
    assert.ok(live.includes(String(s.score.count)), `aria-live: ${live}`);
    assert.ok(live.includes(`${Math.floor(s.score.percentile)}%`) || s.score.count === 0, `aria-live: ${live}`);
    await page.screenshot({ path: path.join(shots, `phone-${city}-tap.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a place 400 km outside the data is not covered and says so', async () => {
  const { context, page } = await phonePage();
  // 400 km east of downtown Houston (Louisiana).
  await page.goto(server.url + '?city=houston&lat=29.7604&lon=-91.2300');
  const s = await waitForState(page, (q) => q.score && q.rows > 0, 'the card', 90000);
  assert.ok(haversine({ lat: 29.7604, lon: -95.3698 }, { lat: s.score.lat, lon: s.score.lon }) > 395000);
  assert.equal(s.score.covered, false);
  assert.equal(s.score.count, undefined, 'no count outside coverage');
  assert.match(s.score.text, /outside the area this data covers/);
  const live = await page.evaluate(() => document.getElementById('card-live').textContent);
  assert.match(live, /outside the area this data covers/);
  await context.close();
});

test('a pinch zooms about the fingers\' midpoint; a double tap zooms in', async () => {
  const { context, page, errors } = await phonePage();
  await page.goto(server.url + '?city=houston');
  await waitForState(page, loaded('houston'), 'houston', 90000);
  await frames(page, 10);
  const s0 = await state(page);
  const mid = { x: 150, y: 420 };
  // The map point under the midpoint before the pinch.
  const k0 = Math.cos(rad(s0.camera.lat_deg)) / s0.camera.m_per_css_px;
  const X = R * rad(s0.camera.lon_deg) + (mid.x - W / 2) / k0;
  const Y = mercY(s0.camera.lat_deg) - (mid.y - H / 2) / k0;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.synthesizePinchGesture', { x: mid.x, y: mid.y, scaleFactor: 2, relativeSpeed: 800, gestureSourceType: 'touch' });
  await frames(page, 10);
  const s1 = await state(page);
  const zoom = s0.camera.m_per_css_px / s1.camera.m_per_css_px;
  assert.ok(zoom > 1.5 && zoom < 2.6, `pinch x2 zoomed x${zoom.toFixed(2)}`);
  const k1 = Math.cos(rad(s1.camera.lat_deg)) / s1.camera.m_per_css_px;
  const sx = W / 2 + (X - R * rad(s1.camera.lon_deg)) * k1, sy = H / 2 - (Y - mercY(s1.camera.lat_deg)) * k1;
  console.log(`pinch: zoom x${zoom.toFixed(3)}, the midpoint's map point moved (${(sx - mid.x).toFixed(1)}, ${(sy - mid.y).toFixed(1)}) CSS px`);
  assert.ok(Math.abs(sx - mid.x) < 0.05 * W && Math.abs(sy - mid.y) < 0.05 * H, `midpoint moved to ${sx.toFixed(1)}, ${sy.toFixed(1)}`);
  assert.equal(s1.score, undefined, 'a pinch is not a tap');
  // Double tap: two quick taps at the same place zoom in (x2) and do not score.
  await page.touchscreen.tap(200, 400);
  await page.waitForTimeout(80);
  await page.touchscreen.tap(200, 400);
  await page.waitForTimeout(600);
  await frames(page, 5);
  const s2 = await state(page);
  const z2 = s1.camera.m_per_css_px / s2.camera.m_per_css_px;
  assert.ok(z2 > 1.8 && z2 < 2.2, `double tap zoomed x${z2.toFixed(2)}`);
  assert.equal(s2.score, undefined, 'a double tap is not a tap');
  // One-finger drag pans.
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 200, y: 400 }] });
  for (let i = 1; i <= 10; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 200 + 10 * i, y: 400 }] });
    await frames(page, 1);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await frames(page, 5);
  const s3 = await state(page);
  assert.ok(s3.camera.lon_deg < s2.camera.lon_deg, 'dragging right moves the map east of the centre into view');
  assert.equal(s3.score, undefined, 'a drag is not a tap');
  assert.deepEqual(errors, []);
  await context.close();
});

test('turning the phone to 844x390 keeps every window inside the viewport', async () => {
  const { context, page } = await phonePage();
  await page.goto(server.url + '?city=chicago&lat=41.8781&lon=-87.6298');
  await waitForState(page, (q) => loaded('chicago')(q) && q.score, 'chicago card', 90000);
  for (const [vw, vh] of [[844, 390], [390, 844]]) {
    await page.setViewportSize({ width: vw, height: vh });
    await waitForState(page, (q) => Math.abs(q.camera.css_w - vw) < 1 && Math.abs(q.camera.css_h - vh) < 1, `resize to ${vw}x${vh}`);
    await frames(page, 10);
    const s = await state(page);
    assert.equal(s.layout, 'phone');
    for (const w of s.windows)
      assert.ok(w.x >= -0.5 && w.y >= -0.5 && w.x + w.w <= vw + 0.5 && w.y + w.h <= vh + 0.5, `${vw}x${vh}: ${JSON.stringify(w)} outside`);
    assert.ok(covered(s, vw, vh) <= 0.25, `${vw}x${vh}: windows cover ${(100 * covered(s, vw, vh)).toFixed(1)}%`);
    await page.screenshot({ path: path.join(shots, `phone-chicago-${vw}x${vh}.png`) });
  }
  await context.close();
});

test('the menu\'s tools open full screen on a phone, with a Back button a finger can hit', async () => {
  const { context, page, errors } = await phonePage();
  await page.goto(server.url + '?city=chicago');
  await waitForState(page, loaded('chicago'), 'chicago', 90000);
  const tapWidget = async (name) => {
    const s = await state(page);
    const r = s.widgets[name];
    assert.ok(r, `widget ${name} not published; have ${Object.keys(s.widgets).join(', ')}`);
    const dpr = s.scale || 1;
    await page.touchscreen.tap((r[0] + r[2] / 2) / dpr, (r[1] + r[3] / 2) / dpr);
  };
  for (const [widget, title] of [['forecast', /^Forecast/], ['patterns', /^Patterns/], ['linkage', /linkage/], ['classify', /^Crime type/]]) {
    await page.tap('#menu-button');
    await waitForState(page, (q) => q.menu_open && q.widgets[widget], 'the menu');
    await frames(page, 3);
    await tapWidget(widget);
    await waitForState(page, (q) => q.tool_open && !q.menu_open && q.widgets.tool_back, `${widget} open`);
    await frames(page, 5);
    const s = await state(page);
    const win = s.windows.find((w) => title.test(w.name));
    assert.ok(win, `${widget}: no window like ${title} in ${JSON.stringify(s.windows)}`);
    assert.ok(Math.abs(win.x) < 1 && Math.abs(win.y) < 1 && Math.abs(win.w - W) < 1 && Math.abs(win.h - H) < 1,
              `${widget}: the window is not the whole screen: ${JSON.stringify(win)}`);
    assert.ok(s.ui.min_target_css_px >= 44 && s.ui.font_css_px >= 16, `${widget}: ui ${JSON.stringify(s.ui)}`);
    const bar = await page.evaluate(() => getComputedStyle(document.getElementById('searchbar')).display);
    assert.equal(bar, 'none', `${widget}: the search bar stays over the tool window`);
    await page.screenshot({ path: path.join(shots, `phone-tool-${widget}.png`) });
    await tapWidget('tool_back');
    await waitForState(page, (q) => !q.tool_open && !q.menu_open, `${widget}: back to the map`);
    await frames(page, 5);
    const back = await state(page);
    assert.ok(covered(back, W, H) <= 0.25, `${widget}: after Back, windows cover ${(100 * covered(back, W, H)).toFixed(1)}%`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('?lang=es changes the card\'s text; the switch and the search box work from the keyboard', async () => {
  const { context, page } = await phonePage();
  const q = '?city=houston&lat=29.7604&lon=-95.3698';
  await page.goto(server.url + q);
  const en = await waitForState(page, (s) => s.score && s.score.text && s.rows > 0, 'English card', 90000);
  assert.equal(en.lang, 'en');
  await page.goto(server.url + q + '&lang=es');
  const es = await waitForState(page, (s) => s.score && s.score.text && s.rows > 0, 'Spanish card', 90000);
  assert.equal(es.lang, 'es');
  assert.notEqual(es.score.text, en.score.text);
  assert.match(es.score.text, /delitos denunciados/);
  assert.ok(es.score.text.includes(String(es.score.count)));
  const live = await page.evaluate(() => document.getElementById('card-live').textContent);
  assert.match(live, /delitos denunciados/);
  // The visible switch goes back to English.
  await page.click('#lang-switch');
  await waitForState(page, (s) => s.lang === 'en' && /reported crimes/.test(s.score.text), 'English after the switch');
  // Keyboard: focus the search box, type, arrow down, Enter picks the suggestion and scores it.
  await page.focus('#search');
  await page.keyboard.type('main st', { delay: 20 });
  await waitForState(page, (s) => s.suggestions.length > 0, 'suggestions');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('t');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const picked = await waitForState(page, (s) => s.suggestions.length === 0 && s.search && s.score && s.score.lat !== 29.7604, 'a picked place');
  assert.ok(picked.search.length > 0);
  await context.close();
});

test('the search finds a Chicago intersection, a Manhattan street, a Mexico City street, a Houston street and an LA bus stop', async () => {
  const { context, page } = await phonePage();
  const cases = [
    ['chicago', 'Ashland & Division', /ASHLAND AVE & W DIVISION ST/i],
    ['new_york', 'Amsterdam Avenue', /^Amsterdam Avenue$/],
    ['mexico_city', 'Francisco Sosa', /^Francisco Sosa$/],
    ['houston', 'Morningside Drive', /morningside dr/i],
    ['los_angeles', 'Hollywood / Vine', /^Hollywood \/ Vine$/],
  ];
  for (const [city, query, want] of cases) {
    await page.goto(server.url + '?city=' + city);
    await waitForState(page, loaded(city), city, 90000);
    await page.focus('#search');
    await page.keyboard.type(query, { delay: 10 });
    const s = await waitForState(page, (x) => x.suggestions.length > 0 && x.search === query, `${city}: suggestions for ${query}`);
    console.log(`search ${city} "${query}": ${JSON.stringify(s.suggestions.slice(0, 3))}`);
    assert.ok(s.suggestions.slice(0, 3).some((n) => want.test(n)), `${city}: ${query} -> ${JSON.stringify(s.suggestions)}`);
  }
  await context.close();
});

test('a GeoJSON street layer chosen in the browser is drawn, kept in IndexedDB and back after a reload', async () => {
  const { context, page, errors } = await phonePage();
  await page.goto(server.url + '?city=new_york');
  await waitForState(page, loaded('new_york'), 'new york', 90000);
  const file = path.join(root, 'tests/fixtures/layers/manhattan_ways_first40.geojson');
  const want = JSON.parse(fs.readFileSync(file, 'utf8')).features.length;
  await page.setInputFiles('#file-input', file);
  const userLayer = (q) => q.base_layers.find((l) => l.kind === 'user' && /manhattan_ways_first40/.test(l.name));
  let s = await waitForState(page, (q) => !!userLayer(q), 'the user layer drawn');
  assert.ok(userLayer(s).features > 0 && userLayer(s).features <= want, JSON.stringify(userLayer(s)));
  const first = userLayer(s);
  await waitForState(page, (q) => q.layers_saving === 0, 'the layer stored in IndexedDB');
  await page.reload();
  s = await waitForState(page, (q) => loaded('new_york')(q) && !!userLayer(q), 'the user layer restored from IndexedDB', 90000);
  assert.deepEqual(userLayer(s), first);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no request went to another host', () => {
  assert.deepEqual(foreign, []);
});
