#include "app/map/map_renderer.hpp"

#include <algorithm>

#include "platform/gl.hpp"
#include "platform/platform.hpp"
#include "shaders_embedded.hpp"

namespace crimescope::app {

namespace {

unsigned compile(unsigned type, const char* body, std::string& error) {
    std::string src = std::string(platform::glsl_version()) + "\n" + body;
    unsigned s = glCreateShader(type);
    const char* p = src.c_str();
    glShaderSource(s, 1, &p, nullptr);
    glCompileShader(s);
    int ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        error += std::string("shader compile failed: ") + log;
        glDeleteShader(s);
        return 0;
    }
    return s;
}

unsigned link(const char* vs, const char* fs, std::string& error) {
    unsigned v = compile(GL_VERTEX_SHADER, vs, error), f = compile(GL_FRAGMENT_SHADER, fs, error);
    if (!v || !f) return 0;
    unsigned prog = glCreateProgram();
    glAttachShader(prog, v);
    glAttachShader(prog, f);
    glLinkProgram(prog);
    glDeleteShader(v);
    glDeleteShader(f);
    int ok = 0;
    glGetProgramiv(prog, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetProgramInfoLog(prog, sizeof log, nullptr, log);
        error += std::string("shader link failed: ") + log;
        return 0;
    }
    return prog;
}

}  // namespace

bool MapRenderer::init(std::string& error) {
    m_point_prog = link(shaders::kPointsVert, shaders::kPointsFrag, error);
    m_line_prog = link(shaders::kLinesVert, shaders::kLinesFrag, error);
    if (!m_point_prog || !m_line_prog) return false;
    m_pu.centre = glGetUniformLocation(m_point_prog, "u_center");
    m_pu.scale = glGetUniformLocation(m_point_prog, "u_scale");
    m_pu.day_range = glGetUniformLocation(m_point_prog, "u_day_range");
    m_pu.minute_range = glGetUniformLocation(m_point_prog, "u_minute_range");
    m_pu.colours = glGetUniformLocation(m_point_prog, "u_colors");
    m_pu.point_px = glGetUniformLocation(m_point_prog, "u_point_px");
    m_lu.centre = glGetUniformLocation(m_line_prog, "u_center");
    m_lu.scale = glGetUniformLocation(m_line_prog, "u_scale");
    m_lu.colour = glGetUniformLocation(m_line_prog, "u_color");
    glGenVertexArrays(1, &m_point_vao);
    glGenBuffers(2, m_point_vbo);
    glGenVertexArrays(1, &m_line_vao);
    glGenBuffers(1, &m_line_vbo);
    glBindVertexArray(m_point_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_point_vbo[0]);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, m_point_vbo[1]);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(m_line_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_line_vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(0);
    return true;
}

void MapRenderer::upload_points(const std::vector<float>& xy, const std::vector<float>& attr) {
    m_points = xy.size() / 2;
    glBindBuffer(GL_ARRAY_BUFFER, m_point_vbo[0]);
    glBufferData(GL_ARRAY_BUFFER, static_cast<long>(xy.size() * sizeof(float)), xy.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, m_point_vbo[1]);
    glBufferData(GL_ARRAY_BUFFER, static_cast<long>(attr.size() * sizeof(float)), attr.data(), GL_STATIC_DRAW);
}

void MapRenderer::upload(const AppState& s) {
    std::vector<float> xy, attr;
    if (s.city) {
        const auto& t = s.city->incidents;
        xy.resize(t.size() * 2);
        attr.resize(t.size() * 3);
        for (size_t i = 0; i < t.size(); ++i) {
            xy[2 * i] = static_cast<float>(s.point_index->x(i) - s.origin_x);
            xy[2 * i + 1] = static_cast<float>(s.point_index->y(i) - s.origin_y);
            attr[3 * i] = static_cast<float>(t.day[i] - s.day_first);
            attr[3 * i + 1] = static_cast<float>(t.minute_of_day[i]);
            attr[3 * i + 2] = s.colour_col ? static_cast<float>(s.slot_of_code[s.colour_col->codes[i]]) : 0.0f;
        }
    }
    upload_points(xy, attr);
    // Boundaries: every ring edge as a GL_LINES pair.
    std::vector<float> lines;
    if (s.city)
        for (const auto& layer : s.city->boundaries) {
            for (const auto& poly : layer.polygons)
                for (const auto& ring : poly.rings)
                    for (size_t k = 0; k + 1 < ring.size(); ++k)
                        for (size_t e = k; e <= k + 1; ++e) {
                            geo::Merc m = geo::to_mercator(ring[e]);
                            lines.push_back(static_cast<float>(m.x - s.origin_x));
                            lines.push_back(static_cast<float>(m.y - s.origin_y));
                        }
            break;   // the first layer is the base map; other layers serve the methods' views
        }
    m_line_vertices = lines.size() / 2;
    glBindBuffer(GL_ARRAY_BUFFER, m_line_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<long>(lines.size() * sizeof(float)), lines.data(), GL_STATIC_DRAW);
}

