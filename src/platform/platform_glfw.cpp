// platform_glfw.cpp: desktop platform (GLFW window, OpenGL 3.3 core, ImGui GLFW + OpenGL3 backends).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cctype>

#include "base/file_io.hpp"
#include "base/user_store.hpp"
#include "platform/gl.hpp"
#include "platform/platform.hpp"

namespace crimescope::platform {

namespace {
GLFWwindow* g_window = nullptr;
std::function<void(const std::string&)> g_drop;

bool file_exists(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
}

std::string assets_root() {
    if (const char* env = std::getenv("CRIMESCOPE_ASSETS")) return env;
    return CS_DEFAULT_ASSETS;   // the source tree's assets/ (set by CMake)
}
}  // namespace

bool init(const WindowParams& p) {
    glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "GLFW error %d: %s\n", code, msg); });
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    g_window = glfwCreateWindow(p.width, p.height, p.title.c_str(), nullptr, nullptr);
    if (!g_window) return false;
    glfwMakeContextCurrent(g_window);
    glfwSwapInterval(p.vsync ? 1 : 0);
    glEnable(GL_PROGRAM_POINT_SIZE);   // core profile: let the point shader set gl_PointSize (WebGL2 always does)
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;   // no imgui.ini in the working folder: windows open where the app puts them
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init(glsl_version());
    return true;
}

const char* glsl_version() { return "#version 330 core"; }

float content_scale() {
    float x = 1, y = 1;
    if (g_window) glfwGetWindowContentScale(g_window, &x, &y);
    return x > 0 ? x : 1.0f;
}

void framebuffer_size(int& w, int& h) { glfwGetFramebufferSize(g_window, &w, &h); }

void run(const std::function<void()>& frame, const std::function<void()>& after_render) {
    while (!glfwWindowShouldClose(g_window)) {
        glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        frame();
        ImGui::Render();
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (after_render) after_render();
        glfwSwapBuffers(g_window);
    }
}

void request_exit() { glfwSetWindowShouldClose(g_window, GLFW_TRUE); }

void shutdown() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(g_window);
    glfwTerminate();
}

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

namespace {
// Where an export goes: the path "Save as" chose (a name with a '/'), else the data folder's exports/NAME.
std::string export_target(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const std::string dir = data_dir() + "/exports";
    make_dirs(dir);
    return dir + "/" + safe_name(name);
}
}  // namespace

std::string export_file(const std::string& name, const std::string& text, std::string& where) {
    where = export_target(name);
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

void on_file_dropped(std::function<void(const std::string&)> handler) {
    g_drop = std::move(handler);
    glfwSetDropCallback(g_window, [](GLFWwindow*, int n, const char** paths) {
        if (g_drop && n > 0) g_drop(paths[0]);
    });
}

}  // namespace crimescope::platform

// ---------------------------------------------------------------------------------------------------
#include <stb/stb_image_write.h>

#include <algorithm>
#include <vector>

#include "platform/screenshot.hpp"

namespace crimescope::platform {

std::string export_png(const std::string& name, int fb_w, int fb_h, int x, int y, int w, int h, std::string& where) {
    if (w <= 0 || h <= 0) x = 0, y = 0, w = fb_w, h = fb_h;
    x = std::clamp(x, 0, fb_w), y = std::clamp(y, 0, fb_h);
    w = std::min(w, fb_w - x), h = std::min(h, fb_h - y);
    if (w <= 0 || h <= 0) return "nothing to save: the rectangle is outside the window";
    std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(x, fb_h - y - h, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());   // GL rows start at the bottom
    std::vector<uint8_t> png;
    stbi_flip_vertically_on_write(1);
    const int ok = stbi_write_png_to_func([](void* ctx, void* data, int n) {
        auto* out = static_cast<std::vector<uint8_t>*>(ctx);
        out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + n);
    }, &png, w, h, 3, px.data(), w * 3);
    if (!ok) return "cannot encode the PNG";
    where = export_target(name);
    auto st = write_file_atomic(where, png.data(), png.size());
    return st ? "" : st.error().to_string();
}

Status save_screenshot(const std::string& path, int w, int h) {
    std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3))
        return make_error(ErrorKind::Io, "cannot write PNG", path);
    return Ok{};
}

}  // namespace crimescope::platform
