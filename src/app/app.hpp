// app.hpp: the crimescope app: owns the state, the map renderer and the views; turns requests into core
// calls between frames. Same code on the desktop and in the browser.
#pragma once
#include <cmath>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "app/app_state.hpp"
#include "app/jobs.hpp"
#include "app/map/map_renderer.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

struct HotspotOutcome;   // app_hotspots.cpp: one finished hotspot analysis

struct AppOptions {
    std::string pack_id;            // start on this pack (default: the manifest's default)
    std::string csv_path;           // ingest this CSV at start
    // --choose KEY=VALUE (repeatable): once csv_path is read, change these choices of the mapping editor (keys of
    // data::choice_key: type, date, time, lat, ...; an empty VALUE = none) and read it again; --save-reading then
    // keeps the reading (the editor's Save). Scripts and the desktop test use them; the editor is the same path.
    std::vector<std::pair<std::string, std::string>> choose;
    bool save_reading = false;
    int exit_after_frames = 0;      // > 0: quit after this many frames (tests)
    double exit_after_seconds = 0;  // > 0: quit after this much wall time (window tests driven by xdotool)
    std::string screenshot_path;    // with exit_after_frames: save the last frame as PNG (desktop)
    long bench_points = 0;          // > 0: draw this many jittered copies of the pack's points, print timings
    bool print_state = false;       // print the state JSON on exit
    bool bench_app = false;         // --bench-app: time the open, a recount, the heat grid and frames; print, exit
    std::string density;            // --density auto|points|density (the map's density layer); empty: auto
    double start_ms = 0;            // clock_ms() when the process started (open_ms counts from it)
    // A score card to open at start (the same parameters the web page carries in its URL).
    double lat = NAN, lon = NAN;
    double radius_m = 0;            // 0: default 200 m
    int window_days = 0;            // 0: default 365
    std::string as_of;              // YYYY-MM-DD; empty: the newest day
    bool heat = false;
    std::string view;               // open a view at start: forecast, patterns, linkage, classify, hotspots
    std::string hotspots;           // the Hotspots view's analysis at start: kde, gistar, emerging, near_repeat, concentration
    std::string link_set;
    std::string classify_model;     // classify: the dataset's model to open (lapd, houston, vancouver)
    bool classify_check = false;
    std::string lang;               // --lang en|es (the page: navigator.language or ?lang=)
    std::string layout;             // --layout phone|desktop; empty: phone when narrower than 700 CSS px or touch-only
    bool touch_only = false;        // --touch-only (the page: a coarse pointer and no fine one)
    std::vector<std::string> exports;  // --export KIND (repeatable; incidents.csv, card.json, map.png, ...): on exit (tests)
    std::vector<std::string> layers;   // --layer PATH (repeatable): the user's GeoJSON street / place layers    // classify: run the 200 reference records at start (agreement test)           // linkage: the bundled set to open (crimelinkage, israel_burglary_2020h1, robbery)
};

class App {
public:
    bool init(const AppOptions& opts, std::string& error);
    void frame();          // called by the platform between NewFrame and Render
    void after_render();   // after ImGui has drawn (screenshots, frame timing)
    void request_ingest(const std::string& path) {   // a new file: read with the saved / shipped / inferred profile
        m_state.req.ingest_path = path;
        m_state.req.ingest_profile.reset();
    }
    // A dropped or chosen file: classified in a batch while the classifier is open, opened as a case set (CSV,
    // schema.json, expert_weights.json) while the linkage view is, else ingested onto the map.
    void file_dropped(const std::string& path) {
        auto& C = m_state.cls;
        if (user_layer_dropped(path)) return;
        if (m_state.link.show) {
            linkage_file_dropped(path);
        } else if (C.show && !C.loaded.empty() && C.error.empty()) {
            std::snprintf(C.csv_path, sizeof C.csv_path, "%s", path.c_str());
            C.want_csv = C.select_batch = true;
        } else {
            request_ingest(path);
        }
    }
    std::string state_json() const;
    AppState& state() { return m_state; }

