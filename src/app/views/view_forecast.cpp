// view_forecast.cpp: the tendency forecast (paper 002) per space unit: units on the map coloured by forecast
// or by change vs the last month, a ranked table of rising units, the selected unit's series with its
// forecast, and the metrics table against the baselines for the chosen month (when it was observed).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/map/map_renderer.hpp"
#include "app/views/views.hpp"

namespace crimescope::app {

void draw_forecast(AppState& s) {
    if (!s.fc.show || !s.city) return;
    auto& fc = s.fc;
    const float sc = s.ui_scale;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(340 * sc, io.DisplaySize.y - 8 * sc), ImGuiCond_Appearing, ImVec2(0, 1));
    ImGui::SetNextWindowSize(ImVec2(560 * sc, 470 * sc), ImGuiCond_Appearing);
    const int tool_flags = tool_window_next(s);
    if (!ImGui::Begin("Forecast (tendency, paper 002)", &fc.show, tool_flags)) { ImGui::End(); return; }
    tool_window_back(s, fc.show);
    if (!fc.unavailable.empty() || !fc.built || fc.f_default.empty()) {
        ImGui::TextWrapped("%s", fc.unavailable.empty() ? "computing..." : fc.unavailable.c_str());
        ImGui::End();
        return;
    }
    const auto& q = fc.cube;
    const int ns = static_cast<int>(q.units.size());
    ImGui::TextDisabled("%s; %zu units", fc.source.c_str(), q.units.size());
    ImGui::SetNextItemWidth(220 * sc);
    if (ImGui::BeginCombo("family", q.families[static_cast<size_t>(fc.family)].c_str())) {
        for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
            if (ImGui::Selectable(q.families[static_cast<size_t>(c)].c_str(), c == fc.family)) fc.family = c;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    int m = fc.month;
    std::string label = fc.month == q.n_months ? q.month_name(m) + " (next)" : q.month_name(m);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##fmonth", &m, 13, q.n_months, label.c_str())) { fc.month = m; fc.dirty = true; }
    ImGui::RadioButton("colour by forecast", reinterpret_cast<int*>(&fc.colour_change), 0);
    ImGui::SameLine();
    ImGui::RadioButton("by change vs last month", reinterpret_cast<int*>(&fc.colour_change), 1);
    const bool range = fc.chosen.kind == forecast::DefaultForecaster::Blend && fc.chosen.validation_last >= fc.chosen.validation_first;
    const std::string on = range ? q.month_name(fc.chosen.validation_first) + ".." + q.month_name(fc.chosen.validation_last)
                                 : q.month_name(fc.month - 1);
    ImGui::TextDisabled("Forecaster: %s (chosen on %s, before the month forecast); the paper's F shown beside it.",
                        fc.chosen.describe().c_str(), on.c_str());

    // Map markers at unit centroids.
    const size_t base = static_cast<size_t>(fc.family) * static_cast<size_t>(ns);
    double fmax = 1e-9, cmax = 1e-9;
    for (int u = 0; u < ns; ++u) {
        fmax = std::max(fmax, fc.f_default[base + static_cast<size_t>(u)]);
        cmax = std::max(cmax, std::fabs(fc.f_default[base + static_cast<size_t>(u)] - fc.f_last[base + static_cast<size_t>(u)]));
    }
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    int clicked = -1;
    for (int u = 0; u < ns; ++u) {
        if (!fc.unit_placed[static_cast<size_t>(u)]) continue;
        const double f = fc.f_default[base + static_cast<size_t>(u)], d = f - fc.f_last[base + static_cast<size_t>(u)];
        ImVec2 p = s.screen_of(fc.unit_at[static_cast<size_t>(u)]);
        float r = static_cast<float>(4 + 14 * std::sqrt(f / fmax)) * sc;
        ImVec4 c;
        if (fc.colour_change) {
            float k = static_cast<float>(std::clamp(d / cmax, -1.0, 1.0));
            c = k >= 0 ? ImVec4(0.9f, 0.9f - 0.7f * k, 0.9f - 0.8f * k, 0.85f) : ImVec4(0.9f + 0.7f * k, 0.9f + 0.4f * k, 0.95f, 0.85f);
        } else {
            c = heat_colour(f / fmax);
            c.w = 0.85f;
        }
        dl->AddCircleFilled(p, r, ImGui::ColorConvertFloat4ToU32(c));
        dl->AddCircle(p, r, u == fc.selected_unit ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 200), 0, u == fc.selected_unit ? 2.5f : 1.0f);
        if (!io.WantCaptureMouse && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            ImVec2 mp = io.MousePos;
            if ((mp.x - p.x) * (mp.x - p.x) + (mp.y - p.y) * (mp.y - p.y) <= r * r) clicked = u;
        }
    }
    if (clicked >= 0) fc.selected_unit = clicked;

