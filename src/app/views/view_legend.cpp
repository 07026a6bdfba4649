// view_legend.cpp: the colour legend in the map's corner (top categories, or the density layer's count ramp
// when dense data is drawn as density), and the data source line.
#include <imgui.h>

#include <cmath>
#include <string>

#include "app/map/map_renderer.hpp"
#include "app/views/views.hpp"

namespace crimescope::app {

namespace {

// A bin side in words: "120 m", "1.2 km".
std::string metres_text(double m) {
    char buf[32];
    if (m >= 1000) std::snprintf(buf, sizeof buf, "%.1f km", m / 1000);
    else std::snprintf(buf, sizeof buf, "%.0f m", m);
    return buf;
}

// Density: the ramp from 1 to the fullest bin (log scale, as drawn), the bin size, and why there are no points.
void draw_density_legend(AppState& s) {
    const auto& d = s.dens;
    ImGui::Text("Density: incidents per %s square", metres_text(d.bin_m).c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = 220 * s.ui_scale, h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const int steps = 44;
    for (int k = 0; k < steps; ++k) {
        ImVec4 c = density_colour((k + 0.5) / steps);
        c.w = 1;
        dl->AddRectFilled(ImVec2(p.x + w * k / steps, p.y), ImVec2(p.x + w * (k + 1) / steps + 0.5f, p.y + h),
                          ImGui::ColorConvertFloat4ToU32(c));
    }
    ImGui::Dummy(ImVec2(w, h));
    s.mark_widget("density_legend");
    // Labels at the fewest, the median and the most (colours are ranks among the bins: density_t).
    if (d.ranked.empty()) {
        ImGui::TextDisabled("no incidents pass the filters here");
        return;
    }
    const uint32_t lo = d.ranked.front(), mid = d.ranked[d.ranked.size() / 2], mx = d.ranked.back();
    const std::string a = format_count(lo), b = format_count(mid), c = format_count(mx);
    ImGui::TextUnformatted(a.c_str());
    if (mid > lo && mid < mx) {
        ImGui::SameLine(p.x - ImGui::GetWindowPos().x + w * 0.5f - ImGui::CalcTextSize(b.c_str()).x * 0.5f);
        ImGui::TextUnformatted(b.c_str());
    }
    if (mx > lo) {
        ImGui::SameLine(p.x - ImGui::GetWindowPos().x + w - ImGui::CalcTextSize(c.c_str()).x);
        ImGui::TextUnformatted(c.c_str());
    }
    ImGui::TextDisabled("fewest, median and most per square; colour = rank");
    ImGui::TextDisabled("%s incidents in view; %s", format_count(d.in_view).c_str(),
                        d.mode == DensityMode::Density ? "density chosen in the side panel" : "zoom in to see points");
}

}  // namespace

void draw_legend(AppState& s) {
    if (!s.city || (!s.colour_col && !s.dens.on)) return;
    const float sc = s.ui_scale;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 8 * sc, io.DisplaySize.y - 8 * sc), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.75f);
    ImGui::Begin("Legend", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                        ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove);
    if (s.dens.on) {
        draw_density_legend(s);
        ImGui::TextDisabled("Reported crimes only. Source: see \"Data source\".");
        ImGui::End();
        return;
    }
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
