// platform_glfw.cpp: the desktop window (GLFW, OpenGL 3.3 core, ImGui GLFW + OpenGL3 backends), dropped files, PNGs
// of the frame. The desktop's files (assets, user data, exports) are platform_desktop.cpp's, shared with the
// headless test platform (platform_null.cpp).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstdlib>

#include "base/file_io.hpp"
#include "platform/gl.hpp"
#include "platform/platform_desktop.hpp"
#include "platform/platform.hpp"

namespace crimescope::platform {

namespace {
GLFWwindow* g_window = nullptr;
std::function<void(const std::string&)> g_drop;
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
bool gpu_drawing() { return true; }

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
    where = desktop_export_target(name);
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
