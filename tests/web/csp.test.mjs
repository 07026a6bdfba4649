// The page is locked down (issue #17): a Content-Security-Policy meta tag allows only the page's own files, no
// inline script runs (the page's script is web/app.js), and hostile query strings are ignored: the page opens
// its default city with no error and requests nothing from another host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { site, openPage, waitForState } from './helpers.mjs';

let env, page, origin, consoleErrors;
const foreign = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site, (u) => { if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u); });
  ({ page, consoleErrors } = env);
  origin = env.server.url;
});

after(async () => { await env?.close(); });

test('the policy is in the page and has no inline script or foreign source', () => {
  const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(m, 'no CSP meta tag');
  const csp = m[1];
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:|\*/);
  assert.doesNotMatch(html, /<script>(?!<\/script>)|\son[a-z]+="/, 'inline script or handler in index.html');
});

test('hostile query strings are ignored: the default city opens, nothing foreign is requested', async () => {
  const hostile = '?city=../../etc/passwd&lat=1e309&lon=%3Cscript%3Ealert(1)%3C/script%3E&r=-5&w=9999999999999&date=2010-13-45' +
                  '&view=%22%3E%3Cimg%20src=x%3E&linkset=http://evil.example/x&lang=xx&model=../../x';
  await page.goto(origin + hostile, { waitUntil: 'load' });
  const s = await waitForState(page, (x) => x.city === 'houston' && x.rows > 0, 'the default city', 60000);
  assert.equal(s.rows, 75162);
  assert.equal(s.score ?? null, null);
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
});

test('an inline script injected into the page does not run (the policy is in force)', async () => {
  const ran = await page.evaluate(async () => {
    window.__inlineRan = false;
    const el = document.createElement('script');
    el.textContent = 'window.__inlineRan = true;';
    document.body.appendChild(el);
    await new Promise((r) => setTimeout(r, 100));
    return window.__inlineRan;
  });
  assert.equal(ran, false);
  // The blocked script is reported by the browser as a CSP violation, nothing else.
  assert.ok(consoleErrors.length >= 1 && consoleErrors.every((e) => /Content Security Policy/i.test(e)), JSON.stringify(consoleErrors));
});
