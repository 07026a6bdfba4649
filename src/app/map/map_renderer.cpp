#include "app/map/map_renderer.hpp"

#include <algorithm>
#include <cmath>

#include "app/map/base_layers.hpp"
#include "app/map/density_shaders.hpp"
#include "app/map/street_shaders.hpp"

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
    m_gpu = platform::gpu_drawing();
    if (!m_gpu) return true;   // headless (tests): the buffers are built on the CPU as usual, no GL call is made
    m_point_prog = link(shaders::kPointsVert, shaders::kPointsFrag, error);
    m_line_prog = link(shaders::kLinesVert, shaders::kLinesFrag, error);
    m_street_prog = link(street_shaders::kStreetsVert, street_shaders::kStreetsFrag, error);
    m_marker_prog = link(street_shaders::kMarkersVert, street_shaders::kMarkersFrag, error);
    m_density_prog = link(density_shaders::kDensityVert, density_shaders::kDensityFrag, error);
    if (!m_point_prog || !m_line_prog || !m_street_prog || !m_marker_prog || !m_density_prog) return false;
    m_du.centre = glGetUniformLocation(m_density_prog, "u_center");
    m_du.scale = glGetUniformLocation(m_density_prog, "u_scale");
    m_du.tex = glGetUniformLocation(m_density_prog, "u_tex");
    m_du.grid = glGetUniformLocation(m_density_prog, "u_grid");
    m_du.gap = glGetUniformLocation(m_density_prog, "u_gap");
    m_su.centre = glGetUniformLocation(m_street_prog, "u_center");
    m_su.scale = glGetUniformLocation(m_street_prog, "u_scale");
    m_su.viewport = glGetUniformLocation(m_street_prog, "u_viewport");
    m_su.half_px = glGetUniformLocation(m_street_prog, "u_half_px");
    m_su.colour = glGetUniformLocation(m_street_prog, "u_color");
    m_mu.centre = glGetUniformLocation(m_marker_prog, "u_center");
    m_mu.scale = glGetUniformLocation(m_marker_prog, "u_scale");
    m_mu.point_px = glGetUniformLocation(m_marker_prog, "u_point_px");
    m_mu.colour = glGetUniformLocation(m_marker_prog, "u_color");
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
    // Streets: (this end xy, other end xy, side) per vertex, six vertices per segment.
    glGenVertexArrays(1, &m_street_vao);
    glGenBuffers(1, &m_street_vbo);
    glBindVertexArray(m_street_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_street_vbo);
    const int stride = 5 * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(2 * sizeof(float)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(4 * sizeof(float)));
    glGenVertexArrays(1, &m_marker_vao);
    glGenBuffers(1, &m_marker_vbo);
    glBindVertexArray(m_marker_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_marker_vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    // Density: one quad, (x, y, u, v) per vertex, rewritten when the bins are.
    glGenVertexArrays(1, &m_density_vao);
    glGenBuffers(1, &m_density_vbo);
    glBindVertexArray(m_density_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_density_vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
    glBindVertexArray(0);
    return true;
}

namespace {
// Headless: the id handed out for the heat and density textures, so the views' image paths run (ImGui's draw
// lists hold it; nothing draws them).
constexpr unsigned kHeadlessTexture = 1;
}  // namespace

void MapRenderer::upload_points(const std::vector<float>& xy, const std::vector<float>& attr) {
    m_points = xy.size() / 2;
    if (!m_gpu) return;
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
    if (m_gpu) {
        glBindBuffer(GL_ARRAY_BUFFER, m_line_vbo);
        glBufferData(GL_ARRAY_BUFFER, static_cast<long>(lines.size() * sizeof(float)), lines.data(), GL_STATIC_DRAW);
    }
    upload_base(s);
}

namespace {

// What the base buffers depend on: the pack, the user's layers (address and size, so a replaced layer
// re-uploads) and the show switch.
std::vector<const void*> base_key(const AppState& s) {
    std::vector<const void*> key{s.city.get(), reinterpret_cast<const void*>(static_cast<uintptr_t>(s.show_base_layers))};
    for (const auto& l : s.user_layers) {
        key.push_back(l.get());
        key.push_back(l ? l->lat_deg.data() : nullptr);
        key.push_back(reinterpret_cast<const void*>(static_cast<uintptr_t>(l ? l->features.size() : 0)));
    }
    return key;
}

struct Rgba {
    float r, g, b, a;
};

// Muted on the dark map so the crime points stay the brightest thing drawn: minor streets a blue grey, major
// ones a warm grey (tests/app/test_base_layers.sh tells them apart, and from the boundaries, by these colours).
constexpr Rgba kMinorStreet{0.26f, 0.29f, 0.36f, 0.85f};
constexpr Rgba kMajorStreet{0.45f, 0.42f, 0.36f, 0.90f};
constexpr Rgba kUserLine{0.30f, 0.62f, 0.72f, 0.90f};

Rgba place_colour(const std::string& layer_name, bool user) {
    if (user) return {0.35f, 0.78f, 0.88f, 0.95f};
    if (layer_name.find("subway") != std::string::npos || layer_name.find("station") != std::string::npos)
        return {0.88f, 0.88f, 0.96f, 0.95f};
    if (layer_name.find("school") != std::string::npos) return {0.95f, 0.80f, 0.40f, 0.95f};
    if (layer_name.find("police") != std::string::npos) return {0.50f, 0.64f, 1.00f, 0.95f};
    if (layer_name.find("bus") != std::string::npos) return {0.60f, 0.82f, 0.60f, 0.95f};
    return {0.80f, 0.80f, 0.80f, 0.95f};
}

}  // namespace

void MapRenderer::upload_base(const AppState& s) {
    m_base_key = base_key(s);
    m_base_draws.clear();
    m_base_segments = 0;
    const std::vector<const data::BaseLayer*> layers = drawn_base_layers(s);
    const size_t n_pack = s.show_base_layers && s.city ? s.city->base_layers.size() : 0;
    std::vector<float> quads, markers;
    auto add_segment = [&](double ax, double ay, double bx, double by) {
        const float a[2] = {static_cast<float>(ax - s.origin_x), static_cast<float>(ay - s.origin_y)};
        const float b[2] = {static_cast<float>(bx - s.origin_x), static_cast<float>(by - s.origin_y)};
        if (a[0] == b[0] && a[1] == b[1]) return;
        // Corners A+n, A-n, B+n | A-n, B-n, B+n. The side is +-1 at A and +-3 at B, where the shader's normal
        // (of A - B) is -n and so is flipped back (see street_shaders.hpp).
        const float v[6][5] = {{a[0], a[1], b[0], b[1], 1},  {a[0], a[1], b[0], b[1], -1}, {b[0], b[1], a[0], a[1], 3},
                               {a[0], a[1], b[0], b[1], -1}, {b[0], b[1], a[0], a[1], -3}, {b[0], b[1], a[0], a[1], 3}};
        for (const auto& row : v) quads.insert(quads.end(), row, row + 5);
        ++m_base_segments;
    };
    // Lines: the pack's minor streets, its major streets, then the user's lines (drawn in that order, so major
    // streets cross over minor ones); each bucket is one draw call whatever the number of layers.
    for (int bucket = 0; bucket < 3; ++bucket) {
        const int first = static_cast<int>(quads.size() / 5);
        for (size_t li = 0; li < layers.size(); ++li) {
            const bool user = li >= n_pack;
            if ((bucket == 2) != user) continue;
            const data::BaseLayer& L = *layers[li];
            for (const auto& f : L.features) {
                if (f.count < 2 || static_cast<size_t>(f.first) + f.count > L.lat_deg.size() || L.lon_deg.size() != L.lat_deg.size()) continue;
                if (!user && (f.rank == 0) != (bucket == 1)) continue;
                geo::Merc prev = geo::to_mercator({L.lat_deg[f.first], L.lon_deg[f.first]});
                for (uint32_t k = 1; k < f.count; ++k) {
                    geo::Merc m = geo::to_mercator({L.lat_deg[f.first + k], L.lon_deg[f.first + k]});
                    add_segment(prev.x, prev.y, m.x, m.y);
                    prev = m;
                }
            }
        }
        const int count = static_cast<int>(quads.size() / 5) - first;
        if (!count) continue;
        BaseDraw d;
        d.first = first;
        d.count = count;
        const Rgba c = bucket == 0 ? kMinorStreet : bucket == 1 ? kMajorStreet : kUserLine;
        d.r = c.r, d.g = c.g, d.b = c.b, d.a = c.a;
        d.street_zoom_only = bucket == 0;
        d.width_css = bucket == 0 ? 1.0f : bucket == 1 ? 1.5f : 2.0f;
        d.width_css_street = bucket == 0 ? 1.5f : bucket == 1 ? 3.0f : 3.0f;
        m_base_draws.push_back(d);
    }
    // Places: one sprite draw per layer (its own colour); the pack's at street zoom only, the user's always.
    for (size_t li = 0; li < layers.size(); ++li) {
        const bool user = li >= n_pack;
        const data::BaseLayer& L = *layers[li];
        const int first = static_cast<int>(markers.size() / 2);
        for (const auto& f : L.features) {
            if (f.count != 1 || f.first >= L.lat_deg.size() || L.lon_deg.size() != L.lat_deg.size()) continue;
            geo::Merc m = geo::to_mercator({L.lat_deg[f.first], L.lon_deg[f.first]});
            markers.push_back(static_cast<float>(m.x - s.origin_x));
            markers.push_back(static_cast<float>(m.y - s.origin_y));
        }
        const int count = static_cast<int>(markers.size() / 2) - first;
        if (!count) continue;
        BaseDraw d;
        d.first = first;
        d.count = count;
        d.markers = true;
        const Rgba c = place_colour(L.name, user);
        d.r = c.r, d.g = c.g, d.b = c.b, d.a = c.a;
        d.street_zoom_only = !user;
        d.width_css = 6.0f;
        d.width_css_street = 9.0f;
        m_base_draws.push_back(d);
    }
    if (!m_gpu) return;
    glBindBuffer(GL_ARRAY_BUFFER, m_street_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<long>(quads.size() * sizeof(float)), quads.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, m_marker_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<long>(markers.size() * sizeof(float)), markers.data(), GL_STATIC_DRAW);
}

void MapRenderer::draw_base(const AppState& s, float cx, float cy, float kx, float ky) {
    if (base_key(s) != m_base_key) upload_base(s);   // a user layer added or removed, or the switch flipped
    if (m_base_draws.empty() || !m_gpu) return;
    const bool street_zoom = metres_per_css_px(s) <= kStreetZoomMPerCssPx;
    const float dpr = static_cast<float>(device_px_per_css_px(s));
    for (const BaseDraw& d : m_base_draws) {
        if (d.street_zoom_only && !street_zoom) continue;
        const float w = (street_zoom ? d.width_css_street : d.width_css) * dpr;
        if (d.markers) {
            glUseProgram(m_marker_prog);
            glUniform2f(m_mu.centre, cx, cy);
            glUniform2f(m_mu.scale, kx, ky);
            glUniform1f(m_mu.point_px, w);
            glUniform4f(m_mu.colour, d.r, d.g, d.b, d.a);
            glBindVertexArray(m_marker_vao);
            glDrawArrays(GL_POINTS, d.first, d.count);
        } else {
            glUseProgram(m_street_prog);
            glUniform2f(m_su.centre, cx, cy);
            glUniform2f(m_su.scale, kx, ky);
            glUniform2f(m_su.viewport, static_cast<float>(s.fb_width), static_cast<float>(s.fb_height));
            glUniform1f(m_su.half_px, w * 0.5f + 0.5f);
            glUniform4f(m_su.colour, d.r, d.g, d.b, d.a);
            glBindVertexArray(m_street_vao);
            glDrawArrays(GL_TRIANGLES, d.first, d.count);
        }
    }
}

void MapRenderer::draw(const AppState& s) {
    if (!m_gpu) {
        if (base_key(s) != m_base_key) upload_base(s);
        return;
    }
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
    draw_base(s, cx, cy, kx, ky);
    const auto& dg = s.dens.grid;
    if (s.dens.on && m_density_tex && dg.nx > 0 && dg.ny > 0) {
        glUseProgram(m_density_prog);
        glUniform2f(m_du.centre, cx, cy);
        glUniform2f(m_du.scale, kx, ky);
        glUniform1i(m_du.tex, 0);
        glUniform2f(m_du.grid, static_cast<float>(dg.nx), static_cast<float>(dg.ny));
        const double bin_px = dg.side * s.camera.px_per_unit;
        glUniform1f(m_du.gap, bin_px >= 8 ? static_cast<float>(1.0 / bin_px) : 0.0f);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, m_density_tex);
        glBindVertexArray(m_density_vao);
        glDrawArrays(GL_TRIANGLES, 0, 6);
        glBindTexture(GL_TEXTURE_2D, 0);
    } else if (m_points) {
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

ImVec4 density_colour(double t01) {
    static const float kStops[5][3] = {{38, 70, 140}, {32, 128, 160}, {48, 170, 120}, {170, 210, 70}, {255, 240, 110}};
    double x = std::clamp(t01, 0.0, 1.0) * 4.0;
    int k = std::min(3, static_cast<int>(x));
    float f = static_cast<float>(x - k);
    ImVec4 c;
    c.x = (kStops[k][0] + f * (kStops[k + 1][0] - kStops[k][0])) / 255.0f;
    c.y = (kStops[k][1] + f * (kStops[k + 1][1] - kStops[k][1])) / 255.0f;
    c.z = (kStops[k][2] + f * (kStops[k + 1][2] - kStops[k][2])) / 255.0f;
    c.w = static_cast<float>(0.55 + 0.4 * std::clamp(t01, 0.0, 1.0));
    return c;
}

double density_t(uint32_t count, const std::vector<uint32_t>& ranked) {
    if (count == 0 || ranked.empty()) return 0;
    if (ranked.size() == 1 || ranked.front() == ranked.back()) return 1;
    const auto lo = std::lower_bound(ranked.begin(), ranked.end(), count) - ranked.begin();
    const auto hi = std::upper_bound(ranked.begin(), ranked.end(), count) - ranked.begin();
    return std::clamp(0.5 * static_cast<double>(lo + hi - 1) / static_cast<double>(ranked.size() - 1), 0.0, 1.0);
}

unsigned MapRenderer::upload_density(const AppState& s) {
    const auto& g = s.dens.grid;
    if (g.nx <= 0 || g.ny <= 0) return m_density_tex;
    std::vector<unsigned char> rgba(g.counts.size() * 4, 0);
    for (size_t i = 0; i < g.counts.size(); ++i) {
        if (g.counts[i] == 0) continue;   // transparent where nothing passes the filter
        const ImVec4 c = density_colour(density_t(g.counts[i], s.dens.ranked));
        rgba[4 * i] = static_cast<unsigned char>(c.x * 255);
        rgba[4 * i + 1] = static_cast<unsigned char>(c.y * 255);
        rgba[4 * i + 2] = static_cast<unsigned char>(c.z * 255);
        rgba[4 * i + 3] = static_cast<unsigned char>(c.w * 255);
    }
    if (!m_gpu) return kHeadlessTexture;
    if (!m_density_tex) glGenTextures(1, &m_density_tex);
    glBindTexture(GL_TEXTURE_2D, m_density_tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, g.nx, g.ny, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    glBindTexture(GL_TEXTURE_2D, 0);
    // The quad over the grid's box, relative to the origin (floats: the GPU's frame).
    const density::Box b = g.box();
    const float x0 = static_cast<float>(b.x_min - s.origin_x), x1 = static_cast<float>(b.x_max - s.origin_x);
    const float y0 = static_cast<float>(b.y_min - s.origin_y), y1 = static_cast<float>(b.y_max - s.origin_y);
    const float quad[6][4] = {{x0, y0, 0, 0}, {x1, y0, 1, 0}, {x1, y1, 1, 1}, {x0, y0, 0, 0}, {x1, y1, 1, 1}, {x0, y1, 0, 1}};
    glBindBuffer(GL_ARRAY_BUFFER, m_density_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_DYNAMIC_DRAW);
    return m_density_tex;
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
    if (!m_gpu) return kHeadlessTexture;
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
