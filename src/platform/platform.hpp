// platform.hpp: the few things that differ between the desktop (GLFW + OpenGL 3.3) and the browser
// (Emscripten + WebGL2). One implementation each: platform_glfw.cpp + platform_desktop.cpp (the desktop's files),
// platform_web.cpp; the headless app tests use platform_null.cpp + platform_desktop.cpp.
// Like Tracy's Backend: window + GL + ImGui backends, the main loop, where assets live, loading a pack
// (a file read natively, a fetch in the browser), and the events the page sends (dropped files).
#pragma once
#include <functional>
#include <cstdint>
#include <string>
#include <vector>

namespace crimescope::platform {

struct WindowParams {
    int width = 1280;           // logical size, desktop only (the page fills the browser window)
    int height = 800;
    std::string title = "crimescope";
    bool vsync = true;
};

bool init(const WindowParams& params);   // window, GL context, ImGui context + backends
const char* glsl_version();              // "#version 330 core" or "#version 300 es"
// Whether frames reach a GPU: true on the desktop and in the browser; false on the headless test platform
// (platform_null.cpp: ImGui without a GL backend, as imgui's examples/example_null), where the map renderer
// makes no GL calls and ImGui's draw lists are built but never drawn.
bool gpu_drawing();
float content_scale();                   // HiDPI factor (monitor content scale / devicePixelRatio)
void framebuffer_size(int& w, int& h);   // pixels
// Calls `frame` between ImGui::NewFrame and ImGui::Render each frame, then `after_render` (may be empty)
// once ImGui has drawn, before the buffers swap (screenshots). Returns when the window closes (native).
void run(const std::function<void()>& frame, const std::function<void()>& after_render);
void request_exit();
void shutdown();

// Paths: profiles and pack index are local files in both targets (preloaded in the browser).
std::string asset_path(const std::string& relative);   // e.g. "packs/packs.json"
std::string font_path();

// Loads pack file `file_name` (from packs.json); `done(path, error)` runs on the main thread when ready:
// immediately natively, after a fetch in the browser.
void fetch_pack(const std::string& file_name, std::function<void(const std::string& local_path, const std::string& error)> done);

// Loads an asset file on demand (`relative` under assets/, e.g. "linkage/crimelinkage/crimes.csv"): natively
// the file itself; in the browser a fetch of the same path next to the page, written into the in-memory file
// system. `done(local_path, error)` runs on the main thread.
void fetch_asset(const std::string& relative, std::function<void(const std::string& local_path, const std::string& error)> done);

// Loads a file from models/ on demand (e.g. a model's 200 reference records): natively the file itself, in the
// browser a fetch of models/<file> next to the page. `done(local_path, error)` on the main thread.
void fetch_model_file(const std::string& file, std::function<void(const std::string& local_path, const std::string& error)> done);

// The analyst's own data (linkage decisions and entered cases), one document per `key`. Desktop: a file in
// $CRIMESCOPE_DATA_DIR or $XDG_DATA_HOME/crimescope (~/.local/share/crimescope), written atomically; browser:
// IndexedDB (database "crimescope", store "user"). `done(text, error)`: text empty when nothing is stored. The
// desktop's files are base/user_store's. An entry that is text but does not parse is the caller's to keep aside
// (App::set_aside_user_data); one that is not text at all (browser) is moved to set_aside_key by the platform,
// which then says so in `error`, starting with kSetAsidePrefix.
void save_user_data(const std::string& key, const std::string& text, std::function<void(const std::string& error)> done);
void load_user_data(const std::string& key, std::function<void(const std::string& text, const std::string& error)> done);
// Hands a file to the user: desktop: written atomically into the data folder's exports/, or to `file_name`
// itself when it is a path (holds a '/': the app's "Save as" dialog chose it); the path is returned in `where`;
// browser: a download. Returns an error text, empty on success.
std::string export_file(const std::string& file_name, const std::string& text, std::string& where);
// The frame just drawn (or its rectangle x, y, w, h in framebuffer pixels from the top left; w <= 0: all of
// it) as a PNG, handed to the user as export_file does. Call after the frame is rendered, before the swap.
std::string export_png(const std::string& file_name, int fb_width, int fb_height, int x, int y, int w, int h, std::string& where);

// Runs an ONNX model (file name under models/) on one float input of `shape`; `done(outputs, error)` runs on
// the main thread: at once natively (ONNX Runtime), after ONNX Runtime Web loads and runs in the browser (the
// runtime is fetched on first use only, so the map and exact scores show at once). Sessions are cached.
using ModelDone = std::function<void(const std::vector<float>& output, const std::string& error)>;
void run_model(const std::string& model_file, const std::vector<float>& input, const std::vector<int64_t>& shape, ModelDone done);
// Where model sidecars (models/<name>.json) are read from; a model is offered when its sidecar exists.
std::string models_path(const std::string& relative);

// Whether this platform can browse local folders (desktop) or takes files from the page (browser).
bool has_file_browser();
// Desktop: the data folder's exports/ (created), where "Save as" starts; browser: "".
std::string exports_dir();
// The most memory the app has held, in MiB: the process's peak resident set on the desktop, the WebAssembly
// memory's size in the browser (it only grows, so its size is its peak).
double memory_peak_mib();

// Files the user drops on the window (desktop) or the page (browser, after the page copies them into
// the in-memory file system): `handler(local_path)` runs on the main thread.
void on_file_dropped(std::function<void(const std::string& local_path)> handler);

// Browser: opens the page's file chooser (its file input); desktop: no-op (the app has a browser).
void open_file_picker();

// Browser: state for tests and the URL (no-op natively).
void publish_state(const std::string& json);
// Whether publish_state reaches anyone (the page's window.crimescopeState); false on the desktop.
bool state_is_published();

// Touch gestures the page turns into map moves (browser; never natively): a pinch zooms by `factor` about
// (x_css, y_css) after the fingers' midpoint moved by (dx_css, dy_css); `cancel_tap`: a second finger came
// down, so the first finger's press is not a tap. A one-finger touch reaches ImGui as the mouse.
struct Gesture {
    double factor = 1, x_css = 0, y_css = 0, dx_css = 0, dy_css = 0;
    bool cancel_tap = false;
};
void on_gesture(std::function<void(const Gesture&)> handler);

// Commands from the page's own controls (browser: the phone's search box, its menu and language buttons):
// ("search", text), ("pick", index), ("menu", ""), ("lang", "en"|"es"), ("escape", "").
void on_page_command(std::function<void(const std::string& command, const std::string& arg)> handler);
// Whether the page draws the phone's search bar and menu button itself (browser), so ImGui does not.
bool page_draws_search_bar();
// Writes the score card in words into the page's aria-live region (browser; no-op natively).
void announce(const std::string& text);

}  // namespace crimescope::platform
