// view_phone.cpp: the citizen's page on a phone (issue #13): the map fills the screen, a search bar on top
// (drawn by the page in the browser, by ImGui natively), the score card in a bottom sheet (collapsed: one
// line; tap or drag up for the whole card) and everything else behind one menu button.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "app/card_text.hpp"
#include "app/i18n.hpp"
#include "app/map/map_renderer.hpp"
#include "app/views/views.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

namespace {

constexpr float kTargetCss = 44;   // smallest tap target (CSS px)
constexpr ImGuiWindowFlags kSheetFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

bool big_button(AppState& s, const char* label, float width = 0) {
    bool r = ImGui::Button(label, ImVec2(width, kTargetCss * s.css_px()));
    s.note_target();
    return r;
}

// Native only: the page draws its own search bar in the browser (web/index.html #searchbar).
void draw_top_bar(AppState& s, float width) {
    const float css = s.css_px();
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
    ImGui::Begin("Search bar", nullptr, kSheetFlags);
    const float menu_w = ImGui::CalcTextSize(tr("Menu")).x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - menu_w - ImGui::GetStyle().ItemSpacing.x);
    bool enter = ImGui::InputTextWithHint("##search", tr("Search an address, intersection or place"), &s.search_text,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    s.note_target();
    s.mark_widget("search");
    s.search_focused = ImGui::IsItemActive();
    if (enter && !s.suggestions.empty()) s.req.pick_suggestion = 0;
    ImGui::SameLine();
    if (big_button(s, tr("Menu"))) s.menu_open = !s.menu_open;
    s.mark_widget("menu");
    if (!s.suggestions.empty() && s.geocoder) {
        for (size_t k = 0; k < s.suggestions.size() && k < 6; ++k) {
            std::string label = s.suggestions[k].label + "##sug" + std::to_string(k);
            if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(0, kTargetCss * css))) s.req.pick_suggestion = static_cast<int>(k);
            s.note_target();
            s.mark_widget("suggestion:" + std::to_string(k));
        }
    }
    s.top_bar_css = ImGui::GetWindowHeight() / css;
    ImGui::End();
}

void s_bar(ImDrawList* dl, ImVec2 a, ImVec2 b, double s01) {
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 40), 3);
    ImVec4 c = heat_colour(s01);
    c.w = 1;
    const float x = a.x + std::max(4.0f, static_cast<float>(s01) * (b.x - a.x));
    dl->AddRectFilled(a, ImVec2(x, b.y), ImGui::ColorConvertFloat4ToU32(c), 3);
}

void draw_sheet(AppState& s, float width) {
    const float css = s.css_px();
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, io.DisplaySize.y * (s.sheet_expanded ? 0.7f : 0.3f)));
    ImGui::Begin("Score card", nullptr, kSheetFlags | (s.sheet_expanded ? 0 : ImGuiWindowFlags_NoScrollbar));
    s.mark_widget("sheet");
    const ScoreCard& c = s.card;
    if (!c.valid) {
        ImGui::TextWrapped("%s", tr("Tap the map or search a place to see the crimes reported nearby."));
    } else {
        const CardWords w = card_words(s, c);
        const float avail = ImGui::GetContentRegionAvail().x;
        if (!s.sheet_expanded) {
            // One line: S as a coloured bar, the count, the share of places. Tap or drag up to expand.
            const float bar_h = 8 * css;
            const ImVec2 text_sz = ImGui::CalcTextSize(w.line.c_str(), nullptr, false, avail);
            const float h = std::max(kTargetCss * css, bar_h + ImGui::GetStyle().ItemSpacing.y + text_sz.y);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            if (ImGui::InvisibleButton("##sheet_line", ImVec2(avail, h))) s.sheet_expanded = true;
            if (ImGui::IsItemActive() && ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).y < -20 * css) s.sheet_expanded = true;
            s.note_target();
            s.mark_widget("sheet_line");
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float top = p.y + (h - bar_h - ImGui::GetStyle().ItemSpacing.y - text_sz.y) * 0.5f;
            if (c.place.covered) s_bar(dl, ImVec2(p.x, top), ImVec2(p.x + avail, top + bar_h), c.result.score01);
            dl->AddText(nullptr, 0, ImVec2(p.x, top + bar_h + ImGui::GetStyle().ItemSpacing.y), ImGui::GetColorU32(ImGuiCol_Text),
                        w.line.c_str(), nullptr, avail);
        } else {
            if (big_button(s, tr("Less"), -1)) s.sheet_expanded = false;
            s.mark_widget("sheet_less");
            if (c.place.covered) {
                const ImVec2 p = ImGui::GetCursorScreenPos();
                s_bar(ImGui::GetWindowDrawList(), p, ImVec2(p.x + avail, p.y + 12 * css), c.result.score01);
                ImGui::Dummy(ImVec2(avail, 12 * css));
                ImGui::Text("S = %.2f", c.result.score01);
            }
            ImGui::TextWrapped("%s", w.headline.c_str());
            for (const auto& d : w.details) {
                ImGui::Bullet();
                ImGui::TextWrapped("%s", d.c_str());
            }
            if (c.model_valid)
                ImGui::TextWrapped(tr("Estimate from the crimes of the last 30 days: S = %.2f."), c.model_score01);
            ImGui::TextDisabled("%.5f, %.5f", c.at.lat_deg, c.at.lon_deg);
            if (big_button(s, tr("Data source"), -1)) s.show_about = true;
        }
    }
    s.sheet_css = ImGui::GetWindowHeight() / css;
    ImGui::End();
}

