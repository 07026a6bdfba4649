// view_ingest.cpp: load a CSV (desktop: a path or the folder browser; browser: the file chooser or
// drag-and-drop onto the page) and the ingest report: rows read, kept, skipped by reason, first issues.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/views/views.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

namespace fs = std::filesystem;

namespace {

// "How the columns of your file were read": each choice of the profile with a drop-down. A change is checked
// against the file's sample (data::edit_profile) and the file is read again at once; Save keeps the reading for
// the next file with the same columns. Widgets are published as map_<choice> and map_<choice>_<option index>.
void reading_editor(AppState& s) {
    ReadingState& rd = s.reading;
    if (!rd.sample) return;
    const float sc = s.ui_scale;
    ImGui::SetNextItemOpen(rd.inferred || rd.edited, ImGuiCond_Appearing);
    const bool open = ImGui::TreeNode("How the columns of your file were read");
    s.mark_widget("reading_tree");
    if (!open) return;
    ImGui::TextWrapped("%s", rd.inferred ? "No profile knew this file's columns, so crimescope read them as below. Change any "
                                           "choice and the file is read again at once; Save keeps the reading for the next file "
                                           "with the same columns."
                                         : "Read with the profile below. Change a choice to read the file again; Save keeps it.");
    if (ImGui::BeginTable("##choices", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, 130 * sc);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        using C = data::Choice;   // the crime type first: the choice most often changed
        for (const C c : {C::Type, C::Date, C::DateFormat, C::Time, C::TimeZone, C::CoordKind, C::Lat, C::Lon, C::X, C::Y, C::System, C::Geometry,
                          C::Address, C::Id}) {
            if (!data::choice_applies(rd.profile, c)) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(data::choice_label(c));
            ImGui::TableNextColumn();
            const std::string key = data::choice_key(c);
            const std::string value = data::choice_value(rd.profile, c);
            const std::string preview = value.empty() ? std::string("(none)") : data::option_label(c, value);
            ImGui::SetNextItemWidth(-1);
            std::string pick;
            bool picked = false;
            if (ImGui::BeginCombo(("##" + key).c_str(), preview.c_str(), ImGuiComboFlags_HeightLargest)) {
                if (data::choice_optional(c)) {
                    if (ImGui::Selectable("(none)", value.empty())) { picked = true; pick.clear(); }
                    s.mark_widget("map_" + key + "_none");
                }
                const auto opts = data::choice_options(rd.profile, *rd.sample, c);
                for (size_t i = 0; i < opts.size(); ++i) {
                    ImGui::PushID(static_cast<int>(i));
                    if (ImGui::Selectable(data::option_label(c, opts[i]).c_str(), opts[i] == value)) { picked = true; pick = opts[i]; }
                    s.mark_widget("map_" + key + "_" + std::to_string(i));
                    ImGui::PopID();
                }
                ImGui::EndCombo();
            }
            s.mark_widget("map_" + key);
            if (picked && pick != value) {
                auto q = data::edit_profile(rd.profile, *rd.sample, c, pick);
                if (!q) {
                    rd.error = q.error().message;   // the choice's name and why (the file is the one shown)
                } else {
                    rd.error.clear();
                    s.req.ingest_path = rd.path;
                    s.req.ingest_profile = std::make_shared<const data::Profile>(std::move(q.value()));
                }
            }
        }
        ImGui::EndTable();
    }
    if (!rd.error.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", rd.error.c_str());
    if (!s.saved_profiles_error.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", s.saved_profiles_error.c_str());
    if (ImGui::TreeNode("Why each column was chosen")) {
        for (const auto& n : rd.profile.notes) ImGui::BulletText("%s", n.c_str());
        ImGui::TreePop();
    }
    // Saving writes the whole list: not before it was read, nor over one that could not be read.
    const bool can_save = s.saved_profiles_loaded && (s.saved_profiles_error.empty() || !s.saved_profiles_set_aside.empty());
    ImGui::BeginDisabled(rd.saving > 0 || !can_save);
    if (ImGui::Button("Save this reading")) s.req.save_reading = true;
    s.mark_widget("reading_save");
    const bool is_saved = rd.profile.id.rfind("saved:", 0) == 0;
    if (is_saved) {
        ImGui::SameLine();
        if (ImGui::Button("Forget it")) s.req.forget_reading = true;
        s.mark_widget("reading_forget");
    }
    ImGui::EndDisabled();
    if (!rd.saved_note.empty()) ImGui::TextDisabled("%s", rd.saved_note.c_str());
    else ImGui::TextDisabled("%s", platform::has_file_browser() ? "Saved readings are kept in this computer's crimescope data folder."
                                                                : "Saved readings are kept in this browser only.");
    ImGui::TreePop();
}

}  // namespace

void draw_ingest(AppState& s) {
    const float sc = s.ui_scale;
    if (s.show_load_csv) {
        ImGui::SetNextWindowSize(ImVec2(520 * sc, 0), ImGuiCond_Appearing);
        ImGui::SetNextWindowPos(ImGui::GetIO().DisplaySize * 0.5f, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        const int tool_flags = tool_window_next(s);
        if (ImGui::Begin("Open a file (CSV or pack)", &s.show_load_csv, tool_flags)) {
            tool_window_back(s, s.show_load_csv);
            ImGui::TextWrapped("Your file is read on this device and never leaves it. The column profile is detected from the "
                               "header (Houston, Vancouver, LAPD, Chicago, NYPD, CDMX, Sacramento, SF formats), and every "
                               "skipped row is counted and reported. A city pack (.cspack) opens as a city.");
            if (platform::has_file_browser()) {
                ImGui::SetNextItemWidth(-80 * sc);
                ImGui::InputTextWithHint("##path", "/path/to/incidents.csv", &s.csv_path_input);
                ImGui::SameLine();
                if (ImGui::Button("Load") && !s.csv_path_input.empty()) {
                    s.req.ingest_path = s.csv_path_input;
                    s.req.ingest_profile.reset();
                    s.show_load_csv = false;
                }
                static std::string dir;
                if (dir.empty()) {
                    std::error_code ec;
                    dir = fs::current_path(ec).string();
                }
                if (std::string picked = folder_browser(s, dir, true); !picked.empty()) s.csv_path_input = picked;
            } else {
                if (ImGui::Button("Choose a file...")) platform::open_file_picker();
                s.mark_widget("choose_file");
                ImGui::TextDisabled("or drop a .csv / .csv.gz file anywhere on the page");
            }
        }
        ImGui::End();
    }
    if (s.show_report && s.last_report) {
        const IngestReport& r = *s.last_report;
        ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, 60 * sc), ImGuiCond_Appearing, ImVec2(0.5f, 0));
        // Fits its content as the column editor opens and closes, never taller than the screen below it (it scrolls).
        const float max_h = std::max(200 * sc, ImGui::GetIO().DisplaySize.y - 70 * sc);
        if (!s.phone) ImGui::SetNextWindowSizeConstraints(ImVec2(620 * sc, 0), ImVec2(620 * sc, max_h));
        int tool_flags = tool_window_next(s);
        if (!s.phone) tool_flags |= ImGuiWindowFlags_AlwaysAutoResize;
        if (ImGui::Begin("Ingest report", &s.show_report, tool_flags)) {
            tool_window_back(s, s.show_report);
            ImGui::Text("%s", r.file.c_str());
            if (!r.profile_id.empty()) ImGui::TextDisabled("profile: %s", r.profile_id.c_str());
            if (!s.status.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", s.status.c_str());
            ImGui::TextWrapped("%s", r.summary().c_str());
            s.mark_widget("report_summary");
            if (s.reading.geocoded) {
                const auto& g = s.reading.geocode;
                const long n = g.placed() + g.not_placed;
                ImGui::TextWrapped("Placed by address against %s: %ld of %ld rows (%.1f%%): %ld on a recorded block, %ld interpolated "
                                   "along a street's blocks; %ld not placed (counted under missing coordinates, listed below).",
                                   s.reading.geocoded_against.c_str(), g.placed(), n,
                                   n ? 100.0 * static_cast<double>(g.placed()) / static_cast<double>(n) : 0.0, g.exact, g.approximate,
                                   g.not_placed);
                s.mark_widget("report_geocode");
            }
            reading_editor(s);
            bool any_skipped = false;
            for (long n : r.by_kind) any_skipped |= n != 0;
            if (any_skipped && ImGui::BeginTable("##reasons", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
                ImGui::TableSetupColumn("reason");
                ImGui::TableSetupColumn("rows");
                ImGui::TableHeadersRow();
                for (int k = 0; k < kIssueKindCount; ++k) {
                    long n = r.by_kind[static_cast<size_t>(k)];
                    if (!n) continue;
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(issue_kind_name(static_cast<IssueKind>(k)));
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(format_count(static_cast<uint64_t>(n)).c_str());
                }
                ImGui::EndTable();
            }
            if (r.blank_lines) ImGui::TextDisabled("%ld blank lines ignored", r.blank_lines);
            if (!r.unmapped_columns.empty()) {
                std::string cols;
                for (const auto& c : r.unmapped_columns) cols += (cols.empty() ? "" : ", ") + c;
                ImGui::TextWrapped("Columns not used by the profile: %s", cols.c_str());
            }
            if (!r.first_issues.empty()) {
                ImGui::Separator();
                ImGui::Text("First %zu issues:", r.first_issues.size());
                ImGui::BeginChild("##issues", ImVec2(0, 180 * sc), true, ImGuiWindowFlags_HorizontalScrollbar);
                for (const auto& i : r.first_issues) ImGui::TextUnformatted(IngestReport::format_issue(i).c_str());
                ImGui::EndChild();
            }
        }
        ImGui::End();
    }
}

}  // namespace crimescope::app
