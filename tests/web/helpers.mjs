// helpers.mjs: serve the static site with python3's http.server on 127.0.0.1, launch Debian's chromium
// through playwright-core, decode PNG screenshots (node's zlib), and wait for the app's published state.
import { spawn } from 'node:child_process';
import net from 'node:net';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// The repository root and the built site every browser test serves (SITE: another built site folder).
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const site = process.env.SITE || path.join(root, 'build', 'web-release', 'site');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

export async function serve(dir) {
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
                     { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(url); if (r.ok) return { url, port, stop: () => proc.kill() }; } catch (e) {}
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('http.server did not start on ' + url);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
           '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
  });
}

// Minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium writes).
export function decodePng(buf) {
  let pos = 8, width = 0, height = 0, colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); colorType = data[9]; }
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3, stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0, b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = v & 255;
    }
  }
  return { width, height, bpp, pixels: out };
}

// Share of pixels in a region that differ from the region's most common colour (the background).
export function nonBackgroundShare(img, x0, y0, x1, y1) {
  const counts = new Map();
  const key = (i) => (img.pixels[i] << 16) | (img.pixels[i + 1] << 8) | img.pixels[i + 2];
  for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2) {
    const k = key((y * img.width + x) * img.bpp); counts.set(k, (counts.get(k) || 0) + 1);
  }
  let bg = 0, bgN = 0, total = 0;
  for (const [k, n] of counts) { total += n; if (n > bgN) { bg = k; bgN = n; } }
  return { share: 1 - bgN / total, colours: counts.size };
}

export async function waitForState(page, pred, what, timeoutMs = 30000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const s = await page.evaluate(() => window.crimescopeState);
    if (s && pred(s)) return s;
    await page.waitForTimeout(100);
  }
  const s = await page.evaluate(() => window.crimescopeState);
  throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(s)?.slice(0, 400)}`);
}

// Clicks the centre of a widget the app published (device pixels -> CSS pixels).
export async function clickWidget(page, name) {
  const s = await page.evaluate(() => window.crimescopeState);
  const r = s.widgets[name];
  if (!r) throw new Error(`widget ${name} not published; have: ${Object.keys(s.widgets).join(', ')}`);
  const dpr = s.scale || 1;
  await page.mouse.click((r[0] + r[2] / 2) / dpr, (r[1] + r[3] / 2) / dpr);
}

// Serves `site`, launches Chromium and opens a 1280x800 page whose console errors and page errors are
// collected in `consoleErrors`; `onRequest(url)` sees every request. Close with `close()`.
export async function openPage(site, onRequest = null) {
  const server = await serve(site);
  const browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  if (onRequest) page.on('request', (r) => onRequest(r.url()));
  return { server, browser, page, consoleErrors, close: async () => { await browser.close(); server.stop(); } };
}
