#include "app/map/base_layers.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <memory>
#include <set>

#include <imgui_internal.h>

#include "geo/geo.hpp"
#include "geo/geojson.hpp"

namespace crimescope::app {

std::vector<const data::BaseLayer*> drawn_base_layers(const AppState& s) {
    std::vector<const data::BaseLayer*> out;
    if (!s.show_base_layers) return out;
    if (s.city)
        for (const auto& l : s.city->base_layers) out.push_back(&l);
    for (const auto& l : s.user_layers)
        if (l) out.push_back(l.get());
    return out;
}

double device_px_per_css_px(const AppState& s) {
    // The framebuffer scale on a browser or a Retina window; the monitor's content scale where the
    // framebuffer is not scaled (X11, Windows), as the fonts are.
    const ImVec2 fb = ImGui::GetCurrentContext() ? ImGui::GetIO().DisplayFramebufferScale : ImVec2(1, 1);
    return std::max({1.0, static_cast<double>(fb.x), static_cast<double>(s.ui_scale)});
}

double metres_per_css_px(const AppState& s) {
    const geo::LatLon c = geo::from_mercator(geo::Merc{s.camera.centre_x + s.origin_x, s.camera.centre_y + s.origin_y});
    return geo::mercator_metres_per_unit(c.lat_deg) / s.camera.px_per_unit * device_px_per_css_px(s);
}

namespace {

// Per layer, what the labels need each frame: mercator points and a box per feature (built once per layer).
struct LayerCache {
    const data::BaseLayer* layer = nullptr;
    std::vector<double> x, y;                       // mercator, absolute
    std::vector<std::array<double, 4>> box;         // per feature: x0, y0, x1, y1
    bool has_major = false, has_minor_or_places = false;
};

struct Cache {
    std::vector<const void*> key;
    std::vector<LayerCache> layers;
};

std::vector<const void*> cache_key(const AppState& s, const std::vector<const data::BaseLayer*>& layers) {
    std::vector<const void*> key{s.city.get()};
    for (const auto* l : layers) {
        key.push_back(l);
        key.push_back(l->lat_deg.data());
        key.push_back(reinterpret_cast<const void*>(static_cast<uintptr_t>(l->features.size())));
    }
    return key;
}

const Cache& cache_for(const AppState& s, const std::vector<const data::BaseLayer*>& layers) {
    static Cache cache;
    std::vector<const void*> key = cache_key(s, layers);
    if (key == cache.key) return cache;
    cache.key = std::move(key);
    cache.layers.clear();
    for (const auto* L : layers) {
        LayerCache c;
        c.layer = L;
        const size_t n = std::min(L->lat_deg.size(), L->lon_deg.size());
        c.x.resize(n);
        c.y.resize(n);
        for (size_t i = 0; i < n; ++i) {
            geo::Merc m = geo::to_mercator({L->lat_deg[i], L->lon_deg[i]});
            c.x[i] = m.x;
            c.y[i] = m.y;
        }
        c.box.resize(L->features.size(), {1, 1, 0, 0});   // empty box: never in view
        for (size_t fi = 0; fi < L->features.size(); ++fi) {
            const auto& f = L->features[fi];
            if (f.count == 0 || static_cast<size_t>(f.first) + f.count > n) continue;
            auto& b = c.box[fi];
            b = {c.x[f.first], c.y[f.first], c.x[f.first], c.y[f.first]};
            for (uint32_t k = 1; k < f.count; ++k) {
                b[0] = std::min(b[0], c.x[f.first + k]);
                b[1] = std::min(b[1], c.y[f.first + k]);
                b[2] = std::max(b[2], c.x[f.first + k]);
                b[3] = std::max(b[3], c.y[f.first + k]);
            }
            if (f.count >= 2 && f.rank == 0) c.has_major = true;
            else c.has_minor_or_places = true;
        }
        cache.layers.push_back(std::move(c));
    }
    return cache;
}

// Liang-Barsky: clips the segment p0-p1 to [x0, x1] x [y0, y1]; false when it misses.
bool clip_segment(double& ax, double& ay, double& bx, double& by, double x0, double y0, double x1, double y1) {
    double t0 = 0, t1 = 1;
    const double dx = bx - ax, dy = by - ay;
    const double p[4] = {-dx, dx, -dy, dy}, q[4] = {ax - x0, x1 - ax, ay - y0, y1 - ay};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    const double nax = ax + t0 * dx, nay = ay + t0 * dy;
    bx = ax + t1 * dx;
    by = ay + t1 * dy;
    ax = nax;
    ay = nay;
    return true;
}

// Screen cells taken by labels already drawn (display pixels), so labels never overlap.
class LabelGrid {
public:
    LabelGrid(float w, float h, float cell) : m_cell(cell), m_nx(std::max(1, static_cast<int>(w / cell) + 1)),
                                              m_ny(std::max(1, static_cast<int>(h / cell) + 1)),
                                              m_taken(static_cast<size_t>(m_nx) * static_cast<size_t>(m_ny), 0) {}
    // Takes the cells under the rectangle when all are free.
    bool take(ImVec2 a, ImVec2 b) {
        int i0 = std::max(0, static_cast<int>(a.x / m_cell)), i1 = std::min(m_nx - 1, static_cast<int>(b.x / m_cell));
        int j0 = std::max(0, static_cast<int>(a.y / m_cell)), j1 = std::min(m_ny - 1, static_cast<int>(b.y / m_cell));
        if (i0 > i1 || j0 > j1) return false;
        for (int j = j0; j <= j1; ++j)
            for (int i = i0; i <= i1; ++i)
                if (m_taken[static_cast<size_t>(j) * static_cast<size_t>(m_nx) + static_cast<size_t>(i)]) return false;
        for (int j = j0; j <= j1; ++j)
            for (int i = i0; i <= i1; ++i) m_taken[static_cast<size_t>(j) * static_cast<size_t>(m_nx) + static_cast<size_t>(i)] = 1;
        return true;
    }

private:
    float m_cell;
    int m_nx, m_ny;
    std::vector<unsigned char> m_taken;
};

void halo_text(ImDrawList* dl, ImFont* font, float size, ImVec2 at, ImU32 colour, const std::string& text) {
    const ImU32 halo = IM_COL32(12, 13, 16, 230);
    const char* b = text.c_str();
    const char* e = b + text.size();
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            if (dx || dy) dl->AddText(font, size, ImVec2(at.x + dx, at.y + dy), halo, b, e);
    dl->AddText(font, size, at, colour, b, e);
}

// Where the credit box goes: the bottom-right corner of the display, moved up above every window that was
// drawn there last frame (the legend, a phone's bottom sheet); the top-left of the box.
ImVec2 credit_position(ImVec2 size, ImVec2 display, float pad) {
    const float x0 = display.x - pad - size.x, x1 = display.x - pad;
    float bottom = display.y - pad;
    ImGuiContext* g = ImGui::GetCurrentContext();
    for (int pass = 0; g && pass < 8; ++pass) {   // a few passes: moving above one window can meet another
        bool moved = false;
        for (ImGuiWindow* w : g->Windows) {
            if (!w->WasActive || w->Hidden || (w->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip))) continue;
            const float wx0 = w->Pos.x, wy0 = w->Pos.y, wx1 = wx0 + w->Size.x, wy1 = wy0 + w->Size.y;
            if (wx1 <= x0 || wx0 >= x1 || wy1 <= bottom - size.y || wy0 >= bottom) continue;
            bottom = wy0 - pad;
            moved = true;
        }
        if (!moved) break;
    }
    if (bottom - size.y < 0) bottom = display.y - pad;   // no room: the corner, under the windows
    return ImVec2(x0, bottom - size.y);
}

constexpr size_t kMaxStreetLabels = 45, kMaxPlaceLabels = 40;

}  // namespace

