// view_patterns.cpp: CR-Ω+ pattern view: choose a time quadrant, month and zone and see the membership S of
// every class with the properties that matched (characteristic, negative, complementary) and their counts.
#include <imgui.h>

#include <cstdio>

#include "app/views/views.hpp"

namespace crimescope::app {

namespace {
std::string property_text(const PatternState& pt, uint32_t p) {
    const auto& prop = pt.model.properties[p];
    std::string out = "[";
    for (int f = 0; f < pt.ps.n_features(); ++f)
        if (prop.mask & (1u << f)) {
            if (out.size() > 1) out += ", ";
            out += pt.ps.values[static_cast<size_t>(f)][prop.v[static_cast<size_t>(f)]];
        }
    return out + "]";
}
}  // namespace

void draw_patterns(AppState& s) {
    if (!s.pat.show || !s.city) return;
    auto& pt = s.pat;
    const float sc = s.ui_scale;
    ImGui::SetNextWindowSize(ImVec2(520 * sc, 460 * sc), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, 80 * sc), ImGuiCond_Appearing, ImVec2(0.5f, 0));
    const int tool_flags = tool_window_next(s);
    if (!ImGui::Begin("Patterns (CR-Ω+, paper 002)", &pt.show, tool_flags)) { ImGui::End(); return; }
    tool_window_back(s, pt.show);
    const char* modes[] = {"crime family (robbery / injury / homicide / property damage)", "place (public road / home / shop)"};
    const char* algos[] = {"KORA-Ω", "CR-Ω+", "CR-Ω+M"};
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##mode", &pt.mode, modes, 2)) pt.dirty = true;
    ImGui::SetNextItemWidth(110 * sc);
    if (ImGui::Combo("algorithm", &pt.algorithm, algos, 3)) pt.dirty = true;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * sc);
    if (ImGui::SliderInt("min. features", &pt.min_subset, 1, 2)) pt.dirty = true;
    if (!pt.unavailable.empty() || pt.trained_mode < 0) {
        ImGui::TextWrapped("%s", pt.unavailable.empty() ? "training..." : pt.unavailable.c_str());
        ImGui::End();
        return;
    }
    ImGui::TextDisabled("%zu patterns, threshold scale %d (chosen on a validation slice)", pt.ps.y.size(), pt.scale);
    for (int f = 0; f < pt.ps.n_features(); ++f) {
        const auto& vals = pt.ps.values[static_cast<size_t>(f)];
        int& v = pt.value[static_cast<size_t>(f)];
        ImGui::SetNextItemWidth(220 * sc);
        if (ImGui::BeginCombo(pt.ps.feature_names[static_cast<size_t>(f)].c_str(), vals[static_cast<size_t>(v)].c_str(), ImGuiComboFlags_HeightLarge)) {
            for (int k = 1; k < static_cast<int>(vals.size()); ++k)
                if (ImGui::Selectable(vals[static_cast<size_t>(k)].c_str(), k == v)) { v = k; pt.dirty = true; }
            ImGui::EndCombo();
        }
    }
    // Click a zone on the map: the nearest zone centre (the centroid of its incidents) within 40 px.
    ImGuiIO& io = ImGui::GetIO();
    const size_t zf = static_cast<size_t>(pt.ps.n_features() - 1);
    if (!io.WantCaptureMouse && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !pt.zone_at.empty()) {
        int best = -1;
        float best_d2 = 40 * 40 * sc * sc;
        for (size_t z = 1; z < pt.zone_at.size(); ++z) {
            ImVec2 p = s.screen_of(pt.zone_at[z]);
            float d2 = (p.x - io.MousePos.x) * (p.x - io.MousePos.x) + (p.y - io.MousePos.y) * (p.y - io.MousePos.y);
            if (d2 < best_d2) { best_d2 = d2; best = static_cast<int>(z); }
        }
        if (best > 0) { pt.value[zf] = best; pt.dirty = true; }
    }
    if (static_cast<size_t>(pt.value[zf]) < pt.zone_at.size()) {
        ImVec2 p = s.screen_of(pt.zone_at[static_cast<size_t>(pt.value[zf])]);
        ImGui::GetBackgroundDrawList()->AddCircle(p, 12 * sc, IM_COL32(120, 255, 160, 255), 0, 2.5f * sc);
        ImGui::GetBackgroundDrawList()->AddText(ImVec2(p.x + 14 * sc, p.y - 8 * sc), IM_COL32(120, 255, 160, 255),
                                                pt.ps.values[zf][static_cast<size_t>(pt.value[zf])].c_str());
    }
    ImGui::TextDisabled("or click a zone on the map (its centre is the centroid of its incidents)");
    const auto& pr = pt.prediction;
    ImGui::Separator();
    if (pr.cls < 0) ImGui::TextColored(ImVec4(1, 0.7f, 0.4f, 1), "Not covered: no learned property matches this pattern.");
    else ImGui::Text("Predicted: %s", pt.ps.classes[static_cast<size_t>(pr.cls)].c_str());
    for (size_t c = 0; c < pt.ps.classes.size() && c < pr.score.size(); ++c) {
        ImGui::Text("S(%s) = %.1f", pt.ps.classes[c].c_str(), pr.score[c]);
        if (ImGui::TreeNode(("why##" + std::to_string(c)).c_str(), "matched properties")) {
            for (const auto& w : pr.why) {
                if (w.cls != static_cast<int>(c)) continue;
                const char* role = w.role == omega::kCharacteristic ? "characteristic (+1)" : w.role == omega::kNegative ? "negative (-1)" : "complementary (+0.5)";
                const uint32_t* cnt = &pt.model.counts[w.property * static_cast<size_t>(pt.model.n_classes)];
                std::string counts;
                for (size_t k = 0; k < pt.ps.classes.size(); ++k) counts += (k ? ", " : "") + pt.ps.classes[k] + " " + std::to_string(cnt[k]);
                ImGui::BulletText("%s %s: seen %s", property_text(pt, w.property).c_str(), role, counts.c_str());
            }
            ImGui::TreePop();
        }
    }
    if (ImGui::TreeNode("Class mapping (assets/omega/families.json)")) {
        ImGui::TextWrapped("%s", pt.mapping_text.c_str());
        ImGui::TreePop();
    }
    ImGui::End();
}

}  // namespace crimescope::app