    // Ranked table: rising units (forecast minus last month).
    std::vector<int> order(static_cast<size_t>(ns));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return fc.f_default[base + static_cast<size_t>(a)] - fc.f_last[base + static_cast<size_t>(a)] >
               fc.f_default[base + static_cast<size_t>(b)] - fc.f_last[base + static_cast<size_t>(b)];
    });
    if (ImGui::BeginTable("##rising", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV, ImVec2(0, 150 * sc))) {
        ImGui::TableSetupColumn("unit");
        ImGui::TableSetupColumn("last month");
        ImGui::TableSetupColumn("forecast");
        ImGui::TableSetupColumn("paper's F");
        ImGui::TableSetupColumn("change");
        ImGui::TableHeadersRow();
        for (int u : order) {
            const size_t i = base + static_cast<size_t>(u);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(q.units[static_cast<size_t>(u)].c_str(), u == fc.selected_unit, ImGuiSelectableFlags_SpanAllColumns)) fc.selected_unit = u;
            ImGui::TableNextColumn();
            ImGui::Text("%.0f", fc.f_last[i]);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", fc.f_default[i]);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", fc.f_paper[i]);
            ImGui::TableNextColumn();
            ImGui::Text("%+.1f", fc.f_default[i] - fc.f_last[i]);
        }
        ImGui::EndTable();
    }
    if (fc.selected_unit >= 0) {
        const int u = fc.selected_unit;
        std::vector<float> series;
        const int first = std::max(0, fc.month - 24);
        for (int t = first; t < fc.month && t < q.n_months; ++t) series.push_back(static_cast<float>(q.at(fc.family, u, t)));
        series.push_back(static_cast<float>(fc.f_default[base + static_cast<size_t>(u)]));
        std::string overlay = q.units[static_cast<size_t>(u)] + ": " + q.month_name(first) + " .. forecast " + q.month_name(fc.month);
        ImGui::PlotLines("##series", series.data(), static_cast<int>(series.size()), 0, overlay.c_str(), 0, FLT_MAX, ImVec2(-1, 70 * sc));
        ImGui::TextDisabled("last point = forecast %.1f (paper's F %.1f)%s", fc.f_default[base + static_cast<size_t>(u)], fc.f_paper[base + static_cast<size_t>(u)],
                            fc.month < q.n_months ? "" : "; the month has not happened yet");
        if (fc.month < q.n_months) ImGui::TextDisabled("observed: %.0f", q.at(fc.family, u, fc.month));
    }
    if (!fc.metrics.empty() && ImGui::TreeNodeEx("Metrics for this month (all families and units)", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (ImGui::BeginTable("##fm", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
            for (const char* h : {"method", "MAE", "RMSE", "STRMSE", "PAI@5%", "PEI@5%", "PAI@10%"}) ImGui::TableSetupColumn(h);
            ImGui::TableHeadersRow();
            for (const auto& r : fc.metrics) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.method.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%.3f", r.m.mae);
                ImGui::TableNextColumn();
                ImGui::Text("%.3f", r.m.rmse);
                ImGui::TableNextColumn();
                ImGui::Text("%.4f", r.m.strmse);
                ImGui::TableNextColumn();
                ImGui::Text("%.2f", r.m.pai5);
                ImGui::TableNextColumn();
                ImGui::Text("%.3f", r.m.pei5);
                ImGui::TableNextColumn();
                ImGui::Text("%.2f", r.m.pai10);
            }
            ImGui::EndTable();
        }
        ImGui::TreePop();
    }
    ImGui::End();
}

}  // namespace crimescope::app
