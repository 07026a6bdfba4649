// view_sidebar.cpp: city picker, filters (date range, hour-of-day range, categories) and counts.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>

#include "app/i18n.hpp"
#include "app/views/views.hpp"
#include "base/dates.hpp"

namespace crimescope::app {

std::string format_count(uint64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
}

namespace {

std::string role_label(const std::string& role) {
    std::string out = role;
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

}  // namespace

void draw_sidebar(AppState& s) {
    const float sc = s.ui_scale;
    ImGui::SetNextWindowPos(ImVec2(8 * sc, 8 * sc), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(320 * sc, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(320 * sc, 0), ImVec2(320 * sc, ImGui::GetIO().DisplaySize.y - 16 * sc));
    ImGui::Begin("crimescope", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
    draw_sidebar_body(s, false);
    ImGui::End();
}

// The side panel's contents; `phone`: inside the phone's menu (the search bar is on top of the map, buttons
// are full-size tap targets).
void draw_sidebar_body(AppState& s, bool phone) {
    const float sc = s.ui_scale;
    auto small_button = [&](const char* label) {
        bool r = phone ? ImGui::Button(label) : ImGui::SmallButton(label);
        if (phone) s.note_target();
        return r;
    };

    // City picker
    std::string current = s.current_id == "user" && s.city ? s.city->display_name : "";
    for (const auto& p : s.packs)
        if (p.id == s.current_id) current = p.display_name;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##city", current.empty() ? tr("(choose a city)") : current.c_str())) {
        for (const auto& p : s.packs) {
            bool sel = p.id == s.current_id;
            if (ImGui::Selectable(p.display_name.c_str(), sel, 0, ImVec2(0, phone ? 44 * s.css_px() : 0))) s.req.load_pack_id = p.id;
            s.mark_widget("city:" + p.id);
        }
        ImGui::EndCombo();
    }
    s.mark_widget("city_picker");
    if (phone) s.note_target();
    // Address / place search: suggestions while typing (typo-tolerant); pick one to score it.
    if (!phone) {
    ImGui::SetNextItemWidth(-1);
    bool enter = ImGui::InputTextWithHint("##search", tr("Search an address, intersection or place"), &s.search_text,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    s.mark_widget("search");
    s.search_focused = ImGui::IsItemActive();
    if (s.search_text != s.searched_text) s.req.search = true;
    if (enter && !s.suggestions.empty()) s.req.pick_suggestion = 0;
    if (!s.suggestions.empty() && s.geocoder) {
        ImGui::BeginChild("##suggestions", ImVec2(0, std::min<float>(8, static_cast<float>(s.suggestions.size())) * ImGui::GetTextLineHeightWithSpacing() + 6 * sc), true);
        for (size_t k = 0; k < s.suggestions.size(); ++k) {
            const auto& p = s.geocoder->place(s.suggestions[k].place);
            std::string label = s.suggestions[k].label + "##sug" + std::to_string(k);
            if (ImGui::Selectable(label.c_str())) s.req.pick_suggestion = static_cast<int>(k);
            s.mark_widget("suggestion:" + std::to_string(k));
            ImGui::SameLine();
            ImGui::TextDisabled("%s", geocode::place_kind_name(p.kind));
        }
        ImGui::EndChild();
    }
    }
    if (s.loading) ImGui::TextDisabled("loading...");
    if (!s.status.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", s.status.c_str());

    if (!s.city) return;
    const auto& t = s.city->incidents;
    ImGui::Text(tr("%s of %s incidents shown"), format_count(s.counts.visible).c_str(), format_count(t.size()).c_str());
    s.mark_widget("visible_count");
    ImGui::TextDisabled("%s .. %s", format_day(s.day_first).c_str(), format_day(s.day_last).c_str());
    ImGui::Separator();

    bool changed = false;
    // Date range
    ImGui::TextUnformatted(tr("Date range"));
    int span = std::max(0, s.day_last - s.day_first);
    int d0 = s.filter.day_min - s.day_first, d1 = s.filter.day_max - s.day_first;
    std::string f0 = "from " + format_day(s.filter.day_min), f1 = "to " + format_day(s.filter.day_max);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##day_from", &d0, 0, span, f0.c_str())) { d1 = std::max(d1, d0); changed = true; }
    s.mark_widget("day_from"); if (phone) s.note_target();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##day_to", &d1, 0, span, f1.c_str())) { d0 = std::min(d0, d1); changed = true; }
    s.mark_widget("day_to"); if (phone) s.note_target();
    if (small_button(tr("Last 30 days"))) { d0 = std::max(0, span - 29); d1 = span; changed = true; }
    s.mark_widget("last30");
    ImGui::SameLine();
    if (small_button(tr("Last year"))) { d0 = std::max(0, span - 364); d1 = span; changed = true; }
    ImGui::SameLine();
    if (small_button(tr("All dates"))) { d0 = 0; d1 = span; changed = true; }
    s.filter.day_min = s.day_first + d0;
    s.filter.day_max = s.day_first + d1;

    const bool months_only = s.city && s.city->extras.count("time_precision") && s.city->extras.at("time_precision") == "\"month\"";
    if (months_only) {   // no day and no time of day in the source: no hour filter to offer
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", tr("This file gives only the month of each crime: dates count from the 1st of the month and there are no times of day."));
        ImGui::PopTextWrapPos();
        s.mark_widget("months_only");
    }
    // Hour of day
    if (!months_only) {
    ImGui::TextUnformatted(tr("Hour of day"));
    int h0 = s.filter.hour_min, h1 = s.filter.hour_max;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::DragIntRange2("##hours", &h0, &h1, 0.1f, 0, 24, "from %d:00", "to %d:00")) {
        h0 = std::clamp(h0, 0, 23);
        h1 = std::clamp(h1, h0 + 1, 24);
        s.filter.hour_min = h0;
        s.filter.hour_max = h1;
        changed = true;
    }
    s.mark_widget("hours"); if (phone) s.note_target();
    if (!s.filter.all_hours() && s.counts.unknown_time > 0)
        ImGui::TextDisabled("%s incidents without a time are hidden", format_count(s.counts.unknown_time).c_str());
    }

    // Categories of the colour-by column: checkboxes with colour swatches and counts (the legend).
    if (s.colour_col) {
        ImGui::Separator();
        ImGui::Text("%s", role_label(s.colour_col->role).c_str());
        ImGui::SameLine();
        if (small_button(tr("all"))) { std::fill(s.filter.category_on.begin(), s.filter.category_on.end(), 1); changed = true; }
        ImGui::SameLine();
        if (small_button(tr("none"))) { std::fill(s.filter.category_on.begin(), s.filter.category_on.end(), 0); changed = true; }
        float list_h = std::min(static_cast<float>(s.legend_order.size()), 14.0f) * ImGui::GetFrameHeightWithSpacing() + 4 * sc;
        ImGui::BeginChild("##cats", ImVec2(0, list_h), false);
        for (size_t k = 0; k < s.legend_order.size(); ++k) {
            uint32_t code = s.legend_order[k];
            int slot = s.slot_of_code[code];
            ImVec4 c = s.slot_colour[static_cast<size_t>(slot)];
            c.w = 1;
            ImGui::ColorButton(("##sw" + std::to_string(code)).c_str(), c, ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop,
                               ImVec2(ImGui::GetFrameHeight() * 0.6f, ImGui::GetFrameHeight() * 0.6f));
            ImGui::SameLine();
            bool on = s.filter.category_on[code] != 0;
            const std::string& name = s.colour_col->dict[code].empty() ? std::string("(blank)") : s.colour_col->dict[code];
            std::string label = name + " (" + format_count(s.counts.per_category[code]) + ")##" + std::to_string(code);
            if (ImGui::Checkbox(label.c_str(), &on)) { s.filter.category_on[code] = on; changed = true; }
            s.mark_widget("cat:" + name); if (phone) s.note_target();
        }
        ImGui::EndChild();
    }
    ImGui::Separator();
    // Dense data drawn as density (issue #15): automatic, or always points / always density.
    ImGui::TextUnformatted(tr("Map"));
    ImGui::SameLine();
    int mode = static_cast<int>(s.dens.mode);
    const char* const modes[] = {"Auto", "Points", "Density"};
    const char* const keys[] = {"density:auto", "density:points", "density:density"};
    for (int k = 0; k < 3; ++k) {
        if (k) ImGui::SameLine();
        if (ImGui::RadioButton(tr(modes[k]), &mode, k)) s.dens.mode = static_cast<DensityMode>(k);
        s.mark_widget(keys[k]);
        if (phone) s.note_target();
    }
    if (ImGui::IsItemHovered() && !phone)
        ImGui::SetTooltip("Auto: squares coloured by count when more incidents are in view than can be read");
    ImGui::Separator();
    if (phone) {   // the menu has its own buttons for the views and the data source
        if (changed) s.req.recount = true;
        return;
    }
    ImGui::SetNextItemWidth(120 * sc);
    ImGui::SliderFloat("point size", &s.point_px, 1.0f, 12.0f, "%.0f px");
    if (ImGui::Button("Load...")) s.show_load_csv = true;   // a CSV or a .cspack
    s.mark_widget("load_csv");
    ImGui::SameLine();
    if (ImGui::Button(tr("Data source"))) s.show_about = true;
    s.mark_widget("about");
    if (s.last_report) {
        ImGui::SameLine();
        if (ImGui::Button("Ingest report")) s.show_report = true;
    }
    if (ImGui::Button("Forecast")) { s.fc.show = true; s.fc.dirty = true; }
    s.mark_widget("forecast");
    ImGui::SameLine();
    if (ImGui::Button("Patterns (CR-Ω+)")) { s.pat.show = true; s.pat.dirty = true; }
    s.mark_widget("patterns");
    if (ImGui::Button("Linkage")) s.link.show = true;
    s.mark_widget("linkage");
    ImGui::SameLine();
    if (ImGui::Button("Classify")) s.cls.show = true;
    s.mark_widget("classify");
    ImGui::SameLine();
    if (ImGui::Button("Hotspots")) { s.hot.show = true; s.hot.dirty = true; }
    s.mark_widget("hotspots");
    ImGui::Separator();
    draw_export_section(s, false);
    ImGui::TextDisabled("Drag to pan, wheel to zoom, hover a point.");
    if (changed) s.req.recount = true;
}

}  // namespace crimescope::app
