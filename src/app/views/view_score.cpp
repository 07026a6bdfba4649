// view_score.cpp: the crime score card (paper 001) for the clicked place, a pinned card to compare side
// by side, the marker with its radius and the 10 nearest counted crimes on the map, and the heat overlay.
#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "app/map/map_renderer.hpp"
#include "app/card_text.hpp"
#include "app/i18n.hpp"
#include "app/views/views.hpp"
#include "base/dates.hpp"

namespace crimescope::app {

namespace {

void draw_card_column(AppState& s, const ScoreCard& c) {
    const auto& r = c.result;
    const auto& t = s.city->incidents;
    ImGui::Text("%s  %.5f, %.5f", c.label.c_str(), c.at.lat_deg, c.at.lon_deg);
    const CardWords words = card_words(s, c);
    if (!c.place.covered) {
        ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", words.line.c_str());
        ImGui::TextWrapped("%s", words.headline.c_str());
        return;
    }
    ImGui::TextWrapped("%s", words.headline.c_str());
    for (const auto& d : words.details) ImGui::TextWrapped("%s", d.c_str());
    ImVec4 col = heat_colour(r.score01);
    col.w = 1;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, col);
    char overlay[32];
    std::snprintf(overlay, sizeof overlay, "S = %.2f", r.score01);
    ImGui::ProgressBar(static_cast<float>(r.score01), ImVec2(-1, 0), overlay);
    ImGui::PopStyleColor();
    ImGui::TextWrapped("More crimes nearby than %.0f%% of places in this city.", r.percentile);
    if (c.model_pending) {
        ImGui::TextDisabled("model estimate: loading the model...");
    } else if (c.model_valid) {
        const double d = c.model_score01 - r.score01;
        ImGui::Text("Model estimate from the last 30 days: S = %.2f", c.model_score01);
        s.mark_widget("model_estimate");
        ImGui::TextWrapped("%s", std::fabs(d) < 0.05 ? "Recent crimes suggest about the same level as the yearly count."
                                 : d > 0 ? "Recent crimes suggest a higher level than the yearly count."
                                         : "Recent crimes suggest a lower level than the yearly count.");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The paper's MLP: S predicted from the distance and age of the 10 nearest crimes of the\n"
                              "30 days up to the date. Mean absolute error on later held-out data: %.3f (%s).",
                              s.score_model.test_l1, s.score_model.test_period.c_str());
    } else if (!c.model_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("model estimate unavailable: %s", c.model_error.c_str());   // a long error stays readable
        ImGui::PopStyleColor();
    }
    ImGui::TextWrapped("%u reported crimes within %.0f m in the %d days to %s (95%% interval for the rate: %.1f-%.1f).",
                       r.count, c.params.radius_m, c.params.window_days, format_day(c.as_of_day).c_str(), r.count_ci95.low,
                       r.count_ci95.high);
    if (!r.by_type.empty() && ImGui::TreeNodeEx("By type", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& x : r.by_type) {
            ImGui::ProgressBar(r.count ? static_cast<float>(x.count) / static_cast<float>(r.count) : 0.0f, ImVec2(80 * s.ui_scale, 0), "");
            ImGui::SameLine();
            ImGui::Text("%s (%u)", x.type.c_str(), x.count);
        }
        ImGui::TreePop();
    }
    if (r.count && ImGui::TreeNodeEx("By hour of day", ImGuiTreeNodeFlags_DefaultOpen)) {
        float hours[24];
        float mx = 1;
        for (int h = 0; h < 24; ++h) mx = std::max(mx, hours[h] = static_cast<float>(r.by_hour[static_cast<size_t>(h)]));
        ImGui::PlotHistogram("##hours", hours, 24, 0, "0h            12h           23h", 0, mx, ImVec2(-1, 50 * s.ui_scale));
        if (r.unknown_hour) ImGui::TextDisabled("%u without a time", r.unknown_hour);
        ImGui::TreePop();
    }
    if (!r.nearest.empty() && ImGui::TreeNode("The 10 nearest counted crimes")) {
        const data::CategoryColumn* type = t.category("type");
        if (ImGui::BeginTable("##near", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
            for (const auto& n : r.nearest) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(type ? type->value_at(n.row).c_str() : "");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_day(t.day[n.row]).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%.0f m", n.dist_m);
            }
            ImGui::EndTable();
        }
        ImGui::TreePop();
    }
}

void draw_marker(const AppState& s, const ScoreCard& c, ImU32 colour) {
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    ImVec2 p = s.screen_of(c.at);
    // Radius in display pixels: move radius_m north and measure.
    const double dlat = c.params.radius_m / (geo::kEarthRadius_m * geo::kPi / 180);
    ImVec2 q = s.screen_of({c.at.lat_deg + dlat, c.at.lon_deg});
    float rad = std::fabs(q.y - p.y);
    dl->AddCircle(p, rad, colour, 64, 2.0f * s.ui_scale);
    for (const auto& n : c.result.nearest)
        dl->AddCircle(s.screen_of({s.city->incidents.lat_deg[n.row], s.city->incidents.lon_deg[n.row]}), 5 * s.ui_scale,
                      IM_COL32(255, 255, 255, 220), 12, 1.5f * s.ui_scale);
    // The place itself: a ring with a dark outline, the same screen size at every zoom.
    const float ring = 11 * s.ui_scale;
    dl->AddCircle(p, ring, IM_COL32(0, 0, 0, 230), 32, 6.0f * s.ui_scale);
    dl->AddCircle(p, ring, colour, 32, 3.0f * s.ui_scale);
    dl->AddCircleFilled(p, 4 * s.ui_scale, IM_COL32(0, 0, 0, 230));
    dl->AddCircleFilled(p, 2.5f * s.ui_scale, colour);
    dl->AddText(ImVec2(p.x + 6 * s.ui_scale, p.y - 18 * s.ui_scale), colour, c.label.c_str());
}

}  // namespace

