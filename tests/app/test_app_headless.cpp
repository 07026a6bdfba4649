// test_app_headless.cpp: the real app (src/app: state, views, map renderer's CPU side) on the headless platform
// (src/platform/platform_null.cpp: ImGui with no window and no GL backend, as imgui's examples/example_null),
// driven frame by frame through ImGuiIO: every view is opened on the bundled data, drawn for some frames, then
// clicked, scrolled and typed into all over its window. Each TEST_CASE runs in its own process (CTest).
// Needs no display, no GPU and no ../shared/data; the Xvfb and browser tests check the pixels.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "platform/platform.hpp"
#include "platform/platform_null.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using nlohmann::json;

namespace {

// One app run: a fresh data folder, the platform, the app; `step(frame, state)` before every frame (state: the app's
// state JSON after the frame before) returns false to stop. Waits are bounded by wall time (max_seconds), not by
// frames: packs, training and ONNX Runtime run on worker threads against the clock, and the loop sleeps 1 ms a
// frame so that a fast loop does not spin.
struct Headless {
    int width = 1280, height = 800;
    long max_frames = 1000000;
    double max_seconds = 120;
    std::unique_ptr<app::App> app;
    json state;

    json parse_state() { return json::parse(app->state_json()); }

    void run(app::AppOptions opts, const std::function<bool(long, const json&)>& step) {
        static int n = 0;
        const std::string data = std::filesystem::temp_directory_path().string() + "/cs_headless_" +
                                 std::to_string(::getpid()) + "_" + std::to_string(n++);
        std::filesystem::remove_all(data);
        std::filesystem::create_directories(data);
        ::setenv("CRIMESCOPE_DATA_DIR", data.c_str(), 1);
        platform::WindowParams wp;
        wp.width = width;
        wp.height = height;
        REQUIRE(platform::init(wp));
        app = std::make_unique<app::App>();
        std::string error;
        const bool ok = app->init(opts, error);
        INFO(error);
        REQUIRE(ok);
        platform::on_file_dropped([this](const std::string& p) { app->file_dropped(p); });
        const auto t0 = std::chrono::steady_clock::now();
        platform::headless::set_driver([&](long frame) {
            if (frame >= max_frames) return false;
            if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > max_seconds) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (frame > 0) state = parse_state();   // the frame before's (no frame yet at 0)
            return step(frame, state);
        });
        platform::run([this] { app->frame(); }, [this] { app->after_render(); });
        state = parse_state();
        app.reset();   // joins the app's jobs
        platform::shutdown();
        std::filesystem::remove_all(data);
    }
};

// The window named `name` (prefix) in the state's windows list, as {x, y, w, h} (CSS px = ImGui px here).
bool window_rect(const json& st, const std::string& name, float r[4]) {
    if (!st.contains("windows")) return false;
    for (const auto& w : st["windows"])
        if (w.value("name", "").rfind(name, 0) == 0) {
            r[0] = w["x"].get<float>(), r[1] = w["y"].get<float>(), r[2] = w["w"].get<float>(), r[3] = w["h"].get<float>();
            return true;
        }
    return false;
}

// Input for one frame: the mouse at (x, y), the left button down or up.
void mouse(float x, float y, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    io.AddMouseButtonEvent(0, down);
}

// A monkey over a window: every point of a grid inside it (below the title bar) is clicked (press, release,
// a frame to react), every 5th click also types a few characters and presses Enter, every 7th scrolls. Returns
// the number of frames it needs, and drives frame `k` of them.
struct Monkey {
    float rect[4] = {0, 0, 0, 0};
    int cols = 7, rows = 9;
    mutable int hits = 0;   // presses that made a widget active (the clicks reached the view's controls)
    long frames() const { return static_cast<long>(cols) * rows * 3; }
    void drive(long k) const {
        const long click = k / 3, phase = k % 3;
        const float x = rect[0] + rect[2] * (0.5f + static_cast<float>(click % cols)) / static_cast<float>(cols);
        const float top = rect[1] + 24;   // below the title bar: the close button stays untouched
        const float y = top + (rect[3] - 24) * (0.5f + static_cast<float>(click / cols)) / static_cast<float>(rows);
        ImGuiIO& io = ImGui::GetIO();
        if (phase == 1) {   // the frame after the press: a widget is active (not the window's own move handle)
            const ImGuiContext& g = *ImGui::GetCurrentContext();
            if (g.ActiveId != 0 && !(g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId)) ++hits;
        }
        if (phase == 0) mouse(x, y, true);
        else if (phase == 1) mouse(x, y, false);
        else {
            if (click % 5 == 4) {
                io.AddInputCharactersUTF8("7a");
                io.AddKeyEvent(ImGuiKey_Enter, true);
            } else if (click % 5 == 0) {
                io.AddKeyEvent(ImGuiKey_Enter, false);
            }
            if (click % 7 == 6) io.AddMouseWheelEvent(0, -1);
        }
    }
};

