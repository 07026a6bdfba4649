// platform_web.cpp: browser platform (Emscripten GLFW on a WebGL2 canvas, ImGui GLFW + OpenGL3 backends).
// The page (web/index.html) sizes the canvas; this file keeps the backing store at CSS size x
// devicePixelRatio, fetches packs through JavaScript and exposes state to the page.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <ctime>
#include <map>

#include "base/user_store.hpp"
#include "infer/onnx_check.hpp"
#include "platform/platform.hpp"

namespace crimescope::platform {

namespace {
GLFWwindow* g_window = nullptr;
std::function<void()> g_frame;
std::function<void()> g_after;
std::function<void(const std::string&)> g_drop;
std::function<void(const Gesture&)> g_gesture;
std::function<void(const std::string&, const std::string&)> g_page_command;
int g_next_request = 1;
std::map<int, std::function<void(const std::string&, const std::string&)>> g_pending;

void resize_to_css() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    double dpr = emscripten_get_device_pixel_ratio();
    int w = static_cast<int>(css_w * dpr + 0.5), h = static_cast<int>(css_h * dpr + 0.5);
    int cw = 0, ch = 0;
    glfwGetWindowSize(g_window, &cw, &ch);
    if (w > 0 && h > 0 && (w != cw || h != ch)) glfwSetWindowSize(g_window, w, h);
}

void loop_body() {
    resize_to_css();
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    g_frame();
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (g_after) g_after();
}

// JS side of fetch_pack / fetch_asset: fetch `url` next to the page, write it into MEMFS at `path` (making
// its folders), call back into C++.
EM_JS(void, js_fetch_file, (int id, const char* url_c, const char* path_c), {
    const url = UTF8ToString(url_c);
    const path = UTF8ToString(path_c);
    fetch(url).then(r => {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r.arrayBuffer();
    }).then(buf => {
        let dir = "";
        for (const part of path.split('/').slice(1, -1)) {
            dir += '/' + part;
            try { FS.mkdir(dir); } catch (e) {}
        }
        FS.writeFile(path, new Uint8Array(buf));
        Module.ccall('cs_pack_fetched', null, ['number', 'string', 'string'], [id, path, ""]);
    }).catch(err => {
        Module.ccall('cs_pack_fetched', null, ['number', 'string', 'string'], [id, "", String(err)]);
    });
});

// IndexedDB: database "crimescope", object store "user", one text value per key. A load that finds a value that is
// not text (another program's, or a broken store) moves it to `aside_c` (set_aside_key) in the same transaction and
// replies with an error starting with kSetAsidePrefix; no failure of IndexedDB is thrown past this function.
EM_JS(void, js_idb, (int id, int put, const char* key_c, const char* text_c, const char* aside_c), {
    const key = UTF8ToString(key_c);
    const text = put ? UTF8ToString(text_c) : "";
    const aside = UTF8ToString(aside_c);
    let replied = false;
    const reply = (value, err) => {
        if (replied) return;
        replied = true;
        Module.ccall('cs_user_data', null, ['number', 'string', 'string'], [id, value, err]);
    };
    try {
        if (!self.indexedDB) { reply("", 'IndexedDB is not available in this browser'); return; }
        const open = indexedDB.open('crimescope', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('user');
        open.onerror = () => reply("", 'IndexedDB: ' + open.error);
        open.onblocked = () => reply("", 'IndexedDB: the database is held by another tab of an older version');
        open.onsuccess = () => {
            const db = open.result;
            try {
                const tx = db.transaction('user', 'readwrite');
                const store = tx.objectStore('user');
                let result = "", err = "";
                if (put) store.put(text, key);
                else {
                    const req = store.get(key);
                    req.onsuccess = () => {
                        const v = req.result;
                        if (v === undefined || v === null) return;
                        if (typeof v === 'string') { result = v; return; }
                        const kind = Array.isArray(v) ? 'an array' : (v instanceof Blob ? 'a Blob' : (v instanceof ArrayBuffer ? 'binary data' : 'a ' + typeof v));
                        store.put(v, aside);
                        store.delete(key);
                        err = 'set aside: the stored entry "' + key + '" is ' + kind + ', not text; kept as ' + aside;
                    };
                }
                tx.oncomplete = () => { db.close(); reply(result, err); };
                tx.onerror = () => { db.close(); reply("", 'IndexedDB: ' + tx.error); };
                tx.onabort = () => { db.close(); reply("", 'IndexedDB: ' + (tx.error || 'the transaction was aborted')); };
            } catch (e) {
                db.close();
                reply("", 'IndexedDB: ' + e);
            }
        };
    } catch (e) {
        reply("", 'IndexedDB: ' + e);
    }
});

EM_JS(void, js_download, (const char* name_c, const char* text_c), {
    const blob = new Blob([UTF8ToString(text_c)], {type: 'text/plain'});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name_c);
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});

// The canvas just drawn (this task, before the browser composites it: no preserveDrawingBuffer needed),
// cropped to x, y, w, h (canvas pixels), as a PNG download.
EM_JS(int, js_download_canvas, (const char* name_c, int x, int y, int w, int h), {
    const src = Module['canvas'];
    if (!src) return 0;
    const out = document.createElement('canvas');
    out.width = w; out.height = h;
    out.getContext('2d').drawImage(src, x, y, w, h, 0, 0, w, h);
    const name = UTF8ToString(name_c);
    out.toBlob((blob) => {
        if (!blob) return;
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = name;
        document.body.appendChild(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }, 'image/png');
    return 1;
});

EM_JS(void, js_open_file_picker, (), {
    const input = document.getElementById('file-input');
    if (input) input.click();
});

EM_JS(void, js_publish_state, (const char* json), {
    if (typeof Module.onStateChange === 'function') Module.onStateChange(UTF8ToString(json));
});

// The card in words, for screen readers and the browser's translation (web/index.html: #card-live).
EM_JS(void, js_announce, (const char* text), {
    const el = document.getElementById('card-live');
    if (el) el.textContent = UTF8ToString(text);
});

EM_JS(int, js_page_has_search_bar, (), {
    return document.getElementById('searchbar') ? 1 : 0;
});
}  // namespace

bool init(const WindowParams& p) {
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_window = glfwCreateWindow(p.width, p.height, p.title.c_str(), nullptr, nullptr);
    if (!g_window) return false;
    glfwMakeContextCurrent(g_window);
    resize_to_css();
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    // No imgui.ini in the browser: there is no persistent file system by default.
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init(glsl_version());
    return true;
}

const char* glsl_version() { return "#version 300 es"; }
bool gpu_drawing() { return true; }

// The backing store is CSS size x devicePixelRatio and GLFW reports mouse positions in backing pixels,
// so the UI works in device pixels and scales fonts and style by this factor.
float content_scale() { return static_cast<float>(emscripten_get_device_pixel_ratio()); }

void framebuffer_size(int& w, int& h) { glfwGetFramebufferSize(g_window, &w, &h); }

void run(const std::function<void()>& frame, const std::function<void()>& after_render) {
    g_frame = frame;
    g_after = after_render;
    emscripten_set_main_loop(loop_body, 0, true);
}

void request_exit() { emscripten_cancel_main_loop(); }

void shutdown() {}

std::string asset_path(const std::string& rel) { return "/assets/" + rel; }

std::string font_path() { return "/fonts/DejaVuSans.ttf"; }

void fetch_pack(const std::string& file, std::function<void(const std::string&, const std::string&)> done) {
    int id = g_next_request++;
    g_pending[id] = std::move(done);
    js_fetch_file(id, ("packs/" + file).c_str(), ("/packs/" + file).c_str());
}

void fetch_asset(const std::string& rel, std::function<void(const std::string&, const std::string&)> done) {
    int id = g_next_request++;
    g_pending[id] = std::move(done);
    js_fetch_file(id, rel.c_str(), ("/assets/" + rel).c_str());
}

void fetch_model_file(const std::string& file, std::function<void(const std::string&, const std::string&)> done) {
    int id = g_next_request++;
    g_pending[id] = std::move(done);
    js_fetch_file(id, ("models/" + file).c_str(), ("/assets/models/" + file).c_str());
}

std::map<int, std::function<void(const std::string&, const std::string&)>> g_user_pending;

void save_user_data(const std::string& key, const std::string& text, std::function<void(const std::string&)> done) {
    int id = g_next_request++;
    g_user_pending[id] = [done](const std::string&, const std::string& err) { if (done) done(err); };
    js_idb(id, 1, key.c_str(), text.c_str(), "");
}

void load_user_data(const std::string& key, std::function<void(const std::string&, const std::string&)> done) {
    int id = g_next_request++;
    g_user_pending[id] = std::move(done);
    const std::string aside = set_aside_key(key, static_cast<long long>(std::time(nullptr)));
    js_idb(id, 0, key.c_str(), "", aside.c_str());
}

std::string export_file(const std::string& name, const std::string& text, std::string& where) {
    js_download(name.c_str(), text.c_str());
    where = "downloaded as " + name;
    return "";
}

std::string export_png(const std::string& name, int fb_w, int fb_h, int x, int y, int w, int h, std::string& where) {
    if (w <= 0 || h <= 0) x = 0, y = 0, w = fb_w, h = fb_h;
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x + w > fb_w) w = fb_w - x;
    if (y + h > fb_h) h = fb_h - y;
    if (w <= 0 || h <= 0) return "nothing to save: the rectangle is outside the window";
    if (!js_download_canvas(name.c_str(), x, y, w, h)) return "the page has no canvas";
    where = "downloaded as " + name;
    return "";
}

