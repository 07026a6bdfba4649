// End-to-end: the crime-type classifier in headless Chromium. The page encodes the model's 200 held-out
// reference records with the WASM build of the C++ preprocessing and runs them with ONNX Runtime Web; the
// probabilities match the training script's within 5e-5 (tests/infer holds native ONNX Runtime to the same,
// so the browser and the desktop agree within 1e-4). The form's case gets probabilities and per-field
// occlusion; the per-case latency in the browser is printed (compare: `crimescope-cli bench classify`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, waitForState, clickWidget } from './helpers.mjs';

let env, page, server, consoleErrors;

before(async () => {
  env = await openPage(site);
  ({ page, server, consoleErrors } = env);
});
after(async () => { await env?.close(); });

test('LAPD model: 200 reference records agree with the script; the form is classified with occlusion', async () => {
  await page.goto(server.url + '?view=classify&model=lapd&check=1');
  let s = await waitForState(page, (x) => x.classify && x.classify.batch && x.classify.batch.n === 200, 'the reference batch', 120000);
  assert.equal(s.classify.error, '');
  assert.ok(s.classify.batch.max_abs_diff >= 0 && s.classify.batch.max_abs_diff < 5e-5, `max |p_web - p_script| = ${s.classify.batch.max_abs_diff}`);
  assert.equal(s.classify.batch.labelled, 200);
  s = await waitForState(page, (x) => x.classify.probabilities && !x.classify.pending, 'the form classified', 60000);
  const p = Object.values(s.classify.probabilities);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.ok('premise' in s.classify.occlusion && 'MO codes' in s.classify.occlusion);
  // Per-case latency once ONNX Runtime Web is loaded: classify the form again, several times.
  const times = [];
  for (let i = 0; i < 5; ++i) {
    const before = s.classify.ms;
    await clickWidget(page, 'classify_run');
    s = await waitForState(page, (x) => x.classify.ms !== before && !x.classify.pending, 'a new answer');
    times.push(s.classify.ms);
  }
  times.sort((a, b) => a - b);
  // The batch again, now that ONNX Runtime Web and the session are warm.
  const cold = s.classify.batch.ms_per_case;
  await clickWidget(page, 'classify_reference');
  s = await waitForState(page, (x) => x.classify.batch && x.classify.batch.ms_per_case !== cold && !x.classify.batch_pending, 'a warm batch');
  assert.ok(s.classify.batch.max_abs_diff < 5e-5);
  console.log(`browser (ONNX Runtime Web, 1 thread): form case (1 record + ${Object.keys(s.classify.occlusion).length} occlusion rows) ` +
              `median ${times[2].toFixed(1)} ms; batch of 200: ${s.classify.batch.ms_per_case.toFixed(3)} ms per case warm ` +
              `(${cold.toFixed(3)} cold, with the runtime's first load). Native: crimescope-cli bench classify`);
  // A CSV dropped on the page while the classifier is open is classified in a batch (not mapped): 20 of the
  // reference records written as CSV, with the Crm Cd column so that accuracy is computed.
  const ref = JSON.parse(fs.readFileSync(path.join(root, 'models', 'lcrnet_lapd.reference.json'), 'utf8'));
  const cols = ref.columns;
  const quote = (v) => (/[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
  const codes = { violent: '624', robbery: '210', burglary: '310', vehicle_theft_btfv: '510', vandalism: '740', theft_fraud: '350', other: '900' };
  const lines = [cols.concat(['Crm Cd']).map(quote).join(',')];
  for (let r = 0; r < 20; ++r) lines.push(cols.map((c) => quote(ref.records[r][c] ?? '')).concat([codes[ref.labels[r]]]).join(','));
  await page.evaluate((csv) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], 'reports.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, lines.join('\n') + '\n');
  s = await waitForState(page, (x) => x.classify.batch && x.classify.batch.n === 20, 'the dropped CSV classified');
  assert.equal(s.classify.batch.labelled, 20);
  assert.ok(s.classify.batch.accuracy > 0.5);
  assert.notEqual(s.city, 'user');   // not ingested onto the map
  assert.deepEqual(consoleErrors, []);
});
