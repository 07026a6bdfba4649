// screenshot.hpp: save the current back buffer as PNG (desktop tests; the browser tests use Playwright).
#pragma once
#include <string>

#include "base/result.hpp"

namespace crimescope::platform {
Status save_screenshot(const std::string& path, int width, int height);
}
