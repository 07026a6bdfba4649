// view_linkage.cpp: the linkage workspace (paper 003). Left: the cases on a planar canvas (series coloured, the
// selected pair joined by a line; click a case to select it, or to place a new case). Right, in tabs: the
// ranked suspicious pairs with the threshold slider, filters and the precision/recall curve, and the selected
// pair's reasons; series; the sortable case table; the new-case form; the model settings.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/views/views.hpp"
#include "platform/platform.hpp"
#include "base/dates.hpp"

namespace crimescope::app {

namespace {
// A linkage result out: desktop, through "Save as" (the folder and name chosen); browser, a download.
void link_export(AppState& s, const std::string& file) {
    auto& L = s.link;
    if (!platform::has_file_browser()) {
        L.want_export = file;
        return;
    }
    std::string set = L.loaded_folder.substr(L.loaded_folder.find_last_of('/') + 1);
    if (set.empty()) set = "linkage";
    open_save_as(s, set + "-" + file, [&s, file](const std::string& path) {
        s.link.want_export = file;
        s.link.export_path = path;
    });
}
}  // namespace

namespace {

ImU32 series_colour(int label) {
    if (label < 0) return IM_COL32(150, 150, 150, 160);
    static const ImU32 pal[] = {IM_COL32(230, 25, 75, 255),  IM_COL32(60, 180, 75, 255),  IM_COL32(0, 130, 200, 255),
                                IM_COL32(245, 130, 48, 255), IM_COL32(145, 30, 180, 255), IM_COL32(70, 240, 240, 255),
                                IM_COL32(240, 50, 230, 255), IM_COL32(210, 245, 60, 255), IM_COL32(250, 190, 212, 255),
                                IM_COL32(0, 128, 128, 255),  IM_COL32(170, 110, 40, 255), IM_COL32(128, 0, 0, 255)};
    return pal[static_cast<size_t>(label) % (sizeof pal / sizeof pal[0])];
}

std::string day_text(double day) {
    const int32_t d = static_cast<int32_t>(std::floor(day));
    return format_day(d);
}

std::string case_value(const linkage::CaseSet& cs, size_t f, size_t i) {
    const auto& ft = cs.features[f];
    switch (ft.kind) {
        case linkage::Kind::Categorical: return ft.cat[i] < 0 ? "-" : ft.table.values[static_cast<size_t>(ft.cat[i])];
        case linkage::Kind::Quantitative: {
            if (std::isnan(ft.num[i])) return "-";
            char b[32];
            std::snprintf(b, sizeof b, "%g", ft.num[i]);
            return b;
        }
        case linkage::Kind::Hierarchical: {
            std::string out;
            for (int n : ft.leaves[i]) out += (out.empty() ? "" : "; ") + ft.tree.name[static_cast<size_t>(n)];
            return out.empty() ? "-" : out;
        }
    }
    return "-";
}

std::string unit_text(const linkage::CaseSet& cs, double d) {
    char b[48];
    if (cs.metres_per_unit > 0) std::snprintf(b, sizeof b, "%.2f km", d * cs.metres_per_unit / 1000);
    else std::snprintf(b, sizeof b, "%.4f units%s", d, cs.y_scale != 1 ? " (y scaled)" : "");
    return b;
}

// The cases (coloured by series, entered ones as white squares), the selected pair's line, the selected case
// and the form's location, through `to_screen(x, y)`: the planar canvas, or the city map (outlined dots).
template <class ToScreen>
void draw_cases(AppState& s, ImDrawList* dl, const ToScreen& to_screen, float r, bool outline) {
    const auto& L = s.link;
    const auto& cs = L.cs;
    for (size_t i = 0; i < cs.size(); ++i) {
        const ImVec2 c = to_screen(cs.x[i], cs.y[i]);
        const int lab = i < L.series.size() ? L.series[i] : -1;
        const float ri = lab >= 0 ? r * 1.25f : r;
        if (cs.entered[i]) dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), IM_COL32(255, 255, 255, 255));
        else dl->AddCircleFilled(c, ri, series_colour(lab));
        if (outline && !cs.entered[i]) dl->AddCircle(c, ri, IM_COL32(20, 20, 20, 200));
    }
    if (L.selected >= 0 && L.selected < static_cast<int>(L.pairs.a.size())) {
        const size_t a = L.pairs.a[static_cast<size_t>(L.selected)], b = L.pairs.b[static_cast<size_t>(L.selected)];
        const ImVec2 ca = to_screen(cs.x[a], cs.y[a]), cb = to_screen(cs.x[b], cs.y[b]);
        dl->AddLine(ca, cb, IM_COL32(255, 220, 0, 255), 2.5f * s.ui_scale);
        dl->AddCircle(ca, r * 2.5f, IM_COL32(255, 220, 0, 255), 0, 2);
        dl->AddCircle(cb, r * 2.5f, IM_COL32(255, 220, 0, 255), 0, 2);
    }
    if (L.selected_case >= 0 && L.selected_case < static_cast<int>(cs.size()))
        dl->AddCircle(to_screen(cs.x[static_cast<size_t>(L.selected_case)], cs.y[static_cast<size_t>(L.selected_case)]), r * 3.5f,
                      IM_COL32(255, 255, 255, 255), 0, 2);
    if (L.form.placed) {
        const ImVec2 c = to_screen(L.form.x, L.form.y);
        dl->AddLine(ImVec2(c.x - 8, c.y), ImVec2(c.x + 8, c.y), IM_COL32(255, 255, 255, 255), 2);
        dl->AddLine(ImVec2(c.x, c.y - 8), ImVec2(c.x, c.y + 8), IM_COL32(255, 255, 255, 255), 2);
    }
}