bool has_file_browser() { return false; }

std::string exports_dir() { return ""; }

double memory_peak_mib() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1024.0 * 1024.0); }

void publish_state(const std::string& json) { js_publish_state(json.c_str()); }
bool state_is_published() { return true; }

void open_file_picker() { js_open_file_picker(); }

void on_gesture(std::function<void(const Gesture&)> handler) { g_gesture = std::move(handler); }
void on_page_command(std::function<void(const std::string&, const std::string&)> handler) { g_page_command = std::move(handler); }
bool page_draws_search_bar() { return js_page_has_search_bar() != 0; }
void announce(const std::string& text) { js_announce(text.c_str()); }

void on_file_dropped(std::function<void(const std::string&)> handler) { g_drop = std::move(handler); }

}  // namespace crimescope::platform

// The page calls this after writing a dropped or chosen file into MEMFS.
extern "C" EMSCRIPTEN_KEEPALIVE void cs_file_dropped(const char* path) {
    using namespace crimescope::platform;
    if (g_drop && path) g_drop(path);
}

// Touch (web/index.html): one finger reaches GLFW as synthetic mouse events (Emscripten's GLFW ignores touch
// positions: it pressed the button at the stale cursor, the "490 km" tap); two fingers arrive here.
extern "C" EMSCRIPTEN_KEEPALIVE void cs_gesture(double factor, double x, double y, double dx, double dy, int cancel_tap) {
    using namespace crimescope::platform;
    if (!g_gesture) return;
    Gesture g;
    g.factor = factor;
    g.x_css = x;
    g.y_css = y;
    g.dx_css = dx;
    g.dy_css = dy;
    g.cancel_tap = cancel_tap != 0;
    g_gesture(g);
}

