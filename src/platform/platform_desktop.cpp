// platform_desktop.cpp: the desktop's files, shared by the GLFW window (platform_glfw.cpp) and the headless test
// platform (platform_null.cpp): where assets and fonts live, packs and models read in place, the analyst's own
// data in the data folder (base/user_store, atomic writes), exports, and the no-ops of the page's hooks.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <sys/stat.h>

#include "base/file_io.hpp"
#include "base/user_store.hpp"
#include "platform/platform.hpp"
#include "platform/platform_desktop.hpp"

namespace crimescope::platform {

namespace {
bool file_exists(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
}

std::string assets_root() {
    if (const char* env = std::getenv("CRIMESCOPE_ASSETS")) return env;
    return CS_DEFAULT_ASSETS;   // the source tree's assets/ (set by CMake)
}
}  // namespace

std::string asset_path(const std::string& rel) { return assets_root() + "/" + rel; }

std::string font_path() {
    for (const std::string& p : {std::string(CS_FONT_DIR) + "/DejaVuSans.ttf",
                                 std::string("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")})
        if (file_exists(p)) return p;
    return {};
}

void fetch_pack(const std::string& file, std::function<void(const std::string&, const std::string&)> done) {
    std::string path = asset_path("packs/" + file);
    if (!file_exists(path)) done("", path + ": pack file not found");
    else done(path, "");
}

void fetch_asset(const std::string& rel, std::function<void(const std::string&, const std::string&)> done) {
    std::string path = asset_path(rel);
    if (!file_exists(path)) done("", path + ": file not found");
    else done(path, "");
}

void fetch_model_file(const std::string& file, std::function<void(const std::string&, const std::string&)> done) {
    std::string path = models_path(file);
    if (!file_exists(path)) done("", path + ": file not found");
    else done(path, "");
}

namespace {
std::string data_dir() {
    if (const char* env = std::getenv("CRIMESCOPE_DATA_DIR")) return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/crimescope";
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.local/share/crimescope";
    return "crimescope-data";
}
void make_dirs(const std::string& dir) {
    for (size_t p = 1; p <= dir.size(); ++p)
        if (p == dir.size() || dir[p] == '/') ::mkdir(dir.substr(0, p).c_str(), 0755);
}
std::string safe_name(const std::string& key) {
    std::string out;
    for (char c : key) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return out;
}
}  // namespace

void save_user_data(const std::string& key, const std::string& text, std::function<void(const std::string&)> done) {
    auto st = save_user_document(data_dir(), key, text);
    if (done) done(st ? "" : st.error().to_string());
}

void load_user_data(const std::string& key, std::function<void(const std::string&, const std::string&)> done) {
    auto text = load_user_document(data_dir(), key);
    if (!text) done("", text.error().to_string());
    else done(text.value(), "");
}

// Where an export goes: the path "Save as" chose (a name with a '/'), else the data folder's exports/NAME.
std::string desktop_export_target(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const std::string dir = data_dir() + "/exports";
    make_dirs(dir);
    return dir + "/" + safe_name(name);
}

std::string export_file(const std::string& name, const std::string& text, std::string& where) {
    where = desktop_export_target(name);
    auto st = write_file_atomic(where, text);
    return st ? "" : st.error().to_string();
}

bool has_file_browser() { return true; }

double memory_peak_mib() {
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
    return static_cast<double>(u.ru_maxrss) / 1024.0;   // KiB on Linux
}

std::string exports_dir() {
    const std::string dir = data_dir() + "/exports";
    make_dirs(dir);
    return dir;
}

void publish_state(const std::string&) {}
bool state_is_published() { return false; }

void on_gesture(std::function<void(const Gesture&)>) {}
void on_page_command(std::function<void(const std::string&, const std::string&)>) {}
bool page_draws_search_bar() { return false; }
void announce(const std::string&) {}

void open_file_picker() {}

}  // namespace crimescope::platform
