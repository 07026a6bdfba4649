// app_state.hpp: the state shared by the views. Views read it and write requests; App turns requests
// into core calls between frames (load a pack, ingest a CSV, recount after a filter change).
#pragma once
#include <imgui.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/classify_state.hpp"
#include "app/linkage_state.hpp"
#include "app/map/camera.hpp"
#include "base/diag.hpp"
#include "data/ingest.hpp"
#include "data/filter.hpp"
#include "data/incident_table.hpp"
#include "data/profile.hpp"
#include "data/profile_edit.hpp"
#include "density/density_grid.hpp"
#include "geo/geojson.hpp"
#include "geocode/geocoder.hpp"
#include "forecast/tendency.hpp"
#include "index/geo_index.hpp"
#include "omega/cr_omega.hpp"
#include "omega/patterns.hpp"
#include "hotspot/concentration.hpp"
#include "hotspot/layer.hpp"
#include "hotspot/near_repeat.hpp"
#include "index/mercator_index.hpp"
#include "score/heat_grid.hpp"
#include "score/knn_features.hpp"
#include "score/place_card.hpp"
#include "score/radius_score.hpp"

namespace crimescope::app {

constexpr int kColourSlots = 64;   // shader palette size; the last slot is "other"

struct PackEntry {
    std::string id, display_name, file;
    bool is_default = false;
};

struct ScoreCard {
    bool valid = false;
    std::string label;                 // "A", "B" or a place name
    geo::LatLon at;
    score::RadiusScore result;
    int32_t as_of_day = 0;
    score::RadiusScoreParams params;
    uint32_t count_max = 0;
    // The citizen's card (issue #13): coverage, the change against the window before, caveats, data age.
    score::PlaceCard place;
    int serial = 0;                    // matches model replies to the card they were asked for
    // The paper's MLP estimate of S from the 10 nearest crimes of the last 30 days (when a model exists).
    score::Features features{};
    bool model_pending = false, model_valid = false;
    double model_score01 = 0;
    std::string model_error;
};

struct ScoreModelInfo {
    bool available = false;
    std::string file;                  // score_mlp_<city>.onnx
    double test_l1 = 0;                // from the sidecar: later-period test
    std::string test_period;
};

struct HeatState {
    bool on = false;
    bool dirty = true;
    score::HeatGrid grid;
    uint32_t count_max = 1;            // the scale's C_max, so colours match S on the card
    unsigned texture = 0;              // GL texture (renderer-owned)
};

// Dense data drawn as density (issue #15): the filtered incidents binned in squares of about kBinCssPx CSS px
// over the view and a screen around it, rebinned when the zoom steps, the filters change or the view leaves
// the binned box; drawn instead of the points when more are in view than can be read (density::density_wanted).
enum class DensityMode { Auto, Points, Density };
struct DensityState {
    static constexpr double kBinCssPx = 10;
    DensityMode mode = DensityMode::Auto;   // sidebar, --density auto|points|density
    bool on = false;                        // drawn as density this frame
    bool dirty = true;                      // the filters or the pack changed
    density::DensityGrid grid;              // absolute Web Mercator units
    std::vector<uint32_t> ranked;           // the occupied bins' counts, ascending: a bin's colour is its rank
    uint64_t in_view = 0;                   // filtered incidents in the bins the view overlaps
    double bin_m = 0;                       // bin side in ground metres at the view's centre (legend)
    double build_ms = 0;                    // the last rebin
    unsigned texture = 0;                   // GL texture (renderer-owned), one texel per bin
};

// What the app measured (issue #15; `--bench-app` prints them, the state publishes them): milliseconds.
struct Timings {
    double open_ms = 0;      // start to the first frame drawn with the pack (0: not yet)
    double recount_ms = 0;   // the last filter change's recount
    double heat_ms = 0;      // the last heat grid (0: never built)
    double frame_ms = 0;     // the mean frame (input, views, map draw, ImGui; before the swap), last 60 frames
    double density_ms = 0;   // the last density rebin
};

// Tendency forecast view (paper 002): the city's monthly counts per family and space unit.
struct ForecastState {
    bool show = false, built = false, dirty = true;
    std::string unavailable;                  // why there is no forecast for this city
    std::string source;                       // what the counts are
    forecast::CountCube cube;
    std::vector<geo::LatLon> unit_at;         // polygon centroid, or the unit's incidents' centroid
    std::vector<char> unit_placed;
    int family = 0;
    int month = 0;                            // index into the cube; n_months = the next, unobserved month
    bool colour_change = false;
    int selected_unit = -1;
    forecast::DefaultForecaster chosen;
    std::vector<double> f_default, f_paper, f_last;   // all cells (family x unit) of `month`
    struct Row { std::string method; forecast::Metrics m; };
    std::vector<Row> metrics;                 // every method, when `month` was observed
};

// Pattern view (CR-Ω+): membership of every class for (time quadrant, month, zone).
struct PatternState {
    bool show = false, dirty = true;
    std::string unavailable;
    int mode = 0;                             // 0 family, 1 place
    int algorithm = 1;                        // KORA-Ω, CR-Ω+, CR-Ω+M
    int min_subset = 2;
    int trained_mode = -1, trained_algorithm = -1, trained_min = -1;
    omega::PatternSet ps;
    omega::Model model;
    int scale = 0;
    std::vector<int> value;                   // chosen value code per feature
    std::vector<geo::LatLon> zone_at;         // per zone value code: the centroid of its incidents (click to pick)
    omega::Prediction prediction;
    std::string mapping_text;                 // families.json section for this source (shown)
};

// Hotspots view (issue #19): one analysis at a time over the map's filtered incidents, computed as a job
// (App::update_hotspots, app_hotspots.cpp) and drawn as grid cells on the map (kde, gistar, emerging) or as a
// table (near repeats, concentration).
enum class HotspotAnalysis { Kde = 0, GiStar, Emerging, NearRepeat, Concentration, ForecastGrid };
constexpr int kHotspotAnalyses = 6;
// "kde", "gistar", "emerging", "near_repeat", "concentration", "forecast_grid" (next month's hotspot set on the grid)
const char* hotspot_analysis_id(HotspotAnalysis a);
struct HotspotState {
    bool show = false;
    HotspotAnalysis analysis = HotspotAnalysis::GiStar;
    float cell_m = 150;                       // grid cell side (the NIJ challenge's 76..183 m range by default)
    float area_share = 0.05f;                 // kde, forecast_grid: the hotspot set's share of the study area
    int permutations = 99;                    // near repeats
    bool on_map = true;
    bool dirty = true;                        // parameters, filters or data changed: recompute while shown
    double changed_ms = 0;                    // clock_ms() of the last filter change (jobs start 250 ms after)
    bool busy = false;                        // a job runs (mirrors the App's Job, for the views and the state)
    double busy_ms = 0;
    std::string error;
    // The last result and what it was computed for.
    HotspotAnalysis done = HotspotAnalysis::GiStar;
    size_t incidents = 0;                     // filtered incidents the result used
    double compute_ms = 0;
    std::shared_ptr<const hotspot::CellLayer> layer;           // kde, gistar, emerging
    std::vector<uint32_t> emerging_counts;                     // emerging: per category
    std::vector<float> edge_x, edge_y;                          // the layer's cell edges in map units (nx + 1, ny + 1)
    std::shared_ptr<const hotspot::NearRepeatResult> near;
    std::shared_ptr<const hotspot::Concentration> conc;
    bool cancel = false;                      // the view's Cancel button
};

// "How the columns of your file were read" (issue #14): the file last read, its sample and the profile used; a
// changed choice re-reads the file at once, "Save" keeps the profile for the next file of the same shape.
struct ReadingState {
    std::string path;                                   // the file read (the browser's in-memory copy)
    std::shared_ptr<const data::FileSample> sample;     // header + first rows, for the choices
    data::Profile profile;                              // the profile the table was read with
    bool inferred = false;                              // no saved or shipped profile matched
    bool edited = false;                                // a choice was changed since the file was opened
    std::string error;                                  // the last choice refused, or a failed re-read
    std::string saved_note;                             // after Save / Forget
    int saving = 0;                                     // saves in flight (IndexedDB answers later)
    bool geocoded = false;                              // rows placed by address against the open pack
    data::GeocodeCounts geocode;
    std::string geocoded_against;                       // that pack's name
};

// The desktop's "Save as" (issue #14): a results file's folder (the app's own folder browser) and name; Save
// calls `save` with the path. The browser downloads instead and never opens it.
struct SaveAsState {
    bool open = false;
    std::string title;                 // "Save incidents.csv"
    std::string dir, name;
    std::function<void(const std::string& path)> save;
};

struct Requests {
    std::string load_pack_id;          // switch city
    std::string ingest_path;           // load a user's CSV
    std::shared_ptr<const data::Profile> ingest_profile;   // read ingest_path with this profile (the mapping editor)
    bool save_reading = false;         // keep reading.profile for files of this shape (saved profiles)
    bool forget_reading = false;       // remove the saved profile reading.profile came from
    bool recount = false;              // filters changed
    bool fit_view = false;
    bool score = false;                // (re)score the card at score_at
    bool rescale = false;              // radius, window or date changed: new city scale, rescore
    bool search = false;               // search_text changed
    int pick_suggestion = -1;          // a suggestion was chosen
    bool fly_to = false;               // centre the map on score_at (zoomed to a few blocks)
    geo::LatLon score_at;
    // Results out (issue #14): "incidents.csv", "incidents.geojson", "card.json", "forecast.csv" (written between
    // frames), "map.png", "card.png" (read back after the frame is drawn).
    std::vector<std::string> exports;
    std::map<std::string, std::string> export_paths;   // export -> the path "Save as" chose (else exports/NAME)
};

// One export of this session (published in the state as `exports`, for tests).
struct ExportRecord {
    std::string what, where, error;
    size_t bytes = 0;
};

struct AppState {
    // Data
    std::vector<PackEntry> packs;
    std::vector<data::Profile> profiles;          // shipped (assets/profiles)
    std::vector<data::Profile> saved_profiles;    // the user's saved readings, tried before the shipped ones
    bool saved_profiles_loaded = false;
    std::string saved_profiles_error;             // the saved readings could not be read (shown in the ingest report)
    std::string saved_profiles_set_aside;         // ...and were kept under this key, so a new reading may be saved
    ReadingState reading;
    std::shared_ptr<const data::CityData> city;
    std::string current_id;            // pack id or "user"
    std::unique_ptr<index::MercatorIndex> point_index;
    std::unique_ptr<index::GeoIndex> geo_index;
    // Crime score (paper 001): parameters, the city scale for them, the card, a pinned card to compare.
    score::RadiusScoreParams score_params;
    int32_t score_as_of = 0;
    score::ScoreScale score_scale;
    ScoreCard card, pinned;
    ScoreModelInfo score_model;
    // Address / place search (offline geocoder over the pack's addresses, boundaries and gazetteer).
    std::unique_ptr<geocode::Geocoder> geocoder;
    std::string search_text, searched_text;
    std::vector<geocode::Match> suggestions;
    bool search_focused = false;
    int card_serial = 0;
    bool show_score = false;
    HeatState heat;
    DensityState dens;
    Timings timings;
    bool days_sorted = false;          // city->incidents.day ascending (packs are): date filters binary-search
    ForecastState fc;
    PatternState pat;
    LinkageState link;
    ClassifyState cls;
    HotspotState hot;
    std::unique_ptr<geo::PolygonLookup> area_lookup;   // first boundary layer
    double origin_x = 0, origin_y = 0; // mercator origin of the GPU coordinates
    int32_t day_first = 0, day_last = 0;