// The page's own controls (the phone's search box, menu and language buttons).
extern "C" EMSCRIPTEN_KEEPALIVE void cs_page_command(const char* command, const char* arg) {
    using namespace crimescope::platform;
    if (g_page_command && command) g_page_command(command, arg ? arg : "");
}

extern "C" EMSCRIPTEN_KEEPALIVE void cs_user_data(int id, const char* text, const char* error) {
    using namespace crimescope::platform;
    auto it = g_user_pending.find(id);
    if (it == g_user_pending.end()) return;
    auto cb = std::move(it->second);
    g_user_pending.erase(it);
    cb(text ? text : "", error ? error : "");
}

extern "C" EMSCRIPTEN_KEEPALIVE void cs_pack_fetched(int id, const char* path, const char* error) {
    using namespace crimescope::platform;
    auto it = g_pending.find(id);
    if (it == g_pending.end()) return;
    auto cb = std::move(it->second);
    g_pending.erase(it);
    cb(path ? path : "", error ? error : "");
}

#include "platform/screenshot.hpp"

namespace crimescope::platform {
// The browser tests take screenshots through Playwright; the page has no file to write to.
Status save_screenshot(const std::string& path, int, int) {
    return make_error(ErrorKind::Invalid, "screenshots are taken by the browser test, not the page", path);
}
}  // namespace crimescope::platform