// The planar canvas: fits the cases' bounding box; returns the case under a click (or places the form's case).
void draw_canvas(AppState& s, ImVec2 size) {
    auto& L = s.link;
    const auto& cs = L.cs;
    ImGui::BeginChild("canvas", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("canvas_area", avail);
    const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemActivated();   // before other items
    s.mark_widget("link_canvas");
    double x0 = 0, x1 = 10000, y0 = 0, y1 = 10000;   // empty set: a 10 km square
    if (cs.size()) {
        x0 = *std::min_element(cs.x.begin(), cs.x.end());
        x1 = *std::max_element(cs.x.begin(), cs.x.end());
        y0 = *std::min_element(cs.y.begin(), cs.y.end());
        y1 = *std::max_element(cs.y.begin(), cs.y.end());
        if (x1 - x0 < 1e-9) { x0 -= 1; x1 += 1; }
        if (y1 - y0 < 1e-9) { y0 -= 1; y1 += 1; }
    }
    const float pad = 12 * s.ui_scale;
    const double k = std::min((avail.x - 2 * pad) / (x1 - x0), (avail.y - 2 * pad) / (y1 - y0));
    auto to_screen = [&](double x, double y) {
        return ImVec2(p0.x + pad + static_cast<float>((x - x0) * k), p0.y + avail.y - pad - static_cast<float>((y - y0) * k));
    };
    dl->AddRectFilled(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), IM_COL32(28, 30, 36, 255));
    draw_cases(s, dl, to_screen, 3.0f * s.ui_scale, false);
    // Scale bar (metres) or the unknown-units note.
    ImGui::SetCursorScreenPos(ImVec2(p0.x + 6, p0.y + 4));
    if (cs.coords == linkage::Coordinates::LatLon) ImGui::TextDisabled("latitude / longitude, drawn in metres about the centre");
    else if (cs.metres_per_unit > 0) ImGui::TextDisabled("planar metres");
    else if (cs.y_scale != 1) ImGui::TextDisabled("scaled x/y, unknown units (speed rule off); y drawn x%.2f, the aspect fitted to the series", cs.y_scale);
    else ImGui::TextDisabled("scaled x/y, unknown units (speed rule off)");
    if (hovered || clicked) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        int best = -1;
        float bd = 8 * s.ui_scale;
        for (size_t i = 0; i < cs.size(); ++i) {
            const ImVec2 c = to_screen(cs.x[i], cs.y[i]);
            const float d = std::hypot(c.x - m.x, c.y - m.y);
            if (d < bd) { bd = d; best = static_cast<int>(i); }
        }
        if (best >= 0 && !L.form.picking) ImGui::SetTooltip("%s  %s  series %s", cs.id[static_cast<size_t>(best)].c_str(), day_text(cs.day[static_cast<size_t>(best)]).c_str(),
                                                             cs.series[static_cast<size_t>(best)].empty() ? "?" : cs.series[static_cast<size_t>(best)].c_str());
        if (clicked) {
            if (L.form.picking) {
                L.form.x = x0 + (m.x - p0.x - pad) / k;
                L.form.y = y0 + (p0.y + avail.y - pad - m.y) / k;
                L.form.placed = true;
                L.form.picking = false;
            } else if (best >= 0) {
                L.selected_case = best;
            }
        }
    }
    ImGui::EndChild();
}

// Lat/lon sets on the city map (behind the windows): cases coloured by series, entered cases as squares, the
// selected pair's line, the selected case and the form's location. App::linkage_map_click takes the clicks.
void draw_on_map(AppState& s) {
    auto& L = s.link;
    const auto& cs = L.cs;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    auto at = [&](double x, double y) {
        double lat, lon;
        linkage::latlon_of(cs, x, y, lat, lon);
        return s.screen_of({lat, lon});
    };
    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    L.drawn_on_map = 0;
    for (size_t i = 0; i < cs.size(); ++i) {
        const ImVec2 c = at(cs.x[i], cs.y[i]);
        L.drawn_on_map += c.x >= 0 && c.y >= 0 && c.x <= disp.x && c.y <= disp.y;
    }
    draw_cases(s, dl, at, 3.5f * s.ui_scale, true);
}

