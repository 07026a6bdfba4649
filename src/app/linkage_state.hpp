// linkage_state.hpp: the serial-crime linkage workspace (paper 003): the open case set, the trained network,
// every pair scored, the threshold, series, the analyst's decisions and entered cases, the case form and the
// model settings. Views read it and set requests; App::update_linkage does the work between frames.
#pragma once
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "linkage/cases.hpp"
#include "linkage/decisions.hpp"
#include "linkage/workflow.hpp"

namespace crimescope::app {

struct LinkageSetInfo {
    const char* folder;
    const char* label;
    std::vector<const char*> files;
};
const std::vector<LinkageSetInfo>& linkage_sets();   // the bundled sets (assets/linkage/<folder>)

struct CaseForm {
    char id[64] = "";
    char date_time[32] = "";
    double x = 0, y = 0;
    bool placed = false;                  // location picked on the canvas
    bool picking = false;                 // the next canvas click sets the location
    std::vector<int> choice;              // categorical: value index + 1 (0 = unknown)
    std::vector<std::array<char, 32>> number;   // quantitative: text
    std::vector<std::vector<uint8_t>> checked;  // hierarchical: per tree node
    std::string error;
};

// --link-model FILE (desktop): the model the linkage view opens once its case set is loaded.
void set_start_link_model(const std::string& path);

struct LinkageState {
    bool show = false;
    int set_index = 0;
    std::string loaded_folder, requested_folder;
    std::string open_dir;                 // request: open an analyst's folder or CSV (desktop; browser: in MEMFS)
    bool custom = false;                  // the open set is the analyst's own
    std::vector<std::string> schema_notes;   // own CSV without schema.json: what the inferred schema chose
    // Browser: the analyst's own sets, kept in IndexedDB ("linkset-<key>": the files; "linkage-own-sets": the list)
    std::string pending_schema, pending_weights;   // dropped JSON waiting for its CSV
    struct OwnSet { std::string key, name; };
    std::vector<OwnSet> own_sets;
    bool own_sets_loaded = false;
    std::string restore_key;              // request: reopen a kept set
    int confirm_remove = 0;               // two clicks remove a kept set
    bool on_map = true;                   // lat/lon sets: cases, pairs and series drawn on the city map too
    bool want_fit_map = false;            // lat/lon sets: fit the map to the cases
    size_t drawn_on_map = 0;              // cases drawn on the map in the last frame (for tests)
    bool want_dock = false;               // lat/lon sets on the map: the window moves to the right, the map shows
    // The window's width when docked beside the map (display units), so the map fit leaves it room.
    static float dock_width(float display_w, float ui_scale) { return std::min(640.0f * ui_scale, display_w * 0.55f); }
    char dir_input[512] = "";
    bool loading = false;
    std::string error, notice;
    linkage::CaseSet cs;                  // with the analyst's entered cases appended
    linkage::CaseSet base;                // as loaded (the entered cases are re-added to a copy of it)
    linkage::UserData user;
    bool user_loaded = false;
    // Model
    linkage::SimilarityNetwork net;
    bool trained = false;
    linkage::Pairs train_pairs;           // labelled pairs (series + decisions), learned tables applied
    std::unique_ptr<linkage::Trainer> trainer;
    double progress = 0;
    std::vector<linkage::PrPoint> curve;  // training data, in-sample
    double train_auc = 0, expert_auc = 0;
    linkage::Recipe recipe;               // the workflow's defaults (the CLI's too)
    // A model from `crimescope-cli link train` (--link-model on the desktop, "Open model..."): ranks instead of
    // a network trained here, so the ranked pairs are `link rank`'s.
    std::string model_request;            // request: open this model file
    std::string model_path;               // the open model, the path as given; empty: trained here
    char model_input[512] = "";
    // Every pair of the set (unsolved and entered cases too)
    linkage::Pairs pairs;
    std::vector<double> score, expert;
    std::vector<uint32_t> order;          // pairs by score, best first
    double top_share = 0.04;              // threshold as the top share of pairs (double, as the CLI's: a float 0.05 flags one pair more)
    double threshold = 1;
    int day_from = 0, day_to = 0, day_min = 0, day_max = 0;   // period filter (days since 1970)
    int type_value = -1;                  // crime-type filter (value of the schema's type feature), -1 all
    std::vector<uint32_t> shown;          // pairs above the threshold passing the filters, best first
    int selected = -1;                    // index into pairs
    int selected_case = -1;
    bool use_expert = false;              // rank by the expert-weighting model instead
    // Series
    int series_mode = 1;                  // 0 connected components, 1 average linkage (default: tighter groups)
    float cut = 0.5f;
    std::vector<int> series;              // label per case, -1 alone
    int n_series = 0;
    // Form
    CaseForm form;
    int last_entered = -1;
    std::vector<std::pair<double, uint32_t>> similar;   // for the last entered case: (score, case)
    // Settings
    int settings_feature = 0;
    bool settings_changed = false;
    int tab = -1;                         // a tab to bring to the front (3 = the new-case form)
    // Requests
    bool want_load = false, want_retrain = false, want_rescore = false, want_filter = false, want_series = false;
    bool want_save = false, want_add_case = false;
    std::string want_export;              // "decisions.csv", "decisions.json", "cases.csv"
    std::string export_path;              // desktop: where "Save as" put it (else the data folder's exports/)
    int decide = -1;                      // 1 linked, 0 not linked, 2 forget (for `selected`)
};

}  // namespace crimescope::app