// ---------------------------------------------------------------------------------------------------
// Models in the browser: ONNX Runtime Web, single-threaded, loaded on first use from ./ort/.
namespace crimescope::platform {

namespace {
int g_next_model_request = 1;
std::map<int, ModelDone> g_model_pending;

EM_JS(void, js_run_model, (int id, const char* file_c, const float* data, int n, const int* shape, int rank), {
    const file = UTF8ToString(file_c);
    const input = new Float32Array(HEAPF32.buffer, data, n).slice();   // copy out of the wasm heap now
    const dims = [];
    for (let i = 0; i < rank; i++) dims.push(HEAP32[(shape >> 2) + i]);
    const fail = (err) => Module.ccall("cs_model_done", null, ["number", "number", "number", "string"], [id, 0, 0, err && err.message ? err.message : String(err)]);
    const loadOrt = () => {
        if (window.ort) return Promise.resolve(window.ort);
        if (!Module.ortLoading) {
            Module.ortLoading = new Promise((resolve, reject) => {
                const s = document.createElement("script");
                s.src = "ort/ort.wasm.min.js";
                s.onload = () => {
                    window.ort.env.wasm.wasmPaths = new URL("ort/", document.baseURI).href;
                    window.ort.env.wasm.numThreads = 1;
                    resolve(window.ort);
                };
                s.onerror = () => reject(new Error("cannot load ort/ort.wasm.min.js"));
                document.head.appendChild(s);
            });
        }
        return Module.ortLoading;
    };
    Module.ortSessions = Module.ortSessions || {};
    loadOrt().then((ort) => {
        // The bytes are checked in C++ (infer/onnx_check.hpp, as natively) before ONNX Runtime Web sees them:
        // a truncated or garbage file is refused with what is wrong, not parsed.
        if (!Module.ortSessions[file]) {
            const url = "models/" + file;
            Module.ortSessions[file] = fetch(url).then((r) => {
                if (!r.ok) throw new Error(url + ": cannot load model: HTTP " + r.status);
                return r.arrayBuffer();
            }).then((buf) => {
                const bytes = new Uint8Array(buf);
                const ptr = Module._malloc(Math.max(bytes.length, 1));
                if (!ptr) throw new Error(url + ": cannot load model: out of memory (" + bytes.length + " bytes)");
                let err = "";
                try {
                    HEAPU8.set(bytes, ptr);
                    err = Module.ccall("cs_check_onnx", "string", ["number", "number", "string"], [ptr, bytes.length, url]);
                } finally {
                    Module._free(ptr);
                }
                if (err) throw new Error(err);
                return ort.InferenceSession.create(bytes);
            });
            Module.ortSessions[file].catch(() => { delete Module.ortSessions[file]; });
        }
        return Module.ortSessions[file].then((session) => {
            const feeds = {};
            feeds[session.inputNames[0]] = new ort.Tensor("float32", input, dims);
            return session.run(feeds).then((out) => {
                const v = out[session.outputNames[0]].data;
                const ptr = Module._malloc(Math.max(v.length, 1) * 4);
                if (!ptr) throw new Error("models/" + file + ": out of memory for " + v.length + " outputs");
                try {
                    HEAPF32.set(v, ptr >> 2);
                    Module.ccall("cs_model_done", null, ["number", "number", "number", "string"], [id, ptr, v.length, ""]);
                } finally {
                    Module._free(ptr);
                }
            });
        });
    }).catch(fail);
});

}  // namespace

std::string models_path(const std::string& rel) { return "/assets/models/" + rel; }   // sidecars, preloaded

void run_model(const std::string& file, const std::vector<float>& input, const std::vector<int64_t>& shape, ModelDone done) {
    int id = g_next_model_request++;
    g_model_pending[id] = std::move(done);
    std::vector<int> dims(shape.begin(), shape.end());
    js_run_model(id, file.c_str(), input.data(), static_cast<int>(input.size()), dims.data(), static_cast<int>(dims.size()));
}

}  // namespace crimescope::platform

// The structural check of a model's bytes (infer/onnx_check.hpp): "" when it may go to ONNX Runtime Web, else
// the error, naming the file. The text stays valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* cs_check_onnx(const uint8_t* data, int n, const char* file) {
    static std::string message;
    const auto st = crimescope::infer::check_onnx_bytes(data, static_cast<size_t>(n < 0 ? 0 : n), file ? file : "");
    message = st ? std::string() : std::string(file ? file : "") + ": cannot load model: " + st.error().message;
    return message.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void cs_model_done(int id, const float* data, int n, const char* error) {
    using namespace crimescope::platform;
    auto it = g_model_pending.find(id);
    if (it == g_model_pending.end()) return;
    auto cb = std::move(it->second);
    g_model_pending.erase(it);
    std::vector<float> out(data, data + (data ? n : 0));
    cb(out, error ? error : "");
}
