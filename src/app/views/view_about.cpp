// view_about.cpp: where the data comes from, its licence and caveats, and the pack's columns.
#include <imgui.h>

#include <algorithm>

#include "app/i18n.hpp"
#include "app/views/views.hpp"
#include <string>
#include "base/dates.hpp"

namespace crimescope::app {

void draw_about(AppState& s) {
    if (!s.show_about || !s.city) return;
    const float sc = s.ui_scale;
    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(std::min(560 * sc, disp.x - 16 * sc), 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(disp.x - 16 * sc, disp.y - 16 * sc));
    ImGui::SetNextWindowPos(ImGui::GetIO().DisplaySize * 0.5f, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin((std::string(tr("Data source")) + "###about").c_str(), &s.show_about)) {
        const auto& c = *s.city;
        ImGui::Text("%s", c.display_name.c_str());
        ImGui::TextWrapped("%s", c.attribution.c_str());
        if (!c.disclaimer.empty()) {
            ImGui::Separator();
            ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", tr("Disclaimer"));
            ImGui::TextWrapped("%s", c.disclaimer.c_str());
        }
        ImGui::Separator();
        ImGui::TextWrapped("%s", tr("These are reported crimes only: unreported crime and differences in reporting are not visible here."));
        ImGui::Text(tr("%s incidents, %s .. %s"), format_count(c.incidents.size()).c_str(), format_day(s.day_first).c_str(),
                    format_day(s.day_last).c_str());
        for (const auto& f : c.source_files) ImGui::BulletText("%s", f.c_str());
        if (ImGui::TreeNode(tr("Columns"))) {
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