void MapRenderer::draw(const AppState& s) {
    glViewport(0, 0, s.fb_width, s.fb_height);
    glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    const float cx = static_cast<float>(s.camera.centre_x), cy = static_cast<float>(s.camera.centre_y);
    const float kx = static_cast<float>(2.0 * s.camera.px_per_unit / s.fb_width);
    const float ky = static_cast<float>(-2.0 * s.camera.px_per_unit / s.fb_height);
    if (m_line_vertices) {
        glUseProgram(m_line_prog);
        glUniform2f(m_lu.centre, cx, cy);
        glUniform2f(m_lu.scale, kx, ky);
        glUniform4f(m_lu.colour, 0.55f, 0.60f, 0.70f, 0.55f);
        glBindVertexArray(m_line_vao);
        glDrawArrays(GL_LINES, 0, static_cast<int>(m_line_vertices));
    }
    if (m_points) {
        glUseProgram(m_point_prog);
        glUniform2f(m_pu.centre, cx, cy);
        glUniform2f(m_pu.scale, kx, ky);
        const auto& f = s.filter;
        float d0 = f.day_min == INT32_MIN ? -1e9f : static_cast<float>(f.day_min - s.day_first);
        float d1 = f.day_max == INT32_MAX ? 1e9f : static_cast<float>(f.day_max - s.day_first);
        glUniform2f(m_pu.day_range, d0, d1);
        if (f.all_hours()) glUniform2f(m_pu.minute_range, -1.0f, 1e9f);
        else glUniform2f(m_pu.minute_range, static_cast<float>(f.hour_min * 60), static_cast<float>(f.hour_max * 60));
        float colours[kColourSlots * 4];
        for (int i = 0; i < kColourSlots; ++i) {
            ImVec4 c = i < static_cast<int>(s.slot_colour.size()) ? s.slot_colour[static_cast<size_t>(i)] : ImVec4(0.8f, 0.8f, 0.8f, 0.85f);
            colours[4 * i] = c.x;
            colours[4 * i + 1] = c.y;
            colours[4 * i + 2] = c.z;
            colours[4 * i + 3] = c.w;
        }
        glUniform4fv(m_pu.colours, kColourSlots, colours);
        glUniform1f(m_pu.point_px, s.point_px);
        glBindVertexArray(m_point_vao);
        glDrawArrays(GL_POINTS, 0, static_cast<int>(m_points));
    }
    glBindVertexArray(0);
    glUseProgram(0);
}

ImVec4 heat_colour(double s01) {
    static const float kStops[5][3] = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};
    double x = std::clamp(s01, 0.0, 1.0) * 4.0;
    int k = std::min(3, static_cast<int>(x));
    float f = static_cast<float>(x - k);
    ImVec4 c;
    c.x = (kStops[k][0] + f * (kStops[k + 1][0] - kStops[k][0])) / 255.0f;
    c.y = (kStops[k][1] + f * (kStops[k + 1][1] - kStops[k][1])) / 255.0f;
    c.z = (kStops[k][2] + f * (kStops[k + 1][2] - kStops[k][2])) / 255.0f;
    c.w = static_cast<float>(0.35 + 0.45 * s01);
    return c;
}

unsigned MapRenderer::upload_heat(const AppState& s) {
    const auto& g = s.heat.grid;
    if (g.nx <= 0 || g.ny <= 0) return m_heat_tex;
    std::vector<unsigned char> rgba(static_cast<size_t>(g.nx) * static_cast<size_t>(g.ny) * 4, 0);
    for (size_t i = 0; i < g.counts.size(); ++i) {
        if (g.counts[i] == 0) continue;   // transparent where nothing was reported
        ImVec4 c = heat_colour(score::score_from_count(g.counts[i], s.heat.count_max));
        rgba[4 * i] = static_cast<unsigned char>(c.x * 255);
        rgba[4 * i + 1] = static_cast<unsigned char>(c.y * 255);
        rgba[4 * i + 2] = static_cast<unsigned char>(c.z * 255);
        rgba[4 * i + 3] = static_cast<unsigned char>(c.w * 255);
    }
    if (!m_heat_tex) glGenTextures(1, &m_heat_tex);
    glBindTexture(GL_TEXTURE_2D, m_heat_tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, g.nx, g.ny, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    glBindTexture(GL_TEXTURE_2D, 0);
    return m_heat_tex;
}

}  // namespace crimescope::app
