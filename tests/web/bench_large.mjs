// bench_large.mjs: issue #15's browser figures at full size (a benchmark, not a CI test: it needs the
// five-year pack and the shared data). In headless Chromium (software GL), one page per file:
//   the five-year pack (scripts/build_packs.sh --large -> build/packs/chicago_5y.cspack) opened with Load...,
//   the five Chicago all-types files joined into one gzip CSV (scripts/bench_vs_pandas.sh writes it) dropped,
// and prints, for each, the seconds from handing the file over to the table on the map, the rows, the page's
// `timings` and the WebAssembly memory's size (its peak: it only grows) and bytes per incident.
// Usage: node tests/web/bench_large.mjs [PACK] [CSV.gz]   (exit 77 when neither file is there)
import fs from 'node:fs';
import path from 'node:path';
import { openPage, root, site, waitForState } from './helpers.mjs';

const pack = process.argv[2] || path.join(root, 'build', 'packs', 'chicago_5y.cspack');
const csv = process.argv[3] || path.join(root, 'build', 'bench', 'chicago_all_types_2014_2018.csv.gz');
const inputs = [pack, csv].filter((f) => fs.existsSync(f));
if (!inputs.length) {
  console.log(`SKIPPED: neither ${pack} nor ${csv} is there (scripts/build_packs.sh --large, scripts/bench_vs_pandas.sh)`);
  process.exit(77);
}
const limitMs = Number(process.env.BENCH_LIMIT_S || 600) * 1000;
let failed = false;
for (const file of inputs) {
  const opened = await openPage(site);
  const p = opened.page;
  try {
    await p.goto(opened.server.url);
    await waitForState(p, (s) => s.rows > 0 && !s.loading, 'the first pack', 120000);
    const before = await p.evaluate(() => window.crimescopeState.timings.memory_peak_mib);
    const bytes = fs.statSync(file).size;
    const t0 = Date.now();
    await p.setInputFiles('#file-input', file);
    const s = await waitForState(p, (st) => st.rows > 1000000 && !st.loading, `${path.basename(file)} on the map`, limitMs);
    const seconds = (Date.now() - t0) / 1000;
    await p.waitForTimeout(3000);   // a few frames for the frame time
    const st = await p.evaluate(() => window.crimescopeState);
    const mib = st.timings.memory_peak_mib;
    console.log(`${path.basename(file)} (${(bytes / 1048576).toFixed(1)} MiB): ${s.rows.toLocaleString('en')} incidents on the map after ` +
                `${seconds.toFixed(1)} s; WebAssembly memory ${mib} MiB (${before} MiB with the first pack), ` +
                `${Math.round(mib * 1048576 / s.rows)} bytes per incident; density ${JSON.stringify(st.density)}; ` +
                `timings ${JSON.stringify(st.timings)}`);
    if (opened.consoleErrors.length) console.log('console errors: ' + opened.consoleErrors.slice(0, 5).join(' | '));
  } catch (e) {
    failed = true;
    console.log(`${path.basename(file)}: ${e.message}`);
    if (opened.consoleErrors.length) console.log('console errors: ' + opened.consoleErrors.slice(0, 5).join(' | '));
  } finally {
    await opened.close();
  }
}
process.exit(failed ? 1 : 0);
