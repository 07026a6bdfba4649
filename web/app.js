// app.js: the page's script (moved out of index.html so the Content-Security-Policy can forbid inline script).
// Everything runs client-side; this page requests only files next to itself.
document.getElementById('canvas').addEventListener('contextmenu', (e) => e.preventDefault());
const statusEl = document.getElementById('status');
if (!document.createElement('canvas').getContext('webgl2')) {
  statusEl.textContent = 'This browser has no WebGL2: crimescope cannot draw the map here.';
}
window.crimescopeState = null;
// The URL carries the city and the score card (city, lat, lon, r = radius m, w = window days, date), so a
// copied link reopens the same card; they reach the app as its command-line options.
const params = new URLSearchParams(location.search);
// The query string goes to the app whole: it checks every value (src/core/base/start_query) and drops hostile
// ones, the same checks as the desktop's --lat, --lon, --radius, --window and --as-of.
const args = ['--query', location.search.slice(0, 4096)];
// Language: ?lang=en|es, else the browser's; the switch in the search bar changes it.
const browserLang = (navigator.language || 'en').slice(0, 2) === 'es' ? 'es' : 'en';
const urlLang = /^(en|es)$/.test(params.get('lang') || '') ? params.get('lang') : null;
args.push('--lang', urlLang || browserLang);
// Layout: phone when the app sees a narrow window or the pointer is coarse only (touch, no mouse).
if (matchMedia('(pointer: coarse)').matches && !matchMedia('(any-pointer: fine)').matches) args.push('--touch-only');
function syncUrl(s) {
  const q = new URLSearchParams();
  if (s.city && s.city !== 'user') q.set('city', s.city);
  if (s.score) {
    q.set('lat', s.score.lat.toFixed(6)); q.set('lon', s.score.lon.toFixed(6));
    q.set('r', String(s.score.radius_m)); q.set('w', String(s.score.window_days)); q.set('date', s.score.as_of);
  }
  if (s.heat) q.set('heat', '1');
  if (s.lang && (urlLang || s.lang !== browserLang)) q.set('lang', s.lang);
  if (s.linkage) { q.set('view', 'linkage'); if (s.linkage.set) q.set('linkset', s.linkage.set); }
  else if (s.classify) { q.set('view', 'classify'); if (s.classify.model) q.set('model', s.classify.model); }
  const url = location.pathname + (q.toString() ? '?' + q.toString() : '');
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
}
var Module = {
  arguments: args,
  canvas: document.getElementById('canvas'),
  print: (text) => console.log(text),
  printErr: (text) => console.error(text),
  onStateChange: (json) => {
    const s = JSON.parse(json);
    if (s.rows > 0) statusEl.style.display = 'none';
    updatePage(s);
    // The page's own elements drawn over the map, in CSS px, beside the app's windows.
    if (Array.isArray(s.windows)) {
      for (const el of [statusEl, searchBar, suggestionsEl]) {
        if (getComputedStyle(el).display === 'none') continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) s.windows.push({ name: '#' + el.id, x: r.left, y: r.top, w: r.width, h: r.height });
      }
    }
    // The smallest tap target drawn: the app's (ImGui) and the page's own controls.
    if (s.ui && s.layout === 'phone') {
      let m = s.ui.min_target_css_px > 0 ? s.ui.min_target_css_px : Infinity;
      for (const el of [searchEl, langBtn, menuBtn]) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) m = Math.min(m, r.width, r.height);
      }
      if (m !== Infinity) s.ui.min_target_css_px = Math.round(m * 100) / 100;
    }
    window.crimescopeState = s;
    syncUrl(s);
  },
  setStatus: (text) => { if (text) statusEl.textContent = text; },
  onAbort: (what) => { statusEl.style.display = 'block'; statusEl.textContent = 'crimescope stopped: ' + what; },
};