    // Colour-by column, palette and legend
    const data::CategoryColumn* colour_col = nullptr;
    std::vector<uint32_t> legend_order;   // codes by frequency
    std::vector<int> slot_of_code;        // code -> palette slot
    std::vector<ImVec4> slot_colour;      // kColourSlots

    // Filters and what they give
    data::Filter filter;
    data::FilterCounts counts;

    // Base-map layers (issue #13): the pack's streets and places (city->base_layers) and the user's own
    // GeoJSON layers; drawn under the points by MapRenderer, labelled by draw_base_labels (map/base_layers.hpp).
    std::vector<std::shared_ptr<const data::BaseLayer>> user_layers;
    bool show_base_layers = true;
    int layers_saving = 0;             // browser: IndexedDB writes of user layers still in flight

    // Citizen's page (issue #13): layout, sheet and menu, touch.
    bool phone = false;                // layout "phone" (narrow or touch-only) vs "desktop"
    std::string force_layout;          // --layout phone|desktop; empty: by width and pointer
    bool touch_only = false;           // the page's pointer is coarse only (browser)
    bool html_ui = false;              // the page draws the phone's search bar and menu button (browser)
    bool menu_open = false;            // phone: everything but the map and the card, behind one button
    bool sheet_expanded = false;       // phone: the card's bottom sheet
    float top_bar_css = 0;             // phone: height of the search bar (CSS px), for the camera
    float sheet_css = 0;               // phone: height of the collapsed sheet (CSS px)
    float min_target_css = 0;          // the smallest tap target drawn this frame (CSS px), 0: none
    float font_css = 0;                // the text size drawn this frame (CSS px)
    void note_target();                // records the last ImGui item as a tap target
    bool tool_open() const;            // phone: a full-screen tool window (forecast, linkage, ...) is open
    float css_px() const;              // ImGui display px per CSS px
    std::unique_ptr<score::Coverage> coverage;   // built once per city
    std::string card_text;             // the card in words (the page's aria-live region)

    // View
    Camera camera;
    int fb_width = 1, fb_height = 1;
    float ui_scale = 1;
    float point_px = 4;
    int hovered_row = -1;
    std::string hovered_area;

    // Status
    bool loading = false;
    std::string status;                 // last error or notice, shown in the side panel
    std::optional<IngestReport> last_report;
    bool show_report = false;
    bool show_load_csv = false;
    bool show_about = false;
    std::string csv_path_input;

    Requests req;
    std::vector<ExportRecord> exports_done;
    SaveAsState save_as;

    // Screen rectangles of named widgets (device pixels), published for end-to-end tests.
    std::map<std::string, ImVec4> widget_rects;
    void mark_widget(const std::string& name);   // records the last ImGui item's rectangle
    ImVec2 screen_of(geo::LatLon p) const;        // ImGui display coordinates of a map point
    geo::LatLon map_at(ImVec2 display) const;     // the map point under display coordinates
    void request_rescore() { if (card.valid) { req.score = true; req.score_at = card.at; } }
};

}  // namespace crimescope::app