    struct WindowRect { std::string name; float x, y, w, h; };   // CSS px

private:
    bool user_layer_dropped(const std::string& path);   // a GeoJSON layer: loaded (and kept, in the browser)
    void restore_user_layers();                         // browser: the layers kept in IndexedDB
    void choose_layout();
    void apply_gestures();
    void page_command(const std::string& cmd, const std::string& arg);
    void collect_windows();
    void load_fonts();
    void process_requests();
    void run_exports(bool after_render);          // app_export.cpp: the requested results out as files
    std::string export_name(const std::string& what) const;
    void set_city(std::shared_ptr<const data::CityData> city, const std::string& id);
    void recount();
    void handle_map_input();
    void publish();
    void setup_bench();
    ScoreCard score_card(geo::LatLon at, const std::string& label) const;
    void update_heat();
    void update_density();                       // before the map is drawn: rebin when needed, points or density
    void bench_app_step();                       // bench_app.cpp: --bench-app, called after each frame
    void note_frame_time(double ms);
    void apply_start_options();
    void request_model_estimate(ScoreCard& card);
    void load_score_model_info();
    void update_forecast();
    void update_patterns();
    void update_linkage();                       // app_linkage.cpp
    void linkage_loaded(const std::string& folder);
    void linkage_file_dropped(const std::string& path);
    void linkage_keep_own(const std::string& folder);   // browser: the opened set's files into IndexedDB
    void linkage_own_list();                            // browser: the kept sets
    void linkage_save_own_list();
    void linkage_remove_own();
    bool linkage_map_click(ImVec2 at);
    nlohmann::json linkage_state_json() const;
    // An entry of the analyst's own data that could not be read: its text kept under set_aside_key (never lost
    // to the next save), then the entry emptied; `done(aside_key, error)` on the main thread.
    void set_aside_user_data(const std::string& key, const std::string& text, std::function<void(const std::string&, const std::string&)> done);
    void restore_saved_profiles();               // app_reading.cpp: the user's saved readings (data folder / IndexedDB)
    void update_reading();                       // app_reading.cpp: Save / Forget of the mapping editor
    nlohmann::json reading_state_json() const;
    void update_hotspots();                      // app_hotspots.cpp: start / collect the Hotspots view's job
    nlohmann::json hotspots_state_json() const;
    void update_classify();                      // app_classify.cpp
    void classify_batch(std::string source, std::vector<std::vector<std::string>> raw, std::vector<int> labels, std::vector<float> reference);
    nlohmann::json classify_state_json() const;
    bool m_start_applied = false;
    bool m_choose_applied = false;   // --choose / --save-reading (app_reading.cpp)
    bool m_save_pending = false;
    Job<std::shared_ptr<HotspotOutcome>> m_hot_job;   // the Hotspots view's analysis

    std::vector<platform::Gesture> m_gestures;
    bool m_cancel_tap = false;
    bool m_tap_pending = false;                  // phone: a tap waits to see if it is a double tap
    double m_tap_ms = 0;
    ImVec2 m_tap_at;
    std::vector<WindowRect> m_windows;
    ImFont* m_font_desktop = nullptr;
    ImFont* m_font_phone = nullptr;
    ImGuiStyle m_style_desktop, m_style_phone;
    std::string m_announced;
    std::vector<std::string> m_layer_names;   // browser: the user layers kept in IndexedDB (key "layers")
    std::string m_announced_key, m_card_words;   // the card's words, rebuilt when the card or language changes
    AppOptions m_opts;
    AppState m_state;
    MapRenderer m_renderer;
    long m_frame = 0;
    std::string m_last_published;
    // bench
    double m_bench_cpu_ms_sum = 0, m_bench_cpu_ms_max = 0;
    long m_bench_frames = 0;
    double m_frame_start = 0;
    double m_gl_draw_ms = 0;   // this frame's MapRenderer::draw wall time
    double m_bench_app_ms_sum = 0;
    double m_start_ms = 0;
    // Timings (issue #15): the open's phases, the frame mean, --bench-app's progress.
    std::vector<std::pair<std::string, double>> m_open_phases;   // name, ms (printed by --bench-app)
    std::future<Result<geocode::Geocoder>> m_geocoder_job;       // natively: the pack's geocoder, built beside the open
    double m_geocoder_ms = 0;                                    // start to the geocoder ready
    // The last pack's geocoder, kept when a user's file replaces the pack on the map: address-only files (and the
    // editor's re-reads of them) are placed against the pack's streets, never against the user's own rows.
    std::unique_ptr<geocode::Geocoder> m_pack_geocoder;
    std::string m_pack_geocoder_name;
    geocode::Geocoder* ingest_geocoder(std::string& name);   // that one, or the open pack's (waited for)
    double m_open_cpu_ms = 0;                                    // process CPU time at the first frame (--bench-app)
    double m_frame_ms_sum = 0, m_frame_ms_max = 0;
    int m_frame_ms_n = 0;
    int m_bench_app_stage = 0;
    long m_bench_app_frame0 = 0;
    double m_bench_recount_max = 0, m_bench_density_max = 0, m_bench_frame_sum = 0, m_bench_frame_max = 0;
    long m_bench_frame_n = 0;
};

App& the_app();
double clock_ms();   // a steady clock in milliseconds (the timings' clock)

}  // namespace crimescope::app
