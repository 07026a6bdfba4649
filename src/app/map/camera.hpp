// camera.hpp: the map view in Web Mercator units (relative to the pack origin) and framebuffer pixels.
// Pan by pixels, zoom about a pixel, fit a box. Header-only and pure (tested without a window).
#pragma once
#include <algorithm>
#include <cmath>

namespace crimescope::app {

struct Camera {
    double centre_x = 0, centre_y = 0;   // mercator units relative to the origin
    double px_per_unit = 1e5;            // framebuffer pixels per mercator unit (zoom)

    void screen_to_map(double sx, double sy, int w, int h, double& mx, double& my) const {
        mx = centre_x + (sx - w * 0.5) / px_per_unit;
        my = centre_y + (sy - h * 0.5) / px_per_unit;
    }
    void map_to_screen(double mx, double my, int w, int h, double& sx, double& sy) const {
        sx = (mx - centre_x) * px_per_unit + w * 0.5;
        sy = (my - centre_y) * px_per_unit + h * 0.5;
    }
    void pan_px(double dx, double dy) {
        centre_x -= dx / px_per_unit;
        centre_y -= dy / px_per_unit;
    }
    // Zooms by `factor` keeping the map point under (sx, sy) fixed.
    void zoom_about(double factor, double sx, double sy, int w, int h) {
        double mx, my;
        screen_to_map(sx, sy, w, h, mx, my);
        px_per_unit = std::clamp(px_per_unit * factor, 50.0, 5e8);
        centre_x = mx - (sx - w * 0.5) / px_per_unit;
        centre_y = my - (sy - h * 0.5) / px_per_unit;
    }
    void fit(double x0, double y0, double x1, double y1, int w, int h, double margin = 0.05) {
        centre_x = (x0 + x1) * 0.5;
        centre_y = (y0 + y1) * 0.5;
        double sx = w / std::max(1e-12, (x1 - x0) * (1 + 2 * margin));
        double sy = h / std::max(1e-12, (y1 - y0) * (1 + 2 * margin));
        px_per_unit = std::clamp(std::min(sx, sy), 50.0, 5e8);
    }
};

}  // namespace crimescope::app
