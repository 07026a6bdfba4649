// The Hotspots view in the browser (issue #19): opened by a link (?hotspots=gistar, ?hotspots=kde) and from the
// phone's menu; the analysis runs between frames (no threads in the page) and the state's `hotspots`
// {layer, cells, significant} shows the result; the layer stays drawn on the map after the phone's Back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, launch, decodePng, nonBackgroundShare, waitForState } from './helpers.mjs';

let env, page, origin;

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site);
  ({ page } = env);
  origin = env.server.url;
});

after(async () => { await env?.close(); });

test('a link opens Gi* hot spots on Houston and the layer is drawn', async () => {
  await page.goto(origin + '?city=houston&hotspots=gistar', { waitUntil: 'load' });
  const s = await waitForState(page, (x) => x.city === 'houston' && x.hotspots && x.hotspots.layer === 'gistar' && !x.hotspots.busy,
    'Gi* on Houston', 120000);
  assert.equal(s.hotspots.error, '');
  assert.ok(s.hotspots.cells > 500, `cells ${s.hotspots.cells}`);
  assert.ok(s.hotspots.significant > 0, 'no significant hot spot');
  assert.equal(s.hotspots.incidents, s.visible);
  fs.mkdirSync(path.join(root, 'build', 'test-shots'), { recursive: true });
  await page.screenshot({ path: path.join(root, 'build', 'test-shots', 'web_hotspots_gistar.png') });
});

test('kernel density with its hotspot set, from a link', async () => {
  await page.goto(origin + '?city=houston&hotspots=kde', { waitUntil: 'load' });
  const s = await waitForState(page, (x) => x.city === 'houston' && x.hotspots && x.hotspots.layer === 'kde' && !x.hotspots.busy,
    'KDE on Houston', 120000);
  assert.ok(s.hotspots.significant > 0 && s.hotspots.significant <= Math.ceil(0.05 * s.hotspots.cells) + 1,
    `hotspot set ${s.hotspots.significant} of ${s.hotspots.cells}`);
  // The whole city at once: more than 65,536 vertices in one draw list (32-bit indices), the map not blank.
  const img = decodePng(await page.screenshot());
  const { share } = nonBackgroundShare(img, 870, 250, 1270, 600);   // right of the Hotspots window
  assert.ok(share > 0.3, `the density layer covers only ${(share * 100).toFixed(1)}% of the map`);
});

test('on a phone the menu opens Hotspots full screen and Back leaves the layer on the map', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    const p = await context.newPage();
    const tap = async (name) => {
      const st = await p.evaluate(() => window.crimescopeState);
      const r = st.widgets[name];
      assert.ok(r, `widget ${name} not published; have ${Object.keys(st.widgets).join(', ')}`);
      const dpr = st.scale || 1;
      await p.touchscreen.tap((r[0] + r[2] / 2) / dpr, (r[1] + r[3] / 2) / dpr);
    };
    await p.goto(origin + '?city=houston', { waitUntil: 'load' });
    await waitForState(p, (x) => x.city === 'houston' && x.rows > 0 && x.layout === 'phone' && x.windows, 'phone Houston', 60000);
    await p.waitForTimeout(500);
    const plain = decodePng(await p.screenshot());
    await p.tap('#menu-button');
    await waitForState(p, (x) => x.menu_open && x.widgets.hotspots, 'the menu with Hotspots', 20000);
    await p.waitForTimeout(300);
    await tap('hotspots');
    let s = await waitForState(p, (x) => x.hotspots && x.hotspots.layer === 'gistar' && !x.hotspots.busy && x.tool_open,
      'Gi* in the full-screen tool window', 120000);
    assert.ok(s.hotspots.significant > 0);
    const win = s.windows.find((w) => /^Hotspots/.test(w.name));
    assert.ok(win && Math.abs(win.w - 390) < 1 && Math.abs(win.h - 844) < 1, `not full screen: ${JSON.stringify(win)}`);
    await tap('tool_back');
    s = await waitForState(p, (x) => !x.tool_open && !x.menu_open, 'back on the map', 20000);
    assert.equal(s.hotspots, undefined, 'the view is still open');
    await p.waitForTimeout(500);
    const shot = await p.screenshot();
    const layered = decodePng(shot);
    let changed = 0;
    const a = layered.pixels, b = plain.pixels, step = layered.bpp;
    for (let i = 0; i + 2 < a.length && i + 2 < b.length; i += step)
      if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) ++changed;
    assert.ok(changed > 2000, `the layer changed only ${changed} pixels of the phone's map`);
    fs.writeFileSync(path.join(root, 'build', 'test-shots', 'web_hotspots_phone.png'), shot);
  } finally {
    await browser.close();
  }
});
