// base_layers.hpp: the street and place layers under the points (issue #13): labels at street zoom, the
// attribution of each drawn layer ("© OpenStreetMap contributors"), the state-JSON summary of the layers and
// loading a user's own GeoJSON layer. Lines and markers themselves are drawn by MapRenderer.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "base/result.hpp"

namespace crimescope::app {

// Street names at their longest visible segment and place names beside their markers, drawn on ImGui's
// background draw list (under the windows), only at street zoom, decluttered on a screen grid; the credits
// of the layers drawn, bottom right on the map. Cheap per frame: culls by the screen box, caps the count.
void draw_base_labels(const AppState& state);

// [{"name", "kind": "streets" | "places" | "boundaries" | "user", "features", "named"}] for the pack's
// boundary layers, its base layers and the user's layers (the `base_layers` field of the state JSON).
nlohmann::json base_layers_state_json(const AppState& state);

// Reads a GeoJSON of lines or points with a name property into state.user_layers (kind "user"); the renderer
// re-uploads on its next frame. A file that is not GeoJSON, has no line or point features, or cannot be read
// gives an error naming the file (state unchanged).
Status load_user_layer(AppState& state, const std::string& path);

// The layers drawn now, in drawing order: the pack's base layers, then the user's (none while
// state.show_base_layers is off). Shared by the renderer and the labels so both agree.
std::vector<const data::BaseLayer*> drawn_base_layers(const AppState& state);

// The credits of the layers drawn at the current zoom, joined by " · " ("© OpenStreetMap contributors");
// empty when none. draw_base_labels draws it bottom right; a layout that covers that corner can show it too.
std::string base_layers_attribution(const AppState& state);

// Street zoom: labels, minor streets and place markers show at or below this many metres per CSS pixel.
constexpr double kStreetZoomMPerCssPx = 3.0;
// Framebuffer pixels per CSS pixel: the framebuffer scale (browser devicePixelRatio, Retina), or the
// monitor's content scale where the framebuffer is not scaled (X11, Windows), as the fonts use.
double device_px_per_css_px(const AppState& state);
// Ground metres per CSS pixel at the camera centre (the state's camera.m_per_css_px).
double metres_per_css_px(const AppState& state);

}  // namespace crimescope::app
