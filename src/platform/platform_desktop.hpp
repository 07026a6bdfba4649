// platform_desktop.hpp: what the desktop's window (platform_glfw.cpp) and the headless platform (platform_null.cpp)
// share beyond platform.hpp.
#pragma once
#include <string>

namespace crimescope::platform {

// Where an export named `name` is written: `name` itself when it is a path (holds a '/': "Save as" chose it),
// else the data folder's exports/NAME (created), the name made safe.
std::string desktop_export_target(const std::string& name);

}  // namespace crimescope::platform