// Opens a view, waits until `ready(state)` (its data loaded and computed), then lets the monkey loose on its
// window; the state after it must still say the view and a city are there.
void drive_view(app::AppOptions opts, const std::string& window, const std::string& key,
                const std::function<bool(const json&)>& ready) {
    Headless h;
    long ready_at = -1;
    Monkey m;
    bool saw_window = false;
    h.run(opts, [&](long frame, const json& st) {
        if (frame == 0) return true;
        if (ready_at < 0) {
            if (st.value("loading", false) || !st.contains(key) || !ready(st[key])) return true;
            saw_window = window_rect(st, window, m.rect);
            if (!saw_window) return true;   // a window shows from its 2nd frame
            ready_at = frame;
            return true;
        }
        const long k = frame - ready_at;
        if (k < m.frames()) {
            m.drive(k);
            return true;
        }
        return k < m.frames() + 30;   // settle: jobs the clicks started report
    });
    INFO("state: " << h.state.dump().substr(0, 1500));
    REQUIRE(ready_at > 0);
    REQUIRE(saw_window);
    WARN(key << ": " << h.state[key].dump().substr(0, 300) << "; " << m.hits << " of " << m.cols * m.rows << " clicks on a widget");
    CHECK(m.hits >= 3);
    CHECK(h.state.contains(key));   // the view is still open (the monkey never touches the title bar)
    CHECK(h.state.value("rows", 0) > 0);
    CHECK(h.state.contains("windows"));
}

}  // namespace

TEST_CASE("headless: the map opens on the demo pack, and a click on it opens the score card", "[app][headless]") {
    Headless h;
    long clicked = -1;
    h.run({}, [&](long frame, const json& st) {
        if (frame == 0 || st.value("loading", false) || st.value("rows", 0) == 0) return true;
        if (clicked < 0) {
            // The map's middle, right of the sidebar (the sidebar is the "crimescope" window on the left).
            float r[4];
            if (!window_rect(st, "crimescope", r)) return true;   // a window shows from its 2nd frame
            const float x = (r[0] + r[2] + static_cast<float>(h.width)) / 2, y = static_cast<float>(h.height) / 2;
            mouse(x, y, false);
            clicked = frame;
            return true;
        }
        const long k = frame - clicked;
        if (k == 2 || k == 3) mouse(ImGui::GetIO().MousePos.x, ImGui::GetIO().MousePos.y, k == 2);
        return k < 40 && !(k > 4 && st.contains("score"));
    });
    INFO("state: " << h.state.dump().substr(0, 1500));
    CHECK(h.state["city"] == "houston");
    CHECK(h.state["rows"].get<long>() > 70000);
    CHECK(h.state["layout"] == "desktop");
    REQUIRE(h.state.contains("score"));
    CHECK(h.state["score"]["S"].get<double>() >= 0);
    CHECK(h.state["score"]["S"].get<double>() <= 1);
    CHECK(!h.state["score"]["text"].get<std::string>().empty());
}

TEST_CASE("headless: the phone layout in Spanish, a tap opens the plain card", "[app][headless]") {
    Headless h;
    h.width = 390;
    h.height = 844;
    app::AppOptions opts;
    opts.layout = "phone";
    opts.lang = "es";
    opts.touch_only = true;
    long tapped = -1;
    h.run(opts, [&](long frame, const json& st) {
        if (frame == 0 || st.value("loading", false) || st.value("rows", 0) == 0) return true;
        if (tapped < 0) {
            mouse(195, 420, false);
            tapped = frame;
            return true;
        }
        const long k = frame - tapped;
        if (k == 1 || k == 2) mouse(195, 420, k == 1);
        // A single tap is scored once the double-tap time has passed (real time): wait for it.
        if (k > 2 && !st.contains("score")) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return k < 200 && !(k > 3 && st.contains("score"));
    });
    INFO("state: " << h.state.dump().substr(0, 1500));
    CHECK(h.state["layout"] == "phone");
    CHECK(h.state["lang"] == "es");
    REQUIRE(h.state.contains("score"));
    const std::string text = h.state["score"]["text"].get<std::string>();
    CHECK(!text.empty());
    // The phone's card is the bottom sheet, drawn by ImGui natively (the page draws the search bar in the browser).
    float r[4];
    CHECK(window_rect(h.state, "Score card", r));
}

