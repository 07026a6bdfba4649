// view_export.cpp: "Export" (issue #14, results out): the filtered incidents, the score card, the forecast table
// and the map as files. The work is App::run_exports (app_export.cpp); here only the buttons and the last result.
#include <imgui.h>

#include "app/i18n.hpp"
#include "app/views/views.hpp"

namespace crimescope::app {

void draw_export_section(AppState& s, bool phone) {
    if (!s.city) return;
    ImGui::TextUnformatted(tr("Export"));
    struct Item { const char* label; const char* what; bool enabled; };
    const Item items[] = {
        {"Incidents CSV", "incidents.csv", true},
        {"GeoJSON", "incidents.geojson", true},
        {"Map PNG", "map.png", true},
        {"Card JSON", "card.json", s.card.valid},
        {"Card PNG", "card.png", s.card.valid},
        {"Forecast CSV", "forecast.csv", s.fc.show && s.fc.built && s.fc.unavailable.empty()},
        {"Patterns CSV", "patterns.csv", s.pat.show && s.pat.trained_mode >= 0 && !s.pat.ps.X.empty()},
        {"Classifier CSV", "classify.csv", s.cls.show && s.cls.batch.labelled > 0 && !s.cls.batch.confusion.empty()},
    };
    bool first = true;
    for (const auto& it : items) {
        if (!it.enabled) continue;
        const float w = ImGui::CalcTextSize(tr(it.label)).x + ImGui::GetStyle().FramePadding.x * 2;
        // Next to the previous button when it still fits on the line (the panel is narrow).
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (!first && !phone && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
        first = false;
        if (ImGui::Button(tr(it.label), phone ? ImVec2(-FLT_MIN, 44 * s.css_px()) : ImVec2(0, 0))) s.req.exports.push_back(it.what);
        s.mark_widget(std::string("export:") + it.what);
        if (phone) s.note_target();
    }
    if (!s.exports_done.empty()) {
        const auto& e = s.exports_done.back();
        ImGui::TextWrapped("%s", e.error.empty() ? e.where.c_str() : e.error.c_str());
    }
}

}  // namespace crimescope::app