std::string base_layers_attribution(const AppState& s) {
    const std::vector<const data::BaseLayer*> layers = drawn_base_layers(s);
    if (layers.empty()) return {};
    const Cache& cache = cache_for(s, layers);
    const bool street_zoom = metres_per_css_px(s) <= kStreetZoomMPerCssPx;
    std::vector<std::string> credits;
    const size_t n_pack = s.city ? s.city->base_layers.size() : 0;
    for (size_t i = 0; i < cache.layers.size(); ++i) {
        const auto& c = cache.layers[i];
        const bool drawn = i >= n_pack || street_zoom || c.has_major;   // what MapRenderer draws at this zoom
        if (drawn && !c.layer->attribution.empty() &&
            std::find(credits.begin(), credits.end(), c.layer->attribution) == credits.end())
            credits.push_back(c.layer->attribution);
    }
    std::string out;
    for (const auto& c : credits) out += (out.empty() ? "" : " · ") + c;
    return out;
}

void draw_base_labels(const AppState& s) {
    const std::vector<const data::BaseLayer*> layers = drawn_base_layers(s);
    if (layers.empty()) return;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    ImFont* font = ImGui::GetFont();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 fbs = ImGui::GetIO().DisplayFramebufferScale;

    // The credit, bottom right (above any window there), whenever a credited layer is drawn.
    const std::string credit = base_layers_attribution(s);
    const float font_px = ImGui::GetFontSize();   // the UI's own text size (16 CSS px and up on a phone)
    if (!credit.empty()) {
        const ImVec2 ts = font->CalcTextSizeA(font_px, FLT_MAX, 0, credit.c_str());
        const float pad = 3.0f * s.ui_scale;
        const ImVec2 size(ts.x + 2 * pad, ts.y + 2 * pad);
        const ImVec2 a = credit_position(size, display, pad);
        dl->AddRectFilled(a, ImVec2(a.x + size.x, a.y + size.y), IM_COL32(12, 13, 16, 200), 3.0f);
        dl->AddText(font, font_px, ImVec2(a.x + pad, a.y + pad), IM_COL32(200, 204, 212, 255), credit.c_str());
    }
    if (metres_per_css_px(s) > kStreetZoomMPerCssPx) return;

    const Cache& cache = cache_for(s, layers);
    // The screen box in absolute mercator units.
    double mx0, my0, mx1, my1;
    s.camera.screen_to_map(0, 0, s.fb_width, s.fb_height, mx0, my0);
    s.camera.screen_to_map(s.fb_width, s.fb_height, s.fb_width, s.fb_height, mx1, my1);
    mx0 += s.origin_x, mx1 += s.origin_x, my0 += s.origin_y, my1 += s.origin_y;
    auto to_display = [&](double x, double y) {
        double sx, sy;
        s.camera.map_to_screen(x - s.origin_x, y - s.origin_y, s.fb_width, s.fb_height, sx, sy);
        return ImVec2(static_cast<float>(sx / fbs.x), static_cast<float>(sy / fbs.y));
    };
    LabelGrid grid(display.x, display.y, 6.0f * s.ui_scale);

    // Places first: few, and the landmarks a person looks for.
    size_t placed = 0;
    // MapRenderer's street-zoom marker (9 CSS px) in display pixels, so a name starts beside it.
    const float marker_display = static_cast<float>(9.0 * device_px_per_css_px(s) / fbs.x);
    for (const auto& c : cache.layers) {
        const auto& L = *c.layer;
        for (size_t fi = 0; fi < L.features.size() && placed < kMaxPlaceLabels; ++fi) {
            const auto& f = L.features[fi];
            if (f.count != 1 || f.name == 0 || f.name >= L.names.size() || f.first >= c.x.size()) continue;
            const double x = c.x[f.first], y = c.y[f.first];
            if (x < mx0 || x > mx1 || y < my0 || y > my1) continue;
            const std::string& name = L.names[f.name];
            const ImVec2 p = to_display(x, y);
            const ImVec2 ts = font->CalcTextSizeA(font_px, FLT_MAX, 0, name.c_str());
            const ImVec2 a(p.x + marker_display * 0.5f + 2, p.y - ts.y * 0.5f), b(a.x + ts.x, a.y + ts.y);
            if (!grid.take(a, b)) continue;
            halo_text(dl, font, font_px, a, IM_COL32(232, 232, 240, 255), name);
            ++placed;
        }
    }

    // Streets: each named line's longest visible segment, major streets first, then the longest.
    struct Candidate {
        int rank;
        float length_px;
        ImVec2 mid;
        const std::string* name;
    };
    std::vector<Candidate> cand;
    for (const auto& c : cache.layers) {
        const auto& L = *c.layer;
        for (size_t fi = 0; fi < L.features.size(); ++fi) {
            const auto& f = L.features[fi];
            if (f.count < 2 || f.name == 0 || f.name >= L.names.size() || static_cast<size_t>(f.first) + f.count > c.x.size()) continue;
            const auto& bx = c.box[fi];
            if (bx[2] < mx0 || bx[0] > mx1 || bx[3] < my0 || bx[1] > my1) continue;
            double best = 0;
            ImVec2 mid;
            for (uint32_t k = 0; k + 1 < f.count; ++k) {
                double ax = c.x[f.first + k], ay = c.y[f.first + k], bx2 = c.x[f.first + k + 1], by2 = c.y[f.first + k + 1];
                if (!clip_segment(ax, ay, bx2, by2, mx0, my0, mx1, my1)) continue;
                const double len = std::hypot(bx2 - ax, by2 - ay);
                if (len > best) {
                    best = len;
                    mid = to_display((ax + bx2) * 0.5, (ay + by2) * 0.5);
                }
            }
            if (best <= 0) continue;
            const float len_px = static_cast<float>(best * s.camera.px_per_unit / fbs.x);
            cand.push_back({f.rank, len_px, mid, &L.names[f.name]});
        }
    }
    std::sort(cand.begin(), cand.end(), [](const Candidate& a, const Candidate& b) {
        return a.rank != b.rank ? a.rank < b.rank : a.length_px > b.length_px;
    });
    std::vector<std::pair<const std::string*, ImVec2>> drawn;
    const float repeat_px = 300.0f * s.ui_scale;   // the same name again only this far from its last label
    for (const auto& k : cand) {
        if (drawn.size() >= kMaxStreetLabels) break;
        const ImVec2 ts = font->CalcTextSizeA(font_px, FLT_MAX, 0, k.name->c_str());
        if (k.length_px < ts.x * 0.5f) continue;   // a stub far shorter than its name: the label would float
        bool near_same = false;
        for (const auto& [n, at] : drawn)
            if (*n == *k.name && std::hypot(at.x - k.mid.x, at.y - k.mid.y) < repeat_px) near_same = true;
        if (near_same) continue;
        const ImVec2 a(k.mid.x - ts.x * 0.5f, k.mid.y - ts.y * 0.5f), b(a.x + ts.x, a.y + ts.y);
        if (!grid.take(a, b)) continue;
        halo_text(dl, font, font_px, a, k.rank == 0 ? IM_COL32(200, 204, 214, 255) : IM_COL32(160, 166, 178, 255), *k.name);
        drawn.emplace_back(k.name, k.mid);
    }
}

