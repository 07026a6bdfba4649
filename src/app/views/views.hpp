// views.hpp: one function per view (one file each). Views read AppState and write requests; they never
// do file I/O, never loop over all incidents and never call a model.
#pragma once
#include "app/app_state.hpp"

namespace crimescope::app {

void draw_sidebar(AppState& s);        // view_sidebar.cpp: city picker, filters, counts
void draw_legend(AppState& s);         // view_legend.cpp: colour legend over the map
void draw_hover(AppState& s);          // view_hover.cpp: the record under the cursor
void draw_ingest(AppState& s);         // view_ingest.cpp: load a CSV, the ingest report
void draw_about(AppState& s);          // view_about.cpp: data source, licence, disclaimer
void draw_score(AppState& s);          // view_score.cpp: crime score card, compare, heat overlay
void draw_forecast(AppState& s);       // view_forecast.cpp: tendency forecast per sector (paper 002)
void draw_patterns(AppState& s);       // view_patterns.cpp: CR-Ω+ class membership with its reasons
void draw_linkage(AppState& s);
void draw_hotspots(AppState& s);       // view_hotspots.cpp: KDE, Gi*, emerging hot spots, near repeats, concentration
void draw_classify(AppState& s);       // view_classify.cpp: crime-type classifier (paper 000): form, occlusion, batch, model card        // view_linkage.cpp: linkage workspace (paper 003): canvas, pairs, series, form, model

void draw_sidebar_body(AppState& s, bool phone);   // view_sidebar.cpp: the panel's contents (the phone's menu too)
void draw_score_overlays(AppState& s); // view_score.cpp: heat overlay and the card's markers on the map
void draw_export_section(AppState& s, bool phone);
// view_export.cpp: the desktop's "Save as" (the app's folder browser and a name; `save` gets the path) and the
// folder browser it shares with "Open a file".
void open_save_as(AppState& s, const std::string& file_name, std::function<void(const std::string& path)> save);
void draw_save_as(AppState& s);
std::string folder_browser(AppState& s, std::string& dir, bool files);   // view_export.cpp: results out as files (issue #14)
void draw_phone(AppState& s);          // view_phone.cpp: search bar, the card's bottom sheet, the menu

std::string format_count(uint64_t n);  // 75,162

// view_phone.cpp. Phone layout: a tool window opened from the menu (forecast, patterns, linkage, classifier,
// ingest, model card) fills the screen. Call tool_window_next right before ImGui::Begin (it overrides the
// desktop position and size; add its flags), and tool_window_back first inside: a full-width "Back to the
// map" button (a 44 CSS px target; the title bar's close box is too small for a finger). Desktop: no-ops.
int tool_window_next(AppState& s);
void tool_window_back(AppState& s, bool& open);

}  // namespace crimescope::app
