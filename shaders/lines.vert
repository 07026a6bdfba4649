// Boundary lines (GL_LINES pairs), same transform as the points.
layout(location = 0) in vec2 a_pos;
uniform vec2 u_center;
uniform vec2 u_scale;
void main() {
    gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
}