void draw_menu(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(io.DisplaySize, ImGuiCond_Always);
    ImGui::Begin("Menu", nullptr, kSheetFlags);
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    if (big_button(s, tr("Close menu"), half)) s.menu_open = false;
    s.mark_widget("menu_close");
    ImGui::SameLine();
    if (big_button(s, lang() == Lang::es ? "English" : "Español", half)) set_lang(lang() == Lang::es ? Lang::en : Lang::es);
    s.mark_widget("lang");
    if (ImGui::Checkbox(tr("Heat overlay of S"), &s.heat.on)) s.heat.dirty = true;
    s.note_target();
    // Opens a view on a click (returns true then); a view's recompute is asked for only on that click.
    auto open = [&](const char* label, bool& flag, const char* widget) {
        const bool clicked = big_button(s, label, half);
        if (clicked) { flag = true; s.menu_open = false; }
        s.mark_widget(widget);
        return clicked;
    };
    open(tr("Data source"), s.show_about, "about");
    ImGui::SameLine();
    if (big_button(s, tr("Open a file..."), half)) {
        s.menu_open = false;
        if (platform::has_file_browser()) s.show_load_csv = true;
        else platform::open_file_picker();
    }
    if (open(tr("Forecast"), s.fc.show, "forecast")) s.fc.dirty = true;
    ImGui::SameLine();
    if (open(tr("Patterns"), s.pat.show, "patterns")) s.pat.dirty = true;
    open(tr("Linkage"), s.link.show, "linkage");
    ImGui::SameLine();
    open(tr("Classifier"), s.cls.show, "classify");
    if (open(tr("Hotspots"), s.hot.show, "hotspots")) s.hot.dirty = true;
    ImGui::Separator();
    draw_sidebar_body(s, true);
    ImGui::Separator();
    draw_export_section(s, true);
    ImGui::End();
}

}  // namespace

int tool_window_next(AppState& s) {
    if (!s.phone) return 0;
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize, ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);   // opaque: the map's points behind would make the text hard to read
    return ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
}

void tool_window_back(AppState& s, bool& open) {
    if (!s.phone) return;
    if (big_button(s, tr("Back to the map"), -FLT_MIN)) open = false;
    s.mark_widget("tool_back");
    ImGui::Separator();
}

void draw_phone(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    const float css = s.css_px();
    const bool landscape = io.DisplaySize.x > io.DisplaySize.y;
    // Landscape: the bar and the sheet keep a phone's width at the left, so the map stays in view.
    const float width = landscape ? std::min(io.DisplaySize.x, 420 * css) : io.DisplaySize.x;
    draw_score_overlays(s);
    if (s.menu_open) {
        draw_menu(s);
        return;
    }
    if (s.tool_open()) {   // a tool window fills the screen; its Back button returns to the map
        s.top_bar_css = s.sheet_css = 0;
        return;
    }
    if (!s.html_ui) draw_top_bar(s, width);
    else s.top_bar_css = 60;   // web/index.html #searchbar: 8 + 44 + 8
    draw_sheet(s, width);
}

}  // namespace crimescope::app