// Precision and recall against the threshold on the training pairs, with the current threshold marked.
void draw_curve(AppState& s, ImVec2 size) {
    auto& L = s.link;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("pr_curve", size);
    s.mark_widget("link_pr_curve");
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(24, 24, 28, 255));
    auto pt = [&](double t, double v) { return ImVec2(p0.x + static_cast<float>(t) * size.x, p0.y + size.y - static_cast<float>(v) * size.y); };
    for (size_t i = 1; i < L.curve.size(); ++i) {
        dl->AddLine(pt(L.curve[i - 1].threshold, L.curve[i - 1].precision), pt(L.curve[i].threshold, L.curve[i].precision), IM_COL32(80, 200, 120, 255), 2);
        dl->AddLine(pt(L.curve[i - 1].threshold, L.curve[i - 1].recall), pt(L.curve[i].threshold, L.curve[i].recall), IM_COL32(90, 150, 250, 255), 2);
    }
    dl->AddLine(pt(L.threshold, 0), pt(L.threshold, 1), IM_COL32(255, 220, 0, 255), 1.5f);
    dl->AddText(ImVec2(p0.x + 4, p0.y + 2), IM_COL32(80, 200, 120, 255), "precision");
    dl->AddText(ImVec2(p0.x + 4, p0.y + 2 + ImGui::GetTextLineHeight()), IM_COL32(90, 150, 250, 255), "recall");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("training pairs (in-sample), against the linkage-probability threshold");
}

void pair_details(AppState& s) {
    auto& L = s.link;
    const auto& cs = L.cs;
    if (L.selected < 0 || L.selected >= static_cast<int>(L.pairs.a.size())) {
        ImGui::TextDisabled("Select a pair to see why it ranks where it does.");
        return;
    }
    const size_t k = static_cast<size_t>(L.selected);
    const size_t a = L.pairs.a[k], b = L.pairs.b[k];
    const double d = std::hypot(cs.x[a] - cs.x[b], cs.y[a] - cs.y[b]);
    const double gap = std::fabs(cs.day[a] - cs.day[b]);
    ImGui::Text("%s and %s: linkage %.3f", cs.id[a].c_str(), cs.id[b].c_str(), L.score[k]);
    ImGui::Text("distance %s, time gap %.1f days, %s", unit_text(cs, d).c_str(), gap,
                cs.metres_per_unit <= 0 || cs.speed_m_per_day <= 0 ? "speed rule off"
                : L.pairs.feasible[k]                             ? "feasible at the offender speed"
                                                                  : "NOT feasible at the offender speed");
    const auto* dec = L.user.find(cs.id[a], cs.id[b]);
    if (cs.series[a].size() && cs.series[b].size()) ImGui::TextDisabled("ground truth: %s", cs.series[a] == cs.series[b] ? "same series" : "different series");
    if (ImGui::Button("Confirm linked")) L.decide = 1;
    s.mark_widget("link_confirm");
    ImGui::SameLine();
    if (ImGui::Button("Not linked")) L.decide = 0;
    ImGui::SameLine();
    if (dec && ImGui::Button("Clear decision")) L.decide = 2;
    if (dec) { ImGui::SameLine(); ImGui::TextColored(dec->linked ? ImVec4(0.4f, 0.9f, 0.4f, 1) : ImVec4(0.9f, 0.5f, 0.4f, 1), "%s", dec->linked ? "confirmed linked" : "confirmed not linked"); }
    // Per-feature similarity (the middle layer S_k) and the weight θ_k of each feature.
    std::vector<double> S;
    if (L.trained) L.net.predict(&L.pairs.m.x[k * L.pairs.m.n_inputs()], S);
    const auto w = linkage::expert_weights_of(cs, L.pairs.m);
    if (ImGui::BeginTable("reasons", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("feature");
        ImGui::TableSetupColumn(L.trained ? "similarity S_k (network)" : "similarity");
        ImGui::TableSetupColumn(L.trained ? "weight θ_k" : "expert weight");
        ImGui::TableHeadersRow();
        const auto& m = L.pairs.m;
        int last = -1;
        for (size_t i = 0; i < m.n_inputs(); ++i) {
            const int f = m.feature_of_input[i];
            if (f == last) continue;
            last = f;
            const double v = L.trained ? S[static_cast<size_t>(f)] : m.x[k * m.n_inputs() + i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.feature_names[static_cast<size_t>(f)].c_str());
            ImGui::TableNextColumn();
            char label[32];
            std::snprintf(label, sizeof label, "%.2f", v);
            ImGui::ProgressBar(static_cast<float>(v), ImVec2(-1, 0), label);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", L.trained ? L.net.theta()[static_cast<size_t>(f)] : w[static_cast<size_t>(f)]);
        }
        ImGui::EndTable();
    }
    s.mark_widget("link_reasons");
    // Both cases side by side.
    if (ImGui::BeginTable("side", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        ImGui::TableSetupColumn("field");
        ImGui::TableSetupColumn(cs.id[a].c_str());
        ImGui::TableSetupColumn(cs.id[b].c_str());
        ImGui::TableHeadersRow();
        auto row = [](const char* f, const std::string& x, const std::string& y) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(f);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", x.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", y.c_str());
        };
        row("date", day_text(cs.day[a]), day_text(cs.day[b]));
        auto tod = [&](size_t i) {
            if (std::isnan(cs.minute_of_day[i])) return std::string("-");
            char t[16];
            std::snprintf(t, sizeof t, "%02d:%02d", static_cast<int>(cs.minute_of_day[i]) / 60, static_cast<int>(cs.minute_of_day[i]) % 60);
            return std::string(t);
        };
        if (cs.has_times) row("time of day", tod(a), tod(b));
        row("series", cs.series[a].empty() ? "unknown" : cs.series[a], cs.series[b].empty() ? "unknown" : cs.series[b]);
        for (size_t f = 0; f < cs.features.size(); ++f) row(cs.features[f].name.c_str(), case_value(cs, f, a), case_value(cs, f, b));
        ImGui::EndTable();
    }
}

