// view_hotspots.cpp: the analyst's hotspot toolkit (issue #19) over the map's filtered incidents: kernel density,
// Getis-Ord Gi* hot spots (FDR-controlled), emerging hot spots, near repeats (Knox test) and concentration (Lorenz
// curve) and next month's hotspot set on the grid (forecast/grid_forecast). The view sets parameters and draws results; App::update_hotspots (app_hotspots.cpp) computes them as a
// job. Grid layers stay on the map after the window closes (with a small legend) until cleared.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/i18n.hpp"
#include "base/dates.hpp"
#include "app/views/views.hpp"

namespace crimescope::app {

namespace {

ImU32 rgba_to_imgui(uint32_t rgba) {
    return IM_COL32((rgba >> 24) & 0xff, (rgba >> 16) & 0xff, (rgba >> 8) & 0xff, rgba & 0xff);
}

const char* const kAnalysisNames[kHotspotAnalyses] = {"Density (quartic kernel)", "Hot spots (Getis-Ord Gi*)",
                                                      "Emerging hot spots (monthly Gi* + Mann-Kendall)",
                                                      "Near repeats (Knox test)", "Concentration (Lorenz curve)",
                                                      "Next month's hotspots (grid forecast)"};

// The grid layer's cells on the map (background draw list, under the windows), culled to the view; the cell under
// the mouse is returned for a tooltip.
int64_t draw_cells(AppState& s, const hotspot::CellLayer& l) {
    const auto& h = s.hot;
    if (h.edge_x.size() != static_cast<size_t>(l.grid.nx) + 1 || h.edge_y.size() != static_cast<size_t>(l.grid.ny) + 1) return -1;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    const ImVec2 fb = ImGui::GetIO().DisplayFramebufferScale;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hover_ok = !ImGui::GetIO().WantCaptureMouse && ImGui::IsMousePosValid();
    int64_t hovered = -1;
    auto sx = [&](double mx) { return static_cast<float>(((mx - s.camera.centre_x) * s.camera.px_per_unit + s.fb_width * 0.5) / fb.x); };
    auto sy = [&](double my) { return static_cast<float>(((my - s.camera.centre_y) * s.camera.px_per_unit + s.fb_height * 0.5) / fb.y); };
    for (size_t k = 0; k < l.cells.size(); ++k) {
        const uint8_t cls = k < l.klass.size() ? l.klass[k] : 0;
        if (cls >= l.classes.size() || (l.classes[cls].rgba & 0xff) == 0) continue;   // transparent class
        const int i = l.grid.cell_i(l.cells[k]), j = l.grid.cell_j(l.cells[k]);
        float x0 = sx(h.edge_x[static_cast<size_t>(i)]), x1 = sx(h.edge_x[static_cast<size_t>(i) + 1]);
        float y0 = sy(h.edge_y[static_cast<size_t>(j)]), y1 = sy(h.edge_y[static_cast<size_t>(j) + 1]);
        if (x0 > x1) std::swap(x0, x1);
        if (y0 > y1) std::swap(y0, y1);
        if (x1 < 0 || y1 < 0 || x0 > size.x || y0 > size.y) continue;
        if (x1 - x0 < 1) x1 = x0 + 1;   // city zoom: a cell is at least a pixel
        if (y1 - y0 < 1) y1 = y0 + 1;
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), rgba_to_imgui(l.classes[cls].rgba));
        if (hover_ok && mouse.x >= x0 && mouse.x < x1 && mouse.y >= y0 && mouse.y < y1) hovered = static_cast<int64_t>(k);
    }
    return hovered;
}

// The classes with their colours and cell counts; `compact` (the legend left on the map) lists only the classes
// that have cells.
void class_legend(AppState& s, const hotspot::CellLayer& l, bool compact = false) {
    std::vector<size_t> n(l.classes.size(), 0);
    for (uint8_t k : l.klass)
        if (k < n.size()) ++n[k];
    const float box = ImGui::GetTextLineHeight();
    for (size_t k = 0; k < l.classes.size(); ++k) {
        if (compact && n[k] == 0) continue;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + box, p.y + box), rgba_to_imgui(l.classes[k].rgba | ((l.classes[k].rgba & 0xff) ? 0 : 0x30)));
        ImGui::GetWindowDrawList()->AddRect(p, ImVec2(p.x + box, p.y + box), IM_COL32(90, 90, 90, 255));
        ImGui::Dummy(ImVec2(box, box));
        ImGui::SameLine();
        ImGui::Text("%s: %s cells", l.classes[k].name.c_str(), format_count(n[k]).c_str());
    }
    (void)s;
}