nlohmann::json base_layers_state_json(const AppState& s) {
    nlohmann::json out = nlohmann::json::array();
    if (s.city) {
        for (const auto& b : s.city->boundaries) {
            size_t named = 0;
            for (const auto& p : b.polygons) named += !p.name.empty();
            out.push_back({{"name", b.name}, {"kind", "boundaries"}, {"features", b.polygons.size()}, {"named", named}});
        }
        for (const auto& l : s.city->base_layers)
            out.push_back({{"name", l.name}, {"kind", l.kind}, {"features", l.features.size()}, {"named", l.named_count()}});
    }
    for (const auto& l : s.user_layers)
        if (l) out.push_back({{"name", l->name}, {"kind", "user"}, {"features", l->features.size()}, {"named", l->named_count()}});
    return out;
}

Status load_user_layer(AppState& s, const std::string& path) {
    // The layer is named after the file: "my_landmarks.geojson" -> "my_landmarks".
    std::string name = path.substr(path.find_last_of("/\\") == std::string::npos ? 0 : path.find_last_of("/\\") + 1);
    for (const char* ext : {".gz", ".geojson", ".json"})
        if (name.size() > std::string(ext).size() && name.compare(name.size() - std::string(ext).size(), std::string::npos, ext) == 0)
            name.resize(name.size() - std::string(ext).size());
    geo::BaseLayerOptions opts;
    opts.kind = "user";
    opts.max_vertices = 500'000;   // drawn as 6 vertices a segment: a bigger file would not fit the browser's memory
    auto layer = geo::read_geojson_base_layer(path, name, opts);
    if (!layer) return layer.error();
    if (layer->features.empty())
        return make_error(ErrorKind::Format, "no LineString or Point features with coordinates (a user layer is lines or points with a name property)", path);
    layer->kind = "user";
    auto shared = std::make_shared<const data::BaseLayer>(std::move(layer.value()));
    // Loading the same file again replaces it.
    for (auto& l : s.user_layers)
        if (l && l->name == shared->name) {
            l = shared;
            return Ok{};
        }
    s.user_layers.push_back(std::move(shared));
    return Ok{};
}

}  // namespace crimescope::app