void tab_pairs(AppState& s) {
    auto& L = s.link;
    const float sc = s.ui_scale;
    float pct = static_cast<float>(L.top_share * 100);
    ImGui::SetNextItemWidth(260 * sc);
    if (ImGui::SliderFloat("##threshold", &pct, 0.1f, 20.0f, "top %.1f%% of pairs", ImGuiSliderFlags_Logarithmic)) {
        L.top_share = std::round(static_cast<double>(pct) * 100.0) / 1e4;   // the slider's 0.1% steps, as a decimal share
        L.want_filter = true;
    }
    s.mark_widget("link_threshold");
    ImGui::SameLine();
    ImGui::TextDisabled("threshold: linkage p >= %.3f", L.threshold);
    ImGui::SetNextItemWidth(260 * sc);
    if (L.day_max > L.day_min) {
        int from = L.day_from, to = L.day_to;
        const std::string a = format_day(from), b = format_day(to);
        ImGui::SetNextItemWidth(160 * sc);
        if (ImGui::SliderInt("from", &from, L.day_min, L.day_max, a.c_str())) { L.day_from = std::min(from, L.day_to); L.want_filter = true; }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(160 * sc);
        if (ImGui::SliderInt("to", &to, L.day_min, L.day_max, b.c_str())) { L.day_to = std::max(to, L.day_from); L.want_filter = true; }
    }
    const int tf = L.cs.type_feature();
    if (tf >= 0) {
        const auto& vals = L.cs.features[static_cast<size_t>(tf)].table.values;
        ImGui::SetNextItemWidth(200 * sc);
        if (ImGui::BeginCombo("crime type", L.type_value < 0 ? "all" : vals[static_cast<size_t>(L.type_value)].c_str())) {
            if (ImGui::Selectable("all", L.type_value < 0)) { L.type_value = -1; L.want_filter = true; }
            for (size_t v = 0; v < vals.size(); ++v)
                if (ImGui::Selectable(vals[v].c_str(), L.type_value == static_cast<int>(v))) { L.type_value = static_cast<int>(v); L.want_filter = true; }
            ImGui::EndCombo();
        }
    }
    ImGui::Text("%zu suspicious pairs of %zu%s", L.shown.size(), L.pairs.a.size(), L.use_expert ? " (expert weighting)" : "");
    s.mark_widget("link_count");
    const float half = ImGui::GetContentRegionAvail().x;
    draw_curve(s, ImVec2(half, 90 * sc));
    if (ImGui::BeginTable("pairs", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter, ImVec2(0, 190 * sc))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* h : {"#", "case A", "case B", "p", "distance", "gap (days)"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(L.shown.size()));
        while (clip.Step())
            for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
                const uint32_t k = L.shown[static_cast<size_t>(r)];
                const size_t a = L.pairs.a[k], b = L.pairs.b[k];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                char label[32];
                std::snprintf(label, sizeof label, "%d##pair", r + 1);
                if (ImGui::Selectable(label, L.selected == static_cast<int>(k), ImGuiSelectableFlags_SpanAllColumns)) L.selected = static_cast<int>(k);
                if (r == 0) s.mark_widget("link_pair_0");
                const auto* dec = L.user.find(L.cs.id[a], L.cs.id[b]);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(L.cs.id[a].c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(L.cs.id[b].c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%.3f%s", (L.use_expert ? L.expert : L.score)[k], dec ? (dec->linked ? " ✓" : " ✗") : "");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(unit_text(L.cs, std::hypot(L.cs.x[a] - L.cs.x[b], L.cs.y[a] - L.cs.y[b])).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%.1f%s", std::fabs(L.cs.day[a] - L.cs.day[b]), L.pairs.feasible[k] ? "" : " !");
            }
        ImGui::EndTable();
    }
    ImGui::Separator();
    pair_details(s);
}

void tab_series(AppState& s) {
    auto& L = s.link;
    if (ImGui::RadioButton("connected components of the pairs above the threshold", L.series_mode == 0)) { L.series_mode = 0; L.want_series = true; }
    if (ImGui::RadioButton("average-linkage clustering, cut at", L.series_mode == 1)) { L.series_mode = 1; L.want_series = true; }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140 * s.ui_scale);
    if (ImGui::SliderFloat("##cut", &L.cut, 0.05f, 0.95f, "%.2f")) { L.series_mode = 1; L.want_series = true; }
    ImGui::Text("%d series (groups of two or more cases)", L.n_series);
    ImGui::BeginChild("series_list");
    for (int g = 0; g < L.n_series && g < 200; ++g) {
        std::string members;
        size_t count = 0;
        for (size_t i = 0; i < L.series.size(); ++i)
            if (L.series[i] == g) { members += (members.empty() ? "" : ", ") + L.cs.id[i]; ++count; }
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(series_colour(g)));
        const bool open = ImGui::TreeNode(reinterpret_cast<void*>(static_cast<intptr_t>(g)), "series %d: %zu cases", g + 1, count);
        ImGui::PopStyleColor();
        if (open) {
            ImGui::TextWrapped("%s", members.c_str());
            ImGui::TreePop();
        }
    }
    ImGui::EndChild();
}