// ---- Phone: search bar, suggestions (from the app's state), language switch, menu button, keyboard.
const searchBar = document.getElementById('searchbar');
const searchEl = document.getElementById('search');
const suggestionsEl = document.getElementById('suggestions');
const langBtn = document.getElementById('lang-switch');
const menuBtn = document.getElementById('menu-button');
const texts = {
  en: { search: 'Search an address, intersection or place', menu: 'Menu', other: 'ES', otherName: 'Español', sugg: 'Suggestions' },
  es: { search: 'Busca una dirección, un cruce o un lugar', menu: 'Menú', other: 'EN', otherName: 'English', sugg: 'Sugerencias' },
};
let pageLang = null, suggKey = '', active = -1, lastSearch = null;
const command = (c, a) => { if (Module.calledRun) Module.ccall('cs_page_command', null, ['string', 'string'], [c, String(a)]); };
function updatePage(s) {
  document.body.classList.toggle('phone', s.layout === 'phone');
  document.body.classList.toggle('menu-open', !!s.menu_open);
  document.body.classList.toggle('tool-open', !!s.tool_open);
  if (s.lang !== pageLang) {
    pageLang = s.lang;
    const t = texts[s.lang] || texts.en;
    document.documentElement.lang = s.lang;
    searchEl.placeholder = t.search; searchEl.setAttribute('aria-label', t.search);
    menuBtn.textContent = t.menu; langBtn.textContent = t.other; langBtn.setAttribute('aria-label', t.otherName);
    suggestionsEl.setAttribute('aria-label', t.sugg);
  }
  if (s.search !== lastSearch) {   // the app chose a place: show its name
    lastSearch = s.search;
    if (document.activeElement !== searchEl || (s.suggestions || []).length === 0) searchEl.value = s.search || '';
  }
  const list = (s.suggestions || []);
  const key = list.join('\n');
  if (key !== suggKey) {
    suggKey = key; active = -1;
    suggestionsEl.replaceChildren(...list.map((name, k) => {
      const li = document.createElement('li');
      li.id = 'sug-' + k; li.setAttribute('role', 'option'); li.textContent = name;
      li.addEventListener('click', () => pick(k));
      return li;
    }));
  }
  const open = list.length > 0 && s.layout === 'phone';
  suggestionsEl.classList.toggle('open', open);
  searchEl.setAttribute('aria-expanded', open ? 'true' : 'false');
}
function pick(k) { command('pick', k); searchEl.blur(); }
function highlight(k) {
  const items = suggestionsEl.children;
  active = Math.max(-1, Math.min(items.length - 1, k));
  for (let i = 0; i < items.length; i++) items[i].setAttribute('aria-selected', i === active ? 'true' : 'false');
  if (active >= 0) searchEl.setAttribute('aria-activedescendant', 'sug-' + active); else searchEl.removeAttribute('aria-activedescendant');
}
searchEl.addEventListener('input', () => command('search', searchEl.value));
langBtn.addEventListener('click', () => command('lang', pageLang === 'es' ? 'en' : 'es'));
menuBtn.addEventListener('click', () => command('menu', ''));
// Emscripten's GLFW listens for keys on the window (capture): keys typed into the page's own controls stop
// here, before it (so Backspace and Tab work in the search box); the box handles its own arrows and Enter.
for (const type of ['keydown', 'keyup', 'keypress']) {
  window.addEventListener(type, (e) => {
    if (!(e.target instanceof HTMLElement) || !e.target.closest('#searchbar, #suggestions')) return;
    e.stopImmediatePropagation();
    if (type !== 'keydown' || e.target !== searchEl) return;
    const n = suggestionsEl.children.length;
    if (e.key === 'ArrowDown' && n) { e.preventDefault(); highlight(active + 1); }
    else if (e.key === 'ArrowUp' && n) { e.preventDefault(); highlight(active - 1); }
    else if (e.key === 'Enter' && n) { e.preventDefault(); pick(active >= 0 ? active : 0); }
    else if (e.key === 'Escape') { searchEl.value = ''; command('search', ''); command('escape', ''); }
  }, true);
}

