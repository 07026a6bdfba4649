// platform_null.cpp: the headless platform of the app tests (tests/app/test_app_headless.cpp): an ImGui context
// with no window and no renderer backend, as imgui's examples/example_null. Frames run as fast as the app makes
// them; ImGui builds its draw lists and nothing draws them; the map renderer makes no GL call (gpu_drawing()).
// Files, user data and exports are the desktop's (platform_desktop.cpp), so a test points CRIMESCOPE_DATA_DIR
// at a folder of its own.
#include <imgui.h>

#include "base/result.hpp"
#include "platform/platform.hpp"
#include "platform/platform_null.hpp"
#include "platform/screenshot.hpp"

namespace crimescope::platform {

namespace {
headless::Driver g_driver;
std::function<void(const std::string&)> g_drop;
bool g_exit = false;
long g_frames = 0;
int g_width = 1280, g_height = 800;
constexpr long kFramesWithoutDriver = 600;
}  // namespace

namespace headless {
void set_driver(Driver driver) { g_driver = std::move(driver); }
void drop_file(const std::string& path) {
    if (g_drop) g_drop(path);
}
long frames() { return g_frames; }
}  // namespace headless

bool init(const WindowParams& p) {
    g_exit = false;
    g_frames = 0;
    g_width = p.width;
    g_height = p.height;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.BackendPlatformName = "crimescope_null";
    io.DisplaySize = ImVec2(static_cast<float>(p.width), static_cast<float>(p.height));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    return true;
}

const char* glsl_version() { return ""; }
bool gpu_drawing() { return false; }
float content_scale() { return 1.0f; }
void framebuffer_size(int& w, int& h) {
    w = g_width;
    h = g_height;
}

void run(const std::function<void()>& frame, const std::function<void()>& after_render) {
    ImGuiIO& io = ImGui::GetIO();
    while (!g_exit) {
        if (g_driver ? !g_driver(g_frames) : g_frames >= kFramesWithoutDriver) break;
        if (!io.Fonts->IsBuilt()) {   // the fonts the app added: built on the CPU (a backend would upload them)
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
            io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        }
        io.DisplaySize = ImVec2(static_cast<float>(g_width), static_cast<float>(g_height));
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        frame();
        ImGui::Render();
        if (after_render) after_render();
        ++g_frames;
    }
}

void request_exit() { g_exit = true; }

void shutdown() {
    ImGui::DestroyContext();
    g_driver = nullptr;
    g_drop = nullptr;
}

void on_file_dropped(std::function<void(const std::string&)> handler) { g_drop = std::move(handler); }

std::string export_png(const std::string&, int, int, int, int, int, int, std::string& where) {
    where.clear();
    return "no picture: the headless platform draws no pixels";
}

Status save_screenshot(const std::string& path, int, int) {
    return make_error(ErrorKind::Io, "no screenshot: the headless platform draws no pixels", path);
}

}  // namespace crimescope::platform