void tab_cases(AppState& s) {
    auto& L = s.link;
    const auto& cs = L.cs;
    const int ncol = 4 + static_cast<int>(cs.features.size());
    static std::vector<uint32_t> rows;
    if (rows.size() != cs.size()) {
        rows.resize(cs.size());
        for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i);
    }
    if (ImGui::BeginTable("cases", std::min(ncol, 60), ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("id");
        ImGui::TableSetupColumn("date", ImGuiTableColumnFlags_DefaultSort);
        ImGui::TableSetupColumn("series");
        ImGui::TableSetupColumn("found in series");
        for (const auto& f : cs.features) ImGui::TableSetupColumn(f.name.c_str());
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs(); spec && spec->SpecsDirty && spec->SpecsCount > 0) {
            const int col = spec->Specs[0].ColumnIndex;
            const bool asc = spec->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
            std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
                auto key = [&](uint32_t i) -> std::string {
                    if (col == 0) return cs.id[i];
                    if (col == 1) { char t[32]; std::snprintf(t, sizeof t, "%012.4f", cs.day[i]); return t; }
                    if (col == 2) return cs.series[i];
                    if (col == 3) { char t[16]; std::snprintf(t, sizeof t, "%06d", i < L.series.size() ? L.series[i] : -1); return t; }
                    return case_value(cs, static_cast<size_t>(col - 4), i);
                };
                return asc ? key(a) < key(b) : key(b) < key(a);
            });
            spec->SpecsDirty = false;
        }
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(rows.size()));
        while (clip.Step())
            for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
                const uint32_t i = rows[static_cast<size_t>(r)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (ImGui::Selectable((cs.id[i] + (cs.entered[i] ? " (entered)" : "")).c_str(), L.selected_case == static_cast<int>(i), ImGuiSelectableFlags_SpanAllColumns))
                    L.selected_case = static_cast<int>(i);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(day_text(cs.day[i]).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(cs.series[i].empty() ? "-" : cs.series[i].c_str());
                ImGui::TableNextColumn();
                if (i < L.series.size() && L.series[i] >= 0) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(series_colour(L.series[i])), "%d", L.series[i] + 1);
                for (size_t f = 0; f < cs.features.size() && f + 4 < 60; ++f) {
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(case_value(cs, f, i).c_str());
                }
            }
        ImGui::EndTable();
    }
}

