// view_about.cpp: where the data comes from, its licence and caveats, and the pack's columns.
#include <imgui.h>

#include "app/views/views.hpp"
#include "base/dates.hpp"

namespace crimescope::app {

void draw_about(AppState& s) {
    if (!s.show_about || !s.city) return;
    const float sc = s.ui_scale;
    ImGui::SetNextWindowSize(ImVec2(560 * sc, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetIO().DisplaySize * 0.5f, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Data source", &s.show_about)) {
        const auto& c = *s.city;
        ImGui::Text("%s", c.display_name.c_str());
        ImGui::TextWrapped("%s", c.attribution.c_str());
        if (!c.disclaimer.empty()) {
            ImGui::Separator();
            ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "Disclaimer");
            ImGui::TextWrapped("%s", c.disclaimer.c_str());
        }
        ImGui::Separator();
        ImGui::TextWrapped("These are reported crimes only: unreported crime and differences in reporting are not visible here.");
        ImGui::Text("%s incidents, %s .. %s", format_count(c.incidents.size()).c_str(), format_day(s.day_first).c_str(),
                    format_day(s.day_last).c_str());
        for (const auto& f : c.source_files) ImGui::BulletText("%s", f.c_str());
        if (ImGui::TreeNode("Columns")) {
            for (const auto& col : c.incidents.categories)
                ImGui::BulletText("%s: %zu values (from %s)", col.role.c_str(), col.dict.size(), col.source_column.c_str());
            for (const auto& n : c.incidents.numerics) ImGui::BulletText("%s: number (from %s)", n.role.c_str(), n.source_column.c_str());
            for (const auto& b : c.boundaries) ImGui::BulletText("boundaries %s: %zu areas (%s)", b.name.c_str(), b.polygons.size(), b.source.c_str());
            ImGui::TreePop();
        }
    }
    ImGui::End();
}

}  // namespace crimescope::app
