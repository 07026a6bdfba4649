// report_size.mjs SITE: prints the first-load size of the static site (wasm + js + data, gzip) and each
// pack's gzip size as served (packs are stored gzip-compressed). Fails when a file is missing or the first load is
// over its 3 MB target (issue #16).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
const site = process.argv[2];
const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(0) + ' KB';
let first = 0;
for (const f of ['crimescope.wasm', 'crimescope.js', 'index.html']) {
  const p = path.join(site, f);
  if (!fs.existsSync(p)) { console.error('missing ' + p); process.exit(1); }
  const n = gz(p); first += n;
  console.log(`${f.padEnd(22)} ${kb(fs.statSync(p).size).padStart(8)} raw ${kb(n).padStart(8)} gzip`);
}
const data = path.join(site, 'crimescope.data');
console.log(`${'crimescope.data (font, profiles)'.padEnd(22)} ${kb(fs.statSync(data).size).padStart(8)} raw ${kb(gz(data)).padStart(8)} gzip`);
const targetBytes = 3 * 1024 * 1024;
console.log(`first load without packs (wasm + js + html, gzip): ${kb(first)} (target <= 3 MB)`);
for (const f of fs.readdirSync(path.join(site, 'packs')).filter((f) => f.endsWith('.cspack')).sort()) {
  console.log(`pack ${f.padEnd(22)} ${kb(fs.statSync(path.join(site, 'packs', f)).size).padStart(8)} as served (stored gzip)`);
}
if (first > targetBytes) {
  console.error(`FAIL: the first load is ${kb(first)} gzip, over the 3 MB target`);
  process.exit(1);
}