void tree_checkboxes(const linkage::Feature& f, std::vector<uint8_t>& checked, int node) {
    for (size_t c = 0; c < f.tree.name.size(); ++c) {
        if (f.tree.parent[c] != node) continue;
        ImGui::PushID(static_cast<int>(c));
        if (f.tree.is_leaf(static_cast<int>(c))) {
            bool v = checked[c] != 0;
            if (ImGui::Checkbox(f.tree.name[c].c_str(), &v)) checked[c] = v;
        } else if (ImGui::TreeNodeEx(f.tree.name[c].c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
            tree_checkboxes(f, checked, static_cast<int>(c));
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
}

void tab_form(AppState& s) {
    auto& L = s.link;
    auto& f = L.form;
    const float sc = s.ui_scale;
    ImGui::SetNextItemWidth(160 * sc);
    ImGui::InputText("case id", f.id, sizeof f.id);
    s.mark_widget("link_form_id");
    ImGui::SetNextItemWidth(160 * sc);
    ImGui::InputText("date and time (YYYY-MM-DD HH:MM)", f.date_time, sizeof f.date_time);
    s.mark_widget("link_form_date");
    if (ImGui::Button(f.picking ? "click the map..." : "Pick location on the map")) f.picking = true;
    s.mark_widget("link_form_pick");
    ImGui::SameLine();
    if (f.placed && L.cs.metres_per_unit > 0) ImGui::Text("at %.1f, %.1f", f.x, f.y / L.cs.y_scale);
    else if (f.placed) ImGui::Text("at %.4f, %.4f", f.x, f.y / L.cs.y_scale);
    else ImGui::TextDisabled("no location yet");
    ImGui::BeginChild("form_fields", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2), true);
    for (size_t k = 0; k < L.cs.features.size(); ++k) {
        const auto& ft = L.cs.features[k];
        ImGui::PushID(static_cast<int>(k));
        if (ft.kind == linkage::Kind::Categorical) {
            ImGui::SetNextItemWidth(180 * sc);
            const char* cur = f.choice[k] == 0 ? "unknown" : ft.table.values[static_cast<size_t>(f.choice[k] - 1)].c_str();
            if (ImGui::BeginCombo(ft.name.c_str(), cur)) {
                if (ImGui::Selectable("unknown", f.choice[k] == 0)) f.choice[k] = 0;
                for (size_t v = 0; v < ft.table.values.size(); ++v)
                    if (ImGui::Selectable(ft.table.values[v].c_str(), f.choice[k] == static_cast<int>(v + 1))) f.choice[k] = static_cast<int>(v + 1);
                ImGui::EndCombo();
            }
        } else if (ft.kind == linkage::Kind::Quantitative) {
            ImGui::SetNextItemWidth(120 * sc);
            ImGui::InputText(ft.name.c_str(), f.number[k].data(), f.number[k].size(), ImGuiInputTextFlags_CharsDecimal);
        } else if (ImGui::TreeNode(ft.name.c_str())) {
            tree_checkboxes(ft, f.checked[k], 0);
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    if (ImGui::Button("Add case and rank")) L.want_add_case = true;
    s.mark_widget("link_form_add");
    if (!f.error.empty()) { ImGui::SameLine(); ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", f.error.c_str()); }
    if (L.last_entered >= 0 && L.last_entered < static_cast<int>(L.cs.size())) {
        ImGui::Text("Most similar to %s:", L.cs.id[static_cast<size_t>(L.last_entered)].c_str());
        for (size_t r = 0; r < L.similar.size() && r < 10; ++r) {
            ImGui::SameLine();
            ImGui::Text("%s (%.2f)%s", L.cs.id[L.similar[r].second].c_str(), L.similar[r].first, r + 1 < std::min<size_t>(10, L.similar.size()) ? "," : "");
        }
        s.mark_widget("link_similar");
    }
}

void tab_model(AppState& s) {
    auto& L = s.link;
    auto& cs = L.cs;
    const float sc = s.ui_scale;
    if (L.trainer) ImGui::ProgressBar(static_cast<float>(L.progress), ImVec2(-1, 0), "training the similarity network");
    else if (ImGui::Button("Retrain with these settings and decisions")) L.want_retrain = true;
    s.mark_widget("link_retrain");
    // A model from `crimescope-cli link train`: it ranks instead, the same pairs as `link rank`.
    if (platform::has_file_browser()) {
        ImGui::SetNextItemWidth(260 * sc);
        ImGui::InputTextWithHint("##model", "model JSON from crimescope-cli link train", L.model_input, sizeof L.model_input);
        ImGui::SameLine();
        if (ImGui::Button("Open model...") && L.model_input[0]) L.model_request = L.model_input;
    } else if (ImGui::Button("Open model...")) {
        platform::open_file_picker();   // a chosen or dropped model JSON opens as the model (app_linkage.cpp)
    }
    s.mark_widget("link_open_model");
    if (!L.model_path.empty()) ImGui::TextDisabled("ranked by the model %s (Retrain trains here instead)", L.model_path.c_str());
    ImGui::Text("training AUC (in-sample, labelled pairs): network %.3f, expert weighting %.3f", L.train_auc, L.expert_auc);
    ImGui::TextDisabled("Held-out figures: crimescope-cli link eval (cross-validated by series).");
    bool rank_expert = L.use_expert;
    if (ImGui::Checkbox("rank by the expert weighting instead", &rank_expert) && (L.trained || rank_expert)) { L.use_expert = rank_expert; L.want_rescore = true; }
    float speed = static_cast<float>(cs.speed_m_per_day / 1000);
    ImGui::SetNextItemWidth(120 * sc);
    if (cs.metres_per_unit > 0 && ImGui::DragFloat("offender speed (km/day, 0 = off)", &speed, 1, 0, 5000, "%.0f")) { cs.speed_m_per_day = speed * 1000; L.settings_changed = true; }
    ImGui::SetNextItemWidth(120 * sc);
    if (ImGui::DragInt("pair window (days)", &cs.window_days, 1, 1, 3650)) L.settings_changed = true;
    if (ImGui::CollapsingHeader("Expert weights")) {
        for (auto& name : L.pairs.m.feature_names) {
            float w = static_cast<float>(cs.expert_weights.count(name) ? cs.expert_weights[name] : 1.0);
            ImGui::SetNextItemWidth(100 * sc);
            if (ImGui::DragFloat(name.c_str(), &w, 0.05f, 0, 10, "%.2f")) { cs.expert_weights[name] = w; L.want_rescore = true; }
        }
    }
    if (cs.features.empty()) return;
    ImGui::SetNextItemWidth(200 * sc);
    L.settings_feature = std::clamp(L.settings_feature, 0, static_cast<int>(cs.features.size()) - 1);
    if (ImGui::BeginCombo("feature", cs.features[static_cast<size_t>(L.settings_feature)].name.c_str())) {
        for (size_t k = 0; k < cs.features.size(); ++k)
            if (ImGui::Selectable(cs.features[k].name.c_str(), L.settings_feature == static_cast<int>(k))) L.settings_feature = static_cast<int>(k);
        ImGui::EndCombo();
    }
    auto& f = cs.features[static_cast<size_t>(L.settings_feature)];
    ImGui::SameLine();
    ImGui::TextDisabled("%s", linkage::kind_name(f.kind));
    if (f.kind == linkage::Kind::Quantitative) {
        float lo = static_cast<float>(f.min), hi = static_cast<float>(f.max);
        ImGui::SetNextItemWidth(100 * sc);
        if (ImGui::DragFloat("QSF min", &lo, 0.1f)) { f.min = std::min<double>(lo, f.max - 1e-3); L.settings_changed = true; }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(100 * sc);
        if (ImGui::DragFloat("QSF max", &hi, 0.1f)) { f.max = std::max<double>(hi, f.min + 1e-3); L.settings_changed = true; }
    } else if (f.kind == linkage::Kind::Categorical) {
        const size_t v = f.table.values.size();
        if (f.table.sim.empty()) {
            ImGui::TextDisabled("identity table (1 on a match, 0 otherwise)");
            if (ImGui::Button("Edit as a table")) {
                f.table.sim.assign(v * v, 0.0);
                for (size_t i = 0; i < v; ++i) f.table.sim[i * v + i] = 1.0;
            }
        } else if (ImGui::BeginTable("grid", static_cast<int>(std::min<size_t>(v, 62)) + 1, ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Borders, ImVec2(0, 220 * sc))) {
            ImGui::TableSetupScrollFreeze(1, 1);
            ImGui::TableSetupColumn("");
            for (size_t j = 0; j < v && j < 62; ++j) ImGui::TableSetupColumn(f.table.values[j].c_str(), ImGuiTableColumnFlags_WidthFixed, 44 * sc);
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < v && i < 62; ++i) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(f.table.values[i].c_str());
                for (size_t j = 0; j < v && j < 62; ++j) {
                    ImGui::TableNextColumn();
                    ImGui::PushID(static_cast<int>(i * v + j));
                    float x = static_cast<float>(f.table.sim[i * v + j]);
                    ImGui::SetNextItemWidth(-1);
                    if (ImGui::DragFloat("##c", &x, 0.01f, 0, 1, "%.2f")) {
                        f.table.sim[i * v + j] = f.table.sim[j * v + i] = std::clamp(x, 0.0f, 1.0f);   // symmetric
                        L.settings_changed = true;
                    }
                    ImGui::PopID();
                }
            }
            ImGui::EndTable();
        }
    } else {
        ImGui::TextDisabled("one weight per sibling group (the children of a node)");
        for (size_t n = 0; n < f.tree.name.size(); ++n) {
            if (f.tree.is_leaf(static_cast<int>(n))) continue;
            float w = static_cast<float>(f.weights[n]);
            ImGui::SetNextItemWidth(100 * sc);
            ImGui::Indent(static_cast<float>(f.tree.depth[n]) * 12 * sc);
            ImGui::PushID(static_cast<int>(n));
            if (ImGui::DragFloat(("children of " + f.tree.name[n]).c_str(), &w, 0.05f, 0, 10, "%.2f")) { f.weights[n] = w; L.settings_changed = true; }
            ImGui::PopID();
            ImGui::Unindent(static_cast<float>(f.tree.depth[n]) * 12 * sc);
        }
    }
    if (L.settings_changed) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "settings changed: retrain to apply (edited tables are kept)");
    if (ImGui::Button("Export schema.json")) link_export(s, "schema.json");
}

}  // namespace

void draw_linkage(AppState& s) {
    auto& L = s.link;
    if (!L.show) return;
    const float sc = s.ui_scale;
    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    if (L.want_dock) {   // a lat/lon set on the city map: the window to the right, the map in view on the left
        L.want_dock = false;
        const float w = LinkageState::dock_width(disp.x, sc);
        ImGui::SetNextWindowPos(ImVec2(disp.x - w - 10 * sc, 30 * sc), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(w, disp.y - 60 * sc), ImGuiCond_Always);
    } else {
        ImGui::SetNextWindowSize(ImVec2(1120 * sc, 700 * sc), ImGuiCond_Appearing);
        ImGui::SetNextWindowPos(ImVec2(disp.x * 0.5f, 30 * sc), ImGuiCond_Appearing, ImVec2(0.5f, 0));
    }
    const int tool_flags = tool_window_next(s);
    if (!ImGui::Begin("Serial-crime linkage (paper 003)", &L.show, tool_flags)) {
        if (L.cs.coords == linkage::Coordinates::LatLon && L.on_map && !L.loaded_folder.empty()) draw_on_map(s);
        ImGui::End();
        return;
    }
    tool_window_back(s, L.show);
    const auto& sets = linkage_sets();
    ImGui::SetNextItemWidth(340 * sc);
    const std::string current = L.custom ? "yours: " + L.cs.name : sets[static_cast<size_t>(L.set_index)].label;
    if (ImGui::BeginCombo("case set", current.c_str())) {
        for (size_t k = 0; k < sets.size(); ++k)
            if (ImGui::Selectable(sets[k].label, !L.custom && L.set_index == static_cast<int>(k))) { L.set_index = static_cast<int>(k); L.custom = false; L.loaded_folder.clear(); }
        for (const auto& o : L.own_sets)   // browser: the sets kept in IndexedDB
            if (ImGui::Selectable(("yours: " + o.name + "##" + o.key).c_str(), L.custom && L.loaded_folder.size() >= o.key.size() &&
                                                                                     L.loaded_folder.compare(L.loaded_folder.size() - o.key.size(), o.key.size(), o.key) == 0))
                L.restore_key = o.key;
        ImGui::EndCombo();
    }
    s.mark_widget("link_set_combo");
    // The next item on this line if it fits (the window may be docked narrow beside the map), else on the next.
    auto next_on_line = [](const char* label, float extra = 0) {
        const float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2 + extra;
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    };
    if (platform::has_file_browser()) {   // desktop: the analyst's own folder (schema.json + the case file it names) or a file
        next_on_line("Open", 230 * sc);
        ImGui::SetNextItemWidth(220 * sc);
        ImGui::InputTextWithHint("##dir", "your folder, CSV or JSON file", L.dir_input, sizeof L.dir_input);
        ImGui::SameLine();
        if (ImGui::Button("Open") && L.dir_input[0]) L.open_dir = L.dir_input;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A folder with schema.json and the case file it names, or a CSV or JSON file of cases alone: its columns are\n"
                              "read by name (id, x/y or lat/lon, date, series) and the rest become features. A file dropped on the window opens too.");
    } else {                               // browser: files chosen or dropped stay in this browser (IndexedDB)
        next_on_line("Open your cases (CSV, JSON)...");
        if (ImGui::Button("Open your cases (CSV, JSON)...")) platform::open_file_picker();
        s.mark_widget("link_open_own");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A CSV or JSON file of cases (id, x/y or lat/lon, date, and a series column if you have one; other columns become features),\n"
                              "with its schema.json and expert_weights.json if you have them: choose or drop them together.\n"
                              "They stay in this browser; nothing is uploaded.");
        if (L.custom && !L.loaded_folder.empty()) {
            if (L.confirm_remove == 0) {
                next_on_line("Remove");
                if (ImGui::Button("Remove")) L.confirm_remove = 1;
                s.mark_widget("link_remove");
            } else if (L.confirm_remove == 1) {
                ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "Remove this set and its decisions from this browser?");
                ImGui::SameLine();
                if (ImGui::Button("Remove##confirm")) L.confirm_remove = 2;
                s.mark_widget("link_remove_confirm");
                ImGui::SameLine();
                if (ImGui::Button("Keep")) L.confirm_remove = 0;
            }
        }
    }
    next_on_line("Export decisions CSV");
    if (ImGui::Button("Export decisions CSV")) link_export(s, "decisions.csv");
    next_on_line("JSON");
    if (ImGui::Button("JSON")) link_export(s, "decisions.json");
    next_on_line("Entered cases CSV");
    if (ImGui::Button("Entered cases CSV")) link_export(s, "cases.csv");
    next_on_line("Ranked pairs CSV");
    if (ImGui::Button("Ranked pairs CSV")) link_export(s, "pairs.csv");
    s.mark_widget("link_export_pairs");
    next_on_line("Series CSV");
    if (ImGui::Button("Series CSV")) link_export(s, "series.csv");
    s.mark_widget("link_export_series");
    next_on_line("Enter a new case");
    if (ImGui::Button("Enter a new case")) L.tab = 3;
    s.mark_widget("link_new_case");
    if (!L.error.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", L.error.c_str());
    if (L.loading || L.loaded_folder.empty()) {
        ImGui::TextDisabled("loading the case set...");
        ImGui::End();
        return;
    }
    ImGui::TextDisabled("%s; %zu decisions, %zu entered cases. %s", L.notice.c_str(), L.user.decisions.size(), L.user.cases.size(),
                        L.cs.source.c_str());
    if (!L.schema_notes.empty() && ImGui::TreeNode("How the columns of your file were read")) {
        for (const auto& n : L.schema_notes) ImGui::BulletText("%s", n.c_str());
        ImGui::TextDisabled("To change this, export schema.json (Model tab), edit it, and open it with the CSV.");
        ImGui::TreePop();
    }
    const bool map_mode = L.cs.coords == linkage::Coordinates::LatLon && L.on_map;
    if (L.cs.coords == linkage::Coordinates::LatLon) {
        if (ImGui::Checkbox("cases on the city map", &L.on_map)) L.want_fit_map = L.want_dock = L.on_map;
        s.mark_widget("link_on_map");
        if (L.on_map) {
            ImGui::SameLine();
            if (ImGui::SmallButton("fit the map to the cases")) L.want_fit_map = true;
            ImGui::SameLine();
            ImGui::TextDisabled("click a case on the map to select it; \"Pick location\" in the form takes a click on the map");
        }
    }
    if (map_mode) draw_on_map(s);
    if (L.trainer) ImGui::ProgressBar(static_cast<float>(L.progress), ImVec2(300 * sc, 0), "training");
    if (!map_mode) {   // the planar canvas (a lat/lon set on the map has the map instead)
        draw_canvas(s, ImVec2(ImGui::GetContentRegionAvail().x * 0.42f, 0));
        ImGui::SameLine();
    }
    ImGui::BeginChild("tabs", ImVec2(0, 0));
    if (ImGui::BeginTabBar("linkage_tabs")) {
        if (ImGui::BeginTabItem("Pairs")) { tab_pairs(s); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Series")) { tab_series(s); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Cases")) { tab_cases(s); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("New case", nullptr, L.tab == 3 ? ImGuiTabItemFlags_SetSelected : 0)) { tab_form(s); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Model")) { tab_model(s); ImGui::EndTabItem(); }
        ImGui::EndTabBar();
        L.tab = -1;
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace crimescope::app