void near_repeat_table(const hotspot::NearRepeatResult& r) {
    const auto& p = r.params;
    ImGui::TextWrapped("%s incidents, %s..%s%s; %d permutations. Each cell: observed pairs / expected (Knox ratio), p-value; "
                       "bold cells have p <= 0.05.",
                       format_count(r.incidents).c_str(), format_day(r.first_day).c_str(), format_day(r.last_day).c_str(),
                       r.capped ? (" (the most recent; " + format_count(r.left_out_by_cap) + " older left out)").c_str() : "",
                       p.permutations);
    if (ImGui::BeginTable("##knox", r.cols() + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX)) {
        ImGui::TableSetupColumn("distance \\ days");
        for (int c = 0; c < r.cols(); ++c) {
            const std::string h = c < p.time_bands ? std::to_string(c * p.time_band_days) + "-" + std::to_string((c + 1) * p.time_band_days)
                                                   : ">= " + std::to_string(p.time_bands * p.time_band_days);
            ImGui::TableSetupColumn(h.c_str());
        }
        ImGui::TableHeadersRow();
        for (int row = 0; row < r.rows(); ++row) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (row < p.space_bands) ImGui::Text("%.0f-%.0f m", row * p.space_band_m, (row + 1) * p.space_band_m);
            else ImGui::Text(">= %.0f m", p.space_bands * p.space_band_m);
            for (int c = 0; c < r.cols(); ++c) {
                ImGui::TableNextColumn();
                const auto& cell = r.at(row, c);
                const bool sig = cell.p <= 0.05;
                if (sig) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.2f, 0.1f, 1));
                if (std::isfinite(cell.ratio)) ImGui::Text("%.2f  p %.2f", cell.ratio, cell.p);
                else ImGui::Text("-");
                if (sig) ImGui::PopStyleColor();
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("observed %s pairs, expected %.1f, %u of %d permutations at least as many",
                                      format_count(cell.observed).c_str(), cell.expected, cell.at_least, p.permutations);
            }
        }
        ImGui::EndTable();
    }
}

void concentration_panel(AppState& s, const hotspot::Concentration& c) {
    ImGui::TextWrapped("%s crimes in %s places (%.0f m cells of the study area; %s of them with any crime).",
                       format_count(c.crimes).c_str(), format_count(c.places).c_str(), c.cell_m, format_count(c.places_with_crime).c_str());
    for (const auto& t : c.top) ImGui::BulletText("the top %.0f%% of places hold %.1f%% of crime", t.place_share * 100, t.crime_share * 100);
    ImGui::BulletText("80%% of crime is in %.1f%% of places; 50%% in %.1f%%", c.places_for_80 * 100, c.places_for_50 * 100);
    ImGui::BulletText("Gini coefficient %.3f", c.gini);
    const auto curve = c.lorenz(50);
    std::vector<float> y;
    for (const auto& p : curve) y.push_back(static_cast<float>(p.crime_share));
    ImGui::PlotLines("##lorenz", y.data(), static_cast<int>(y.size()), 0, "Lorenz curve: share of crime (up) in the top share of places (right)",
                     0, 1, ImVec2(-1, 110 * s.ui_scale));
}

}  // namespace

