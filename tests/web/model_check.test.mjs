// End-to-end (issue #17): in the browser, a model's bytes are checked in C++ (infer/onnx_check.hpp, as natively)
// before ONNX Runtime Web parses them. The page is served the real Houston score model cut in half, then 64 bytes
// of garbage: each time the card still gives its count and score, and the model estimate's error names the file
// and says what is wrong (the native check's words), with no uncaught error. With the real file the estimate is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, site, openPage, waitForState } from './helpers.mjs';

const model = fs.readFileSync(path.join(root, 'models', 'score_mlp_houston.onnx'));
let env, page;
let serve = null;   // bytes served for the model, or null for the real file

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no site at ${site}: build the web-release preset first`);
  env = await openPage(site);
  page = env.page;
  await page.route('**/models/score_mlp_houston.onnx', (route) =>
    serve ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: serve }) : route.continue());
});

after(async () => { await env?.close(); });

const card = async (date) => {
  await page.goto(env.server.url + `?city=houston&lat=29.7604&lon=-95.3698&r=200&w=365&date=${date}`);
  return waitForState(page, (x) => x.score && !x.score.model_pending, 'the score card', 90000);
};

test('a truncated model is refused before ONNX Runtime Web, the card keeps its count', async () => {
  serve = model.subarray(0, Math.floor(model.length / 2));
  const s = await card('2010-07-31');
  assert.ok(s.score.count > 0);
  assert.ok(Number.isFinite(s.score.S));
  assert.equal(s.score.model_S, undefined);
  assert.match(s.score.model_error || '', /models\/score_mlp_houston\.onnx: cannot load model: /);
  assert.deepEqual(env.consoleErrors.filter((e) => e.startsWith('pageerror')), []);
});

test('garbage bytes are refused with the check\'s words; the real file gives the estimate again', async () => {
  serve = Buffer.from('this is not an onnx model, just text that a proxy served instead'.padEnd(64, '!'));
  const bad = await card('2010-07-30');
  assert.match(bad.score.model_error || '', /models\/score_mlp_houston\.onnx: cannot load model: /);
  serve = null;
  const good = await card('2010-07-29');
  assert.equal(good.score.model_error, undefined, good.score.model_error);
  assert.ok(Number.isFinite(good.score.model_S));
});