void draw_score_overlays(AppState& s) {
    if (!s.city) return;
    // Heat overlay under everything ImGui draws.
    if (s.heat.on && s.heat.texture && s.heat.grid.nx > 0) {
        const auto& b = s.heat.grid.box;
        ImGui::GetBackgroundDrawList()->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(s.heat.texture)),
                                                 s.screen_of({b.lat_max_deg, b.lon_min_deg}), s.screen_of({b.lat_min_deg, b.lon_max_deg}));
    }
    if (s.pinned.valid) draw_marker(s, s.pinned, IM_COL32(120, 200, 255, 255));
    if (s.card.valid) draw_marker(s, s.card, IM_COL32(255, 230, 80, 255));
}

void draw_score(AppState& s) {
    if (!s.city) return;
    const float sc = s.ui_scale;
    draw_score_overlays(s);

    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 8 * sc, 8 * sc), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(s.pinned.valid && s.card.valid ? 600 * sc : 330 * sc, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, io.DisplaySize.y * 0.75f));
    ImGui::Begin("Crime score", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
    s.mark_widget("score_window");
    bool rescale = false;
    float radius = static_cast<float>(s.score_params.radius_m);
    ImGui::SetNextItemWidth(140 * sc);
    if (ImGui::SliderFloat("radius", &radius, 50, 1000, "%.0f m")) { s.score_params.radius_m = std::round(radius / 10) * 10; }
    if (ImGui::IsItemDeactivatedAfterEdit()) rescale = true;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110 * sc);
    ImGui::SliderInt("days", &s.score_params.window_days, 7, 730);
    if (ImGui::IsItemDeactivatedAfterEdit()) rescale = true;
    int rel = s.score_as_of - s.day_first, span = s.day_last - s.day_first;
    std::string as_of = "as of " + format_day(s.score_as_of);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##asof", &rel, 0, span, as_of.c_str())) s.score_as_of = s.day_first + rel;
    if (ImGui::IsItemDeactivatedAfterEdit()) rescale = true;
    if (rescale) s.req.rescale = true;
    if (ImGui::Checkbox("Heat overlay of S", &s.heat.on)) s.heat.dirty = true;
    s.mark_widget("heat_toggle");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("S over the whole city for the crime types and hours chosen in the side panel");
    if (s.heat.on) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImVec2 p = ImGui::GetCursorScreenPos();
        float w = ImGui::GetContentRegionAvail().x, h = 10 * sc;
        for (int i = 0; i < 64; ++i) {
            ImVec4 c = heat_colour(i / 63.0);
            c.w = 1;
            dl->AddRectFilled(ImVec2(p.x + w * i / 64, p.y), ImVec2(p.x + w * (i + 1) / 64 + 1, p.y + h), ImGui::ColorConvertFloat4ToU32(c));
        }
        ImGui::Dummy(ImVec2(w, h));
        ImGui::TextDisabled("S = 0: 1 crime");
        ImGui::SameLine(w - ImGui::CalcTextSize("S = 1: 0000 crimes").x);
        ImGui::TextDisabled("S = 1: %u crimes", s.heat.count_max);
    }
    ImGui::Separator();
    if (!s.card.valid) {
        ImGui::TextWrapped("Click the map to score a place: the number of reported crimes within %.0f m in the last %d days, "
                           "log-scaled against the busiest places of this city.", s.score_params.radius_m, s.score_params.window_days);
    } else {
        if (s.pinned.valid && ImGui::BeginTable("##cmp", 2)) {
            ImGui::TableNextColumn();
            draw_card_column(s, s.pinned);
            ImGui::TableNextColumn();
            draw_card_column(s, s.card);
            ImGui::EndTable();
        } else {
            draw_card_column(s, s.card);
        }
        if (ImGui::SmallButton(s.pinned.valid ? "Pin this one instead" : "Pin to compare")) {
            s.pinned = s.card;
            s.pinned.label = "B";
        }
        s.mark_widget("pin");
        if (s.pinned.valid) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Clear comparison")) s.pinned.valid = false;
        }
    }
    ImGui::Separator();
    ImGui::TextWrapped("Scores count reported crimes only; newest data %s. Source: %s", format_day(s.day_last).c_str(),
                       s.city->display_name.c_str());
    if (!s.city->disclaimer.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", s.city->disclaimer.c_str());
    if (auto it = s.city->extras.find("time_precision"); it != s.city->extras.end() && it->second == "\"month\"")
        ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s",
                           tr("This file gives only the month of each crime: dates count from the 1st of the month and there are no times of day."));
    ImGui::End();
}

}  // namespace crimescope::app
