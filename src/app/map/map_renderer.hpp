// map_renderer.hpp: draws boundaries, the base-map layers (streets, places, the user's layers) and incident
// points with the shaders in shaders/ and map/street_shaders.hpp. Points live in one vertex buffer uploaded
// once per pack (5 floats each); filters are uniforms, so a filter change costs no upload and drawing N points
// is one draw call. Streets are screen-space quads in one buffer uploaded when the pack or the user's layers
// change (never per frame), drawn with one call per kind and rank; places are sprites, one call per layer.
// Dense data (issue #15): when AppState::dens.on, the binned counts are one texture (a texel per bin) drawn as
// one quad instead of the points; it is rebuilt only when the bins are (a zoom step, a filter change, a pan
// out of the binned box).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/app_state.hpp"

namespace crimescope::app {

// The heat overlay's colour ramp (inferno-like) for S in [0, 1]; alpha grows with S.
ImVec4 heat_colour(double s01);
// The density layer's ramp (blue -> teal -> green -> yellow, readable on the dark map) for t in [0, 1]; alpha
// grows with t. The legend draws the same ramp.
ImVec4 density_colour(double t01);
// A bin's place on the ramp: its count's mid-rank among the occupied bins' counts (`ranked`, ascending), so the
// colours spread evenly over the bins whatever the counts' range (the legend labels the fewest, median, most).
double density_t(uint32_t count, const std::vector<uint32_t>& ranked);

class MapRenderer {
public:
    bool init(std::string& error);   // compiles the programs (needs a current GL context)
    void upload(const AppState& state);
    // Uploads `n` synthetic points (bench): xy in mercator units relative to the origin, slot per point.
    void upload_points(const std::vector<float>& xy, const std::vector<float>& attr);
    void draw(const AppState& state);
    // Colours the heat grid by S (the same ramp as heat_colour) into an RGBA texture; returns its GL id.
    unsigned upload_heat(const AppState& state);
    // Colours state.dens.grid by count into an RGBA texture (transparent where empty); returns its GL id.
    unsigned upload_density(const AppState& state);
    size_t point_count() const { return m_points; }
    size_t base_segment_count() const { return m_base_segments; }

    // One draw call over a range of the street or marker buffer.
    struct BaseDraw {
        int first = 0, count = 0;   // vertices
        bool markers = false;       // sprites (markers buffer) or quads (streets buffer)
        bool street_zoom_only = false;
        float width_css = 1, width_css_street = 1;   // line width / marker size at city and street zoom
        float r = 0, g = 0, b = 0, a = 0;
    };

private:
    void upload_base(const AppState& state);   // streets and markers of drawn_base_layers(state)
    void draw_base(const AppState& state, float cx, float cy, float kx, float ky);

    bool m_gpu = true;   // false on the headless test platform: CPU work only, no GL call
    unsigned m_point_prog = 0, m_line_prog = 0, m_street_prog = 0, m_marker_prog = 0;
    unsigned m_street_vao = 0, m_street_vbo = 0, m_marker_vao = 0, m_marker_vbo = 0;
    std::vector<BaseDraw> m_base_draws;
    std::vector<const void*> m_base_key;   // what the base buffers were built from (re-upload on change)
    size_t m_base_segments = 0;
    struct {
        int centre, scale, viewport, half_px, colour;
    } m_su{};
    struct {
        int centre, scale, point_px, colour;
    } m_mu{};
    unsigned m_point_vao = 0, m_point_vbo[2] = {0, 0};
    unsigned m_line_vao = 0, m_line_vbo = 0;
    unsigned m_heat_tex = 0;
    unsigned m_density_prog = 0, m_density_vao = 0, m_density_vbo = 0, m_density_tex = 0;
    struct {
        int centre, scale, tex, grid, gap;
    } m_du{};
    size_t m_points = 0, m_line_vertices = 0;
    struct {
        int centre, scale, day_range, minute_range, colours, point_px;
    } m_pu{};
    struct {
        int centre, scale, colour;
    } m_lu{};
};

}  // namespace crimescope::app
