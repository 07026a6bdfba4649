// street_shaders.hpp: GLSL bodies for the base-map layers (issue #13), kept here rather than in shaders/
// because cmake/app.cmake embeds a fixed list of shader files (add streets.vert/frag and markers.vert/frag to
// CS_SHADERS there to move them). The platform prepends the #version line, as for shaders/.
#pragma once

namespace crimescope::app::street_shaders {

// Street segments as screen-space quads: each segment A-B is two triangles whose corners are pushed
// sideways by half the line width in pixels, so widths are exact at every zoom and DPR (GL_LINES widths
// above 1 px are not portable). a_pos: this end; a_other: the other end; a_side: the side, +1 / -1 at the
// first end A, +3 / -3 at the second end B (whose normal, of A - B, points the other way and is flipped).
inline constexpr const char* kStreetsVert = R"GLSL(
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_other;
layout(location = 2) in float a_side;
uniform vec2 u_center;        // camera centre, mercator units relative to the origin
uniform vec2 u_scale;         // mercator units -> NDC
uniform vec2 u_viewport;      // framebuffer pixels
uniform float u_half_px;      // half the line width plus the antialiasing fringe, framebuffer pixels
out float v_side;
void main() {
    vec2 p = (a_pos - u_center) * u_scale;
    vec2 o = (a_other - u_center) * u_scale;
    vec2 d = (o - p) * u_viewport;
    float len = length(d);
    vec2 n = len > 0.0 ? vec2(-d.y, d.x) / len : vec2(0.0);
    float side = sign(a_side);
    float flip = abs(a_side) > 2.0 ? -1.0 : 1.0;
    p += n * (side * flip * u_half_px * 2.0) / u_viewport;
    v_side = side;
    gl_Position = vec4(p, 0.0, 1.0);
}
)GLSL";

inline constexpr const char* kStreetsFrag = R"GLSL(
precision mediump float;
uniform vec4 u_color;
uniform highp float u_half_px;
in float v_side;
out vec4 o_color;
void main() {
    // One pixel of soft edge on each side.
    float edge = (1.0 - abs(v_side)) * u_half_px;
    o_color = vec4(u_color.rgb, u_color.a * clamp(edge, 0.0, 1.0));
}
)GLSL";

// Place markers: round sprites with a dark ring, one colour per layer.
inline constexpr const char* kMarkersVert = R"GLSL(
layout(location = 0) in vec2 a_pos;
uniform vec2 u_center;
uniform vec2 u_scale;
uniform float u_point_px;
void main() {
    gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
    gl_PointSize = u_point_px;
}
)GLSL";

inline constexpr const char* kMarkersFrag = R"GLSL(
precision mediump float;
uniform vec4 u_color;
out vec4 o_color;
void main() {
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float r = length(d);
    if (r > 1.0) discard;
    vec3 c = r > 0.62 ? vec3(0.05, 0.06, 0.08) : u_color.rgb;
    o_color = vec4(c, u_color.a * (1.0 - smoothstep(0.85, 1.0, r)));
}
)GLSL";

}  // namespace crimescope::app::street_shaders
