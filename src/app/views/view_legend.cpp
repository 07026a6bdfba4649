// view_legend.cpp: the colour legend in the map's corner (top categories), and the data source line.
#include <imgui.h>

#include "app/views/views.hpp"

namespace crimescope::app {

void draw_legend(AppState& s) {
    if (!s.city || !s.colour_col) return;
    const float sc = s.ui_scale;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 8 * sc, io.DisplaySize.y - 8 * sc), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.75f);
    ImGui::Begin("Legend", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                        ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove);
    ImGui::TextDisabled("colour: %s", s.colour_col->role.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const size_t shown = std::min<size_t>(s.legend_order.size(), 12);
    for (size_t k = 0; k < shown; ++k) {
        uint32_t code = s.legend_order[k];
        ImVec4 c = s.slot_colour[static_cast<size_t>(s.slot_of_code[code])];
        c.w = 1;
        ImVec2 p = ImGui::GetCursorScreenPos();
        float r = ImGui::GetTextLineHeight() * 0.3f;
        dl->AddCircleFilled(ImVec2(p.x + r + 2, p.y + ImGui::GetTextLineHeight() * 0.5f), r, ImGui::ColorConvertFloat4ToU32(c));
        ImGui::Dummy(ImVec2(2 * r + 6, ImGui::GetTextLineHeight()));
        ImGui::SameLine();
        const std::string& name = s.colour_col->dict[code];
        ImGui::TextUnformatted(name.empty() ? "(blank)" : name.c_str());
    }
    if (s.legend_order.size() > shown) ImGui::TextDisabled("+ %zu more (side panel)", s.legend_order.size() - shown);
    ImGui::TextDisabled("Reported crimes only. Source: see \"Data source\".");
    ImGui::End();
}

}  // namespace crimescope::app
