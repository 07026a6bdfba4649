// Incident points. One vertex buffer uploaded once per pack; filters are uniforms.
// a_pos: Web Mercator units relative to the pack origin; a_attr: (day offset, minute of day or -1, colour slot).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec3 a_attr;
uniform vec2 u_center;        // camera centre, mercator units relative to the origin
uniform vec2 u_scale;         // mercator units -> NDC
uniform vec2 u_day_range;     // inclusive day offsets
uniform vec2 u_minute_range;  // [min, max) minutes of the day; x < 0 means all hours
uniform vec4 u_colors[64];    // colour per slot; alpha 0 = category filtered out
uniform float u_point_px;
out vec4 v_color;
void main() {
    vec4 c = u_colors[int(a_attr.z + 0.5)];
    bool visible = a_attr.x >= u_day_range.x && a_attr.x <= u_day_range.y && c.a > 0.0;
    if (u_minute_range.x >= 0.0)
        visible = visible && a_attr.y >= u_minute_range.x && a_attr.y < u_minute_range.y;
    if (!visible) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);   // outside the clip volume: discarded
        gl_PointSize = 0.0;
        v_color = vec4(0.0);
        return;
    }
    gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
    gl_PointSize = u_point_px;
    v_color = c;
}
