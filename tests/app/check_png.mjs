// check_png.mjs FILE: exits 1 when the screenshot is blank (one colour, or almost all background).
import fs from 'node:fs';
import { decodePng, nonBackgroundShare } from '../web/helpers.mjs';
const img = decodePng(fs.readFileSync(process.argv[2]));
const { share, colours } = nonBackgroundShare(img, 0, 0, img.width, img.height);
console.log(`${process.argv[2]}: ${img.width}x${img.height}, ${colours} colours, ${(share * 100).toFixed(1)}% non-background`);
process.exit(share > 0.02 && colours > 20 ? 0 : 1);
