// view_hover.cpp: the record under the cursor (every field of the incident), or the area's name.
#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "app/views/views.hpp"
#include "base/dates.hpp"

namespace crimescope::app {

void draw_hover(AppState& s) {
    if (!s.city) return;
    if (s.hovered_row < 0) {
        if (!s.hovered_area.empty() && !ImGui::GetIO().WantCaptureMouse) ImGui::SetTooltip("%s", s.hovered_area.c_str());
        return;
    }
    const auto& t = s.city->incidents;
    const size_t r = static_cast<size_t>(s.hovered_row);
    ImGui::BeginTooltip();
    int m = t.minute_of_day[r];
    if (m >= 0) ImGui::Text("%s %02d:%02d", format_day(t.day[r]).c_str(), m / 60, m % 60);
    else ImGui::Text("%s (time unknown)", format_day(t.day[r]).c_str());
    ImGui::TextDisabled("%.5f, %.5f", static_cast<double>(t.lat_deg[r]), static_cast<double>(t.lon_deg[r]));
    if (!s.hovered_area.empty()) ImGui::TextDisabled("in %s", s.hovered_area.c_str());
    ImGui::Separator();
    if (ImGui::BeginTable("##rec", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (const auto& c : t.categories) {
            const std::string& v = c.value_at(r);
            if (v.empty()) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", c.role.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(v.c_str());
        }
        for (const auto& n : t.numerics) {
            if (std::isnan(n.values[r])) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", n.role.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%g", static_cast<double>(n.values[r]));
        }
        ImGui::EndTable();
    }
    ImGui::EndTooltip();
}

}  // namespace crimescope::app