void draw_hotspots(AppState& s) {
    auto& h = s.hot;
    if (!s.city) return;
    int64_t hovered = -1;
    if (h.layer && h.on_map) hovered = draw_cells(s, *h.layer);
    if (hovered >= 0 && !s.phone) {
        const auto& l = *h.layer;
        const size_t k = static_cast<size_t>(hovered);
        ImGui::SetTooltip("%s\n%s: %.3g%s", l.title.c_str(), l.value_name.c_str(), k < l.value.size() ? l.value[k] : 0.f,
                          k < l.klass.size() && l.klass[k] < l.classes.size() ? ("\n" + l.classes[l.klass[k]].name).c_str() : "");
    }
    const float sc = s.ui_scale;
    if (!h.show) {
        if (h.layer && h.on_map) {   // the layer stays on the map: a small legend, and a way to clear it
            ImGuiIO& io = ImGui::GetIO();
            ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 8 * sc, io.DisplaySize.y - (s.phone ? s.sheet_css * s.css_px() : 0) - 40 * sc),
                                    ImGuiCond_Always, ImVec2(1, 1));
            ImGui::SetNextWindowBgAlpha(0.9f);
            if (ImGui::Begin("##hotspot_legend", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
                ImGui::TextUnformatted(h.layer->title.c_str());
                class_legend(s, *h.layer, true);
                if (ImGui::SmallButton("clear")) h.layer.reset();
                s.mark_widget("hotspot_clear");
            }
            ImGui::End();
        }
        return;
    }
    ImGuiIO& io = ImGui::GetIO();
    // Beside the side panel: the top right belongs to the score card (drawn over whatever opens there).
    ImGui::SetNextWindowPos(ImVec2(340 * sc, 8 * sc), ImGuiCond_Appearing, ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(520 * sc, 560 * sc), ImGuiCond_Appearing);
    const int flags = tool_window_next(s);
    if (!ImGui::Begin("Hotspots", &h.show, flags)) {
        ImGui::End();
        return;
    }
    tool_window_back(s, h.show);
    ImGui::TextDisabled("%s incidents after the map's filters", format_count(s.counts.visible).c_str());
    int a = static_cast<int>(h.analysis);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##analysis", &a, kAnalysisNames, kHotspotAnalyses)) {
        h.analysis = static_cast<HotspotAnalysis>(a);
        h.dirty = true;
    }
    s.mark_widget("hotspot_analysis");
    const bool grid_based = h.analysis != HotspotAnalysis::NearRepeat;
    if (grid_based) {
        ImGui::SetNextItemWidth(200 * sc);
        ImGui::SliderFloat("cell (m)", &h.cell_m, 50, 500, "%.0f m");
        if (ImGui::IsItemDeactivatedAfterEdit()) h.dirty = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The NIJ forecasting challenge's cells were 76-183 m (250-600 ft).");
    }
    if (h.analysis == HotspotAnalysis::Kde || h.analysis == HotspotAnalysis::ForecastGrid) {
        ImGui::SameLine();
        float pct = h.area_share * 100;
        ImGui::SetNextItemWidth(160 * sc);
        if (ImGui::SliderFloat("hotspot area", &pct, 1, 20, "%.0f%%")) h.area_share = pct / 100;
        if (ImGui::IsItemDeactivatedAfterEdit()) h.dirty = true;
    }
    if (h.analysis == HotspotAnalysis::NearRepeat) {
        ImGui::SetNextItemWidth(200 * sc);
        ImGui::SliderInt("permutations", &h.permutations, 19, 999);
        if (ImGui::IsItemDeactivatedAfterEdit()) h.dirty = true;
    }
    if (ImGui::Button("Recompute")) h.dirty = true;
    s.mark_widget("hotspot_run");
    ImGui::SameLine();
    ImGui::Checkbox("on the map", &h.on_map);
    if (h.busy) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel")) h.cancel = true;
        ImGui::TextDisabled("computing %s... %.1f s", hotspot_analysis_id(h.analysis), h.busy_ms / 1000);
    }
    if (!h.error.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.2f, 1), "%s", h.error.c_str());
    ImGui::Separator();
    if (h.layer && (h.done == HotspotAnalysis::Kde || h.done == HotspotAnalysis::GiStar || h.done == HotspotAnalysis::Emerging ||
                    h.done == HotspotAnalysis::ForecastGrid)) {
        const auto& l = *h.layer;
        ImGui::TextWrapped("%s", l.title.c_str());
        ImGui::TextDisabled("%s incidents, %s cells of %.0f m, %s found; %.0f ms", format_count(h.incidents).c_str(),
                            format_count(l.cells.size()).c_str(), l.grid.cell_m, format_count(l.significant).c_str(), h.compute_ms);
        class_legend(s, l);
        for (const auto& n : l.notes) ImGui::TextWrapped("- %s", n.c_str());
    } else if (h.near && h.done == HotspotAnalysis::NearRepeat) {
        near_repeat_table(*h.near);
    } else if (h.conc && h.done == HotspotAnalysis::Concentration) {
        concentration_panel(s, *h.conc);
    } else if (!h.busy && h.error.empty()) {
        ImGui::TextDisabled("Choose an analysis.");
    }
    ImGui::End();
}

}  // namespace crimescope::app
