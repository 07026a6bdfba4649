// count_colour.mjs FILE R,G,B [TOL] [MIN] [MAX]: counts the screenshot's pixels within TOL (default 6) per
// channel of R,G,B and exits 1 unless MIN <= count <= MAX (defaults 1 and no limit). Prints the count.
// Used by test_base_layers.sh: each map layer is drawn in its own flat colour (map_renderer.cpp), so the count
// of that colour measures whether, and how much of, the layer was drawn.
import fs from 'node:fs';
import { decodePng } from '../web/helpers.mjs';
const [file, rgb, tol = '6', min = '1', max = 'Infinity'] = process.argv.slice(2);
const [r, g, b] = rgb.split(',').map(Number);
const img = decodePng(fs.readFileSync(file));
const t = Number(tol);
let rects = [];
if (process.env.MASK) {
  const st = JSON.parse(fs.readFileSync(process.env.MASK, 'utf8'));
  const k = img.width / (st.camera?.css_w || img.width);
  rects = (st.windows || []).map((w) => [w.x * k, w.y * k, (w.x + w.w) * k, (w.y + w.h) * k]);
}
let n = 0;
for (let i = 0; i < img.width * img.height; i++) {
  const x = i % img.width, y = Math.floor(i / img.width);
  if (rects.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1)) continue;
  const p = i * img.bpp;
  if (Math.abs(img.pixels[p] - r) <= t && Math.abs(img.pixels[p + 1] - g) <= t && Math.abs(img.pixels[p + 2] - b) <= t) n++;
}
console.log(`${file}: ${n} pixels near ${rgb}`);
process.exit(n >= Number(min) && n <= Number(max) ? 0 : 1);