// One process per view (CTest runs each TEST_CASE alone): no state is carried from one view's app to the next.
TEST_CASE("headless: the forecast view computes and takes clicks all over its window", "[app][headless]") {
    app::AppOptions opts;
    opts.view = "forecast";
    opts.pack_id = "new_york";   // 14 months or more (Houston's demo pack has 7: the view says it cannot forecast)
    drive_view(opts, "Forecast", "forecast", [](const json& f) { return f.contains("month"); });
}

TEST_CASE("headless: the patterns view (CR-Ω+) trains and takes clicks all over its window", "[app][headless]") {
    app::AppOptions opts;
    opts.view = "patterns";
    drive_view(opts, "Patterns", "patterns", [](const json& p) { return p.contains("class"); });
}

TEST_CASE("headless: the linkage view trains on crimelinkage and takes clicks all over its window", "[app][headless]") {
    app::AppOptions opts;
    opts.view = "linkage";
    opts.link_set = "crimelinkage";
    drive_view(opts, "Serial-crime linkage", "linkage", [](const json& l) { return l.value("trained", false) && l.value("error", "").empty(); });
}

TEST_CASE("headless: the classifier view loads LCRNet (ONNX Runtime) and takes clicks all over its window", "[app][headless]") {
    app::AppOptions opts;
    opts.view = "classify";
    opts.classify_model = "lapd";
    drive_view(opts, "Crime type", "classify", [](const json& c) {
        return !c.value("model", "").empty() && !c.value("pending", true) && c.value("error", "").empty();
    });
}

TEST_CASE("headless: the hotspots view computes and takes clicks all over its window", "[app][headless]") {
    app::AppOptions opts;
    opts.view = "hotspots";
    drive_view(opts, "Hotspots", "hotspots", [](const json& x) { return !x.value("busy", true) && x.value("incidents", 0) > 0; });
}

TEST_CASE("headless: an analyst's CSV dropped on the window is read, reported and put on the map", "[app][headless]") {
    Headless h;
    long dropped = -1;
    Monkey m;
    long monkey_at = -1;
    h.run({}, [&](long frame, const json& st) {
        if (frame == 0 || st.value("loading", false) || st.value("rows", 0) == 0) return true;
        if (dropped < 0) {
            platform::headless::drop_file(cs_test::fixture("incidents/chicago_portal_sample.csv"));
            dropped = frame;
            return true;
        }
        if (monkey_at < 0) {
            if (!st.contains("report") || st.value("loading", false)) return true;
            // The mapping editor / ingest report window takes the monkey's clicks.
            if (!window_rect(st, "Ingest report", m.rect) && !window_rect(st, "crimescope", m.rect)) return true;
            monkey_at = frame;
            return true;
        }
        const long k = frame - monkey_at;
        if (k < m.frames()) m.drive(k);
        return k < m.frames() + 30;
    });
    INFO("state: " << h.state.dump().substr(0, 1500));
    REQUIRE(dropped > 0);
    REQUIRE(monkey_at > 0);
    REQUIRE(h.state.contains("report"));
    const auto& rep = h.state["report"];
    CHECK(rep.value("file", "").find("chicago_portal_sample.csv") != std::string::npos);
    CHECK(rep.value("rows_kept", 0L) > 0);
    CHECK(h.state.value("rows", 0L) == rep.value("rows_kept", -1L));
}

TEST_CASE("headless: the sidebar and the map take clicks everywhere on the desktop layout", "[app][headless]") {
    Headless h;
    Monkey m;
    m.cols = 12;
    m.rows = 14;
    long start = -1;
    h.run({}, [&](long frame, const json& st) {
        if (frame == 0 || st.value("loading", false) || st.value("rows", 0) == 0) return true;
        if (start < 0) {
            m.rect[0] = 0, m.rect[1] = 0, m.rect[2] = static_cast<float>(h.width), m.rect[3] = static_cast<float>(h.height);
            start = frame;
            return true;
        }
        const long k = frame - start;
        if (k < m.frames()) m.drive(k);
        return k < m.frames() + 30;
    });
    INFO("state: " << h.state.dump().substr(0, 1500));
    REQUIRE(start > 0);
    WARN(m.hits << " of " << m.cols * m.rows << " clicks on a widget");
    CHECK(m.hits >= 10);
    CHECK(h.state.value("rows", 0) > 0);
    CHECK(h.state.contains("windows"));
}
