// view_export.cpp: "Export" (issue #14, results out): the filtered incidents, the score card, the forecast table
// and the map as files. The work is App::run_exports (app_export.cpp); here only the buttons and the last result.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/i18n.hpp"
#include "app/views/views.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

// The app's own folder browser (desktop): `dir` is the folder shown, changed by clicks; returns the path of a file
// clicked (CSV, gzip, pack) when `files` is true, else "".
std::string folder_browser(AppState& s, std::string& dir, bool files) {
    namespace fs = std::filesystem;
    std::string picked;
    ImGui::TextDisabled("%s", dir.c_str());
    ImGui::BeginChild("##files", ImVec2(0, 220 * s.ui_scale), true);
    std::error_code ec;
    if (ImGui::Selectable("..")) dir = fs::path(dir).parent_path().string();
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
    for (const auto& e : entries) {
        std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        bool is_dir = e.is_directory(ec);
        bool is_csv = name.size() > 4 && (name.ends_with(".csv") || name.ends_with(".csv.gz") || name.ends_with(".txt") ||
                                          name.ends_with(".cspack") || name.ends_with(".cspack.gz"));   // packs open too
        if (!is_dir && !is_csv && files) continue;
        if (!is_dir && !files) {   // saving: the folder's files shown, greyed, so a name is not reused unseen
            ImGui::TextDisabled("%s", name.c_str());
            continue;
        }
        if (ImGui::Selectable((is_dir ? name + "/" : name).c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) {
            if (is_dir) dir = e.path().string();
            else picked = e.path().string();
        }
    }
    ImGui::EndChild();
    return picked;
}

void open_save_as(AppState& s, const std::string& file_name, std::function<void(const std::string& path)> save) {
    SaveAsState& sa = s.save_as;
    if (sa.dir.empty()) sa.dir = platform::exports_dir();   // then the last folder used
    sa.name = file_name;
    sa.title = "Save " + file_name;
    sa.save = std::move(save);
    sa.open = true;
}

void draw_save_as(AppState& s) {
    SaveAsState& sa = s.save_as;
    if (!sa.open) return;
    namespace fs = std::filesystem;
    const float sc = s.ui_scale;
    ImGui::SetNextWindowSize(ImVec2(520 * sc, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetIO().DisplaySize * 0.5f, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Save as", &sa.open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::TextUnformatted(sa.title.c_str());
        folder_browser(s, sa.dir, false);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool enter = ImGui::InputText("##save_name", &sa.name, ImGuiInputTextFlags_EnterReturnsTrue);
        s.mark_widget("save_as_name");
        const bool bad = sa.name.empty() || sa.name.find('/') != std::string::npos || sa.name == "." || sa.name == "..";
        std::error_code ec;
        const std::string path = (fs::path(sa.dir) / sa.name).string();
        const bool exists = !bad && fs::exists(path, ec);
        if (bad) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "A file name, without '/'.");
        else if (exists) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s exists: Save replaces it (the old file stays whole until the new one is written).", sa.name.c_str());
        ImGui::BeginDisabled(bad);
        const bool save = ImGui::Button(exists ? "Replace" : "Save") || (enter && !bad);
        s.mark_widget("save_as_save");
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) sa.open = false;
        if (save && !bad && sa.save) {
            sa.save(path);
            sa.open = false;
        }
    }
    ImGui::End();
}

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
        if (ImGui::Button(tr(it.label), phone ? ImVec2(-FLT_MIN, 44 * s.css_px()) : ImVec2(0, 0))) {
            const std::string what = it.what;
            if (platform::has_file_browser())   // desktop: the folder and name chosen first
                open_save_as(s, (s.current_id.empty() ? std::string("crimescope") : s.current_id) + "-" + what, [&s, what](const std::string& path) {
                    s.req.exports.push_back(what);
                    s.req.export_paths[what] = path;
                });
            else
                s.req.exports.push_back(what);   // browser: a download
        }
        s.mark_widget(std::string("export:") + it.what);
        if (phone) s.note_target();
    }
    if (!s.exports_done.empty()) {
        const auto& e = s.exports_done.back();
        ImGui::TextWrapped("%s", e.error.empty() ? e.where.c_str() : e.error.c_str());
    }
}

}  // namespace crimescope::app
