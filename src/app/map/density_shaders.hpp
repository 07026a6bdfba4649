// density_shaders.hpp: GLSL bodies for the density layer (issue #15): one quad over the binned box, one texel
// per bin (nearest sampling), a one-pixel gap between bins so they read as tiles. Kept beside the renderer, as
// street_shaders.hpp is, because cmake/app.cmake embeds a fixed list of shader files. The platform prepends the
// #version line.
#pragma once

namespace crimescope::app::density_shaders {

inline constexpr const char* kDensityVert = R"GLSL(
layout(location = 0) in vec2 a_pos;   // mercator units relative to the origin
layout(location = 1) in vec2 a_uv;    // 0..1 over the grid
uniform vec2 u_center;
uniform vec2 u_scale;
out vec2 v_uv;
void main() {
    v_uv = a_uv;
    gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
}
)GLSL";

inline constexpr const char* kDensityFrag = R"GLSL(
precision highp float;
uniform sampler2D u_tex;
uniform vec2 u_grid;     // bins across, down
uniform float u_gap;     // the gap, as a fraction of a bin (0: none)
in vec2 v_uv;
out vec4 o_color;
void main() {
    vec2 f = fract(v_uv * u_grid);
    if (f.x < u_gap || f.y < u_gap) discard;
    vec4 c = texture(u_tex, v_uv);
    if (c.a <= 0.0) discard;
    o_color = c;
}
)GLSL";

}  // namespace crimescope::app::density_shaders
