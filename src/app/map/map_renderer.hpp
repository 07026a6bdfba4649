// map_renderer.hpp: draws boundaries and incident points with the shaders in shaders/. Points live in
// one vertex buffer uploaded once per pack (5 floats each); filters are uniforms, so a filter change
// costs no upload and drawing N points is one draw call.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/app_state.hpp"

namespace crimescope::app {

// The heat overlay's colour ramp (inferno-like) for S in [0, 1]; alpha grows with S.
ImVec4 heat_colour(double s01);

class MapRenderer {
public:
    bool init(std::string& error);   // compiles the programs (needs a current GL context)
    void upload(const AppState& state);
    // Uploads `n` synthetic points (bench): xy in mercator units relative to the origin, slot per point.
    void upload_points(const std::vector<float>& xy, const std::vector<float>& attr);
    void draw(const AppState& state);
    // Colours the heat grid by S (the same ramp as heat_colour) into an RGBA texture; returns its GL id.
    unsigned upload_heat(const AppState& state);
    size_t point_count() const { return m_points; }

private:
    unsigned m_point_prog = 0, m_line_prog = 0;
    unsigned m_point_vao = 0, m_point_vbo[2] = {0, 0};
    unsigned m_line_vao = 0, m_line_vbo = 0;
    unsigned m_heat_tex = 0;
    size_t m_points = 0, m_line_vertices = 0;
    struct {
        int centre, scale, day_range, minute_range, colours, point_px;
    } m_pu{};
    struct {
        int centre, scale, colour;
    } m_lu{};
};

}  // namespace crimescope::app