// ---- Touch on the map. Emscripten's GLFW ignores touch positions (it pressed the mouse button at the stale
// cursor position: a tap scored a place ~490 km away), so one finger becomes synthetic mouse events on the
// canvas (GLFW converts them to backing pixels), and two fingers a pinch (zoom about their midpoint, which the
// map follows) sent to the app directly.
const canvasEl = document.getElementById('canvas');
let touchMode = null, pinchLast = null;
const mouse = (type, x, y) => canvasEl.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0,
                                                                             buttons: type === 'mouseup' ? 0 : 1, bubbles: true }));
const pinchOf = (ts) => {
  const r = canvasEl.getBoundingClientRect();
  const a = ts[0], b = ts[1];
  return { d: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY),
           x: (a.clientX + b.clientX) / 2 - r.left, y: (a.clientY + b.clientY) / 2 - r.top };
};
const gesture = (f, x, y, dx, dy, cancel) => {
  if (Module.calledRun) Module.ccall('cs_gesture', null, ['number', 'number', 'number', 'number', 'number', 'number'], [f, x, y, dx, dy, cancel]);
};
function onTouch(e) {
  if (e.target !== canvasEl) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  const ts = e.touches;
  if (e.type === 'touchstart') {
    if (ts.length === 1 && touchMode === null) {
      touchMode = 'one';
      mouse('mouseenter', ts[0].clientX, ts[0].clientY);
      mouse('mousemove', ts[0].clientX, ts[0].clientY);
      mouse('mousedown', ts[0].clientX, ts[0].clientY);
    } else if (ts.length >= 2) {
      if (touchMode === 'one') { gesture(1, 0, 0, 0, 0, 1); mouse('mouseup', ts[0].clientX, ts[0].clientY); }
      touchMode = 'pinch';
      pinchLast = pinchOf(ts);
    }
  } else if (e.type === 'touchmove') {
    if (touchMode === 'one' && ts.length === 1) mouse('mousemove', ts[0].clientX, ts[0].clientY);
    else if (touchMode === 'pinch' && ts.length >= 2) {
      const p = pinchOf(ts);
      if (pinchLast.d > 0 && p.d > 0) gesture(p.d / pinchLast.d, p.x, p.y, p.x - pinchLast.x, p.y - pinchLast.y, 0);
      pinchLast = p;
    }
  } else {   // touchend / touchcancel
    if (touchMode === 'one') {
      const t = e.changedTouches[0];
      if (e.type === 'touchcancel') gesture(1, 0, 0, 0, 0, 1);
      mouse('mousemove', t.clientX, t.clientY);
      mouse('mouseup', t.clientX, t.clientY);
    }
    if (ts.length === 0) touchMode = null;
    else if (touchMode === 'pinch' && ts.length >= 2) pinchLast = pinchOf(ts);
  }
}
for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel'])
  window.addEventListener(type, onTouch, { capture: true, passive: false });

// User files: copy into the in-memory file system and hand the path to the C++ side.
async function ingestFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try { Module.FS.mkdir('/upload'); } catch (e) {}
  const safe = file.name.replace(/[^A-Za-z0-9._-]/g, '_') || 'upload.csv';
  const path = '/upload/' + safe;
  Module.FS.writeFile(path, bytes);
  Module.ccall('cs_file_dropped', null, ['string'], [path]);
}
// Several files at once (a linkage case set: its schema.json and expert_weights.json before the CSV).
async function ingestFiles(list) {
  const files = Array.from(list).sort((a, b) => (b.name.endsWith('.json') ? 1 : 0) - (a.name.endsWith('.json') ? 1 : 0));
  for (const f of files) await ingestFile(f);
}
window.crimescopeIngestFile = ingestFile;
document.getElementById('file-input').addEventListener('change', async (e) => {
  if (e.target.files.length) await ingestFiles(e.target.files);
  e.target.value = '';
});
let dragDepth = 0;
window.addEventListener('dragenter', (e) => { e.preventDefault(); dragDepth++; document.body.classList.add('dragging'); });
window.addEventListener('dragleave', (e) => { e.preventDefault(); if (--dragDepth <= 0) { dragDepth = 0; document.body.classList.remove('dragging'); } });
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  document.body.classList.remove('dragging');
  if (e.dataTransfer && e.dataTransfer.files.length) ingestFiles(e.dataTransfer.files);
});
