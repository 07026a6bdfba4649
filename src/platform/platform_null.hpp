// platform_null.hpp: the headless test platform's hooks (platform_null.cpp: ImGui without a window or GL backend,
// as imgui's examples/example_null). Tests drive the real app through them: input goes in through ImGuiIO before
// each frame, and files are dropped as on the window.
#pragma once
#include <functional>
#include <string>

namespace crimescope::platform::headless {

// Called before each frame's NewFrame with the frame's number (0, 1, ...): feeds input (ImGui::GetIO()'s
// AddMousePosEvent, AddMouseButtonEvent, AddInputCharactersUTF8, ...), reads the app's state. Returning false
// ends platform::run, as request_exit does. Without a driver, run stops after 600 frames.
using Driver = std::function<bool(long frame)>;
void set_driver(Driver driver);
// As if `path` were dropped on the window: the handler of platform::on_file_dropped runs (on this thread).
void drop_file(const std::string& path);
// Frames run since platform::init.
long frames();

}  // namespace crimescope::platform::headless
