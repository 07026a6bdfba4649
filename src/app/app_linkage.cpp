// app_linkage.cpp: App's work for the linkage workspace (paper 003), between frames: load a case set (fetched
// on first use in the browser), the analyst's saved decisions and cases, train the similarity network a few
// milliseconds a frame (progress bar), score every pair, apply the threshold and filters, build series, add a
// case from the form, save and export.
// Training, the threshold, series and a `link train` model (opened instead of training) go through core's
// linkage workflow (workflow.hpp, model_io.hpp), the same calls as crimescope-cli link.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "linkage/model_io.hpp"
#include "linkage/workflow.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

const std::vector<LinkageSetInfo>& linkage_sets() {
    static const std::vector<LinkageSetInfo> sets = {
        {"crimelinkage", "crimelinkage (Porter; simulated, planar metres)", {"schema.json", "expert_weights.json", "crimes.csv", "crime_groups.csv"}},
        {"israel_burglary_2020h1", "Israel burglaries 2020 H1 (real; scaled x/y)", {"schema.json", "expert_weights.json", "crimes.csv"}},
        {"robbery", "Robbery: your own cases (MO-tree form)", {"schema.json", "expert_weights.json", "cases.csv"}},
    };
    return sets;
}

namespace {
std::string& start_link_model() {
    static std::string path;
    return path;
}
}  // namespace

void set_start_link_model(const std::string& path) { start_link_model() = path; }

namespace {
double ms_now() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// The key of a set's saved data: its folder name (an analyst's folder: the last path element).
std::string user_key(const std::string& folder) {
    std::string f = folder;
    while (!f.empty() && f.back() == '/') f.pop_back();
    const size_t p = f.find_last_of('/');
    return p == std::string::npos ? f : f.substr(p + 1);
}

std::string text_of(const std::string& path, std::string& error) {
    auto b = read_file_bytes(path);
    if (!b) { error = b.error().to_string(); return {}; }
    return std::string(b->begin(), b->end());
}

// A folder name for an analyst's file: "own-" and the file's stem in lower-case letters, digits, '-' and '_'
// (also the set's name in the page's URL, linkset=own-...).
std::string own_key(const std::string& file_name) {
    std::string stem = std::filesystem::path(file_name).stem().string(), k = "own-";
    for (char c : stem) k += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
    return k.substr(0, 64);
}

constexpr const char* kOwnRoot = "/upload/";   // browser: where the analyst's sets live in memory (MEMFS)
constexpr size_t kMaxStoredPairs = 6000000;     // the app holds every pair within the window; the CLI streams more

void reset_form(CaseForm& f, const linkage::CaseSet& cs) {
    f = CaseForm{};
    f.choice.assign(cs.features.size(), 0);
    f.number.assign(cs.features.size(), {});
    f.checked.resize(cs.features.size());
    for (size_t k = 0; k < cs.features.size(); ++k) f.checked[k].assign(cs.features[k].tree.name.size(), 0);
    std::snprintf(f.id, sizeof f.id, "N%zu", cs.size() + 1);
    const int32_t day = cs.size() ? static_cast<int32_t>(std::floor(cs.day.back())) : 20500;
    std::snprintf(f.date_time, sizeof f.date_time, "%s 21:00", format_day(day).c_str());
}
}  // namespace

void App::linkage_loaded(const std::string& folder) {
    auto& L = m_state.link;
    L.loading = false;
    // A bundled set by name, or (desktop) an analyst's folder with schema.json + CSV by path.
    const bool own = L.custom;
    std::vector<std::string> notes;
    auto cs = own ? linkage::open_case_set(folder, &notes) : linkage::load_cases(platform::asset_path("linkage/" + folder));
    if (!cs) {
        L.error = cs.error().to_string();
        return;
    }
    // Every pair within the window is held (and trained on) in memory: say so before that runs out.
    const size_t n_pairs = linkage::count_pairs(cs.value(), linkage::pair_params(cs.value()));
    if (n_pairs > kMaxStoredPairs) {
        L.error = cs->name + ": " + std::to_string(cs->size()) + " cases make " + std::to_string(n_pairs) + " pairs within " +
                  std::to_string(cs->window_days) + " days, more than the app holds (" + std::to_string(kMaxStoredPairs) +
                  "). Use a shorter window_days in schema.json, or crimescope-cli link train / rank, which stream the pairs.";
        return;
    }
    L.schema_notes = notes;
    L.loaded_folder = folder;
    L.want_fit_map = L.want_dock = cs->coords == linkage::Coordinates::LatLon && L.on_map;
    L.base = std::move(cs.value());
    L.cs = L.base;
    L.error.clear();
    L.user = {};
    L.user.set = L.base.name;
    L.user_loaded = false;
    L.trained = false;
    L.model_path.clear();   // a new set is trained here unless a model is opened (again)
    L.selected = L.selected_case = -1;
    L.similar.clear();
    L.last_entered = -1;
    L.shown.clear();
    L.pairs = {};
    L.score.clear();
    L.expert.clear();
    L.order.clear();
    L.curve.clear();
    L.series.clear();
    L.n_series = 0;
    L.day_min = L.day_max = L.day_from = L.day_to = 0;   // the period filter starts on the new set's range
    L.type_value = -1;
    L.use_expert = false;
    L.settings_changed = false;
    reset_form(L.form, L.cs);
    L.notice = std::to_string(L.cs.size()) + " cases";
    if (L.cs.report.rows_skipped > 0) L.notice += "; " + L.cs.report.summary();
    if (own && !platform::has_file_browser() && folder.rfind(kOwnRoot, 0) == 0) linkage_keep_own(folder);
    // The analyst's saved decisions and cases for this set.
    platform::load_user_data("linkage-" + user_key(folder), [this, folder](const std::string& text, const std::string& err) {
        auto& S = m_state.link;
        if (S.loaded_folder != folder) return;
        S.user_loaded = true;
        if (!err.empty()) S.error = "saved decisions: " + err;
        if (!text.empty()) {
            const std::string key = "linkage-" + user_key(folder);
            auto u = linkage::parse_user_data(text, key);
            if (!u) {
                // Kept under another key before the next decision saved overwrites it.
                S.error = "saved decisions not read: " + u.error().to_string();
                set_aside_user_data(key, text, [this](const std::string& aside, const std::string& e) {
                    m_state.link.error += e.empty() ? "; kept as " + aside : "; could not be kept aside: " + e;
                });
            } else {
                S.user = std::move(u.value());
                for (const auto& c : S.user.cases) {
                    auto st = linkage::add_case(S.cs, c);
                    if (!st) S.error = "saved case " + c.id + " not added: " + st.error().to_string();
                }
                reset_form(S.form, S.cs);
            }
        }
        S.want_retrain = true;
    });
}

void App::linkage_file_dropped(const std::string& path) {
    auto& L = m_state.link;
    namespace fs = std::filesystem;
    const std::string name = fs::path(path).filename().string();
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    L.error.clear();
    if (ext == ".json") {
        std::string err;
        const std::string text = text_of(path, err);
        if (!err.empty()) { L.error = err; return; }
        auto j = nlohmann::json::parse(text, nullptr, false);
        const bool cases = j.is_array() || (j.is_object() && j.contains("cases"));   // opened like a CSV below
        if (j.is_object() && j.contains("params") && j.contains("input_names")) {   // a model from `link train`
            L.model_request = path;
            return;
        }
        if (!cases) {
            if (j.is_discarded() || !j.is_object()) { L.error = name + ": not JSON cases, a schema or expert weights"; return; }
            if (platform::has_file_browser()) {
                L.error = name + ": put schema.json and expert_weights.json beside the case file and open that folder";
                return;
            }
            if (j.contains("features") || j.contains("file")) {   // a schema
                auto probe = linkage::parse_schema(text, name);
                if (!probe) { L.error = probe.error().to_string(); return; }
                L.pending_schema = text;
                L.notice = name + " read: now drop or choose the case file it describes";
                return;
            }
            for (auto it = j.begin(); it != j.end(); ++it)   // expert weights: feature name -> number
                if (!it.value().is_number()) { L.error = name + ": '" + it.key() + "' is not a number (expert weights are feature: weight)"; return; }
            L.pending_weights = text;
            L.notice = name + " read (expert weights): now drop or choose the case file";
            return;
        }
    } else if (ext != ".csv" && ext != ".txt") {
        L.error = name + ": a case set is a CSV or JSON file of cases (with its schema.json and expert_weights.json if you have them)";
        return;
    }
    if (platform::has_file_browser()) {   // desktop: the file where it is
        L.open_dir = path;
        return;
    }
    // Browser: a folder of its own in memory with the CSV, the schema dropped with it (its "file" set to this
    // CSV) and the expert weights; without a schema, open_case_set infers one.
    const std::string key = own_key(name), dir = kOwnRoot + key;
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    fs::rename(path, dir + "/" + name, ec);
    if (ec) { L.error = name + ": " + ec.message(); return; }
    if (!L.pending_schema.empty()) {
        auto j = nlohmann::json::parse(L.pending_schema, nullptr, false);
        j["file"] = name;
        auto st = write_file_atomic(dir + "/schema.json", j.dump(1));
        if (!st) { L.error = st.error().to_string(); return; }
    }
    if (!L.pending_weights.empty()) (void)write_file_atomic(dir + "/expert_weights.json", L.pending_weights);
    L.pending_schema.clear();
    L.pending_weights.clear();
    L.open_dir = dir;
}

void App::linkage_keep_own(const std::string& folder) {
    auto& L = m_state.link;
    namespace fs = std::filesystem;
    nlohmann::json files = nlohmann::json::object();
    size_t bytes = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
        if (!e.is_regular_file()) continue;
        std::string err;
        files[e.path().filename().string()] = text_of(e.path().string(), err);
        if (!err.empty()) { L.notice += "; not kept in this browser (" + err + ")"; return; }
        bytes += e.file_size(ec);
    }
    if (bytes > 200u * 1024 * 1024) { L.notice += "; not kept in this browser (over 200 MB)"; return; }
    const std::string key = user_key(folder);
    nlohmann::json doc = {{"format", "crimescope-linkage-own-set"}, {"version", 1}, {"name", L.cs.name}, {"files", files}};
    platform::save_user_data("linkset-" + key, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), [this](const std::string& err) {
        if (!err.empty()) m_state.link.error = "case set not kept in this browser: " + err;
    });
    auto it = std::find_if(L.own_sets.begin(), L.own_sets.end(), [&](const auto& o) { return o.key == key; });
    if (it == L.own_sets.end()) L.own_sets.push_back({key, L.cs.name});
    else it->name = L.cs.name;
    linkage_save_own_list();
    L.notice += "; kept in this browser";
}

void App::linkage_save_own_list() {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : m_state.link.own_sets) list.push_back({{"key", o.key}, {"name", o.name}});
    platform::save_user_data("linkage-own-sets", list.dump(), [this](const std::string& err) {
        if (!err.empty()) m_state.link.error = "list of your case sets not saved: " + err;
    });
}

void App::linkage_remove_own() {
    auto& L = m_state.link;
    const std::string key = user_key(L.loaded_folder);
    auto report = [this](const std::string& err) {
        if (!err.empty()) m_state.link.error = "not removed: " + err;
    };
    platform::save_user_data("linkset-" + key, "", report);
    platform::save_user_data("linkage-" + key, "", report);
    L.own_sets.erase(std::remove_if(L.own_sets.begin(), L.own_sets.end(), [&](const auto& o) { return o.key == key; }), L.own_sets.end());
    linkage_save_own_list();
    L.custom = false;
    L.loaded_folder.clear();   // the bundled set opens again
    L.schema_notes.clear();
}

// Lat/lon sets drawn on the city map: a click there picks the form's location, or selects the case under it.
// Returns whether the click was taken (else it scores the place, as everywhere on the map).
bool App::linkage_map_click(ImVec2 at) {
    auto& L = m_state.link;
    if (!L.show || !L.on_map || L.loading || L.loaded_folder.empty() || L.cs.coords != linkage::Coordinates::LatLon) return false;
    if (L.form.picking) {
        const geo::LatLon ll = m_state.map_at(at);
        linkage::planar_of(L.cs, ll.lat_deg, ll.lon_deg, L.form.x, L.form.y);
        L.form.placed = true;
        L.form.picking = false;
        return true;
    }
    int best = -1;
    float bd = 8 * m_state.ui_scale;
    for (size_t i = 0; i < L.cs.size(); ++i) {
        double lat, lon;
        linkage::latlon_of(L.cs, L.cs.x[i], L.cs.y[i], lat, lon);
        const ImVec2 p = m_state.screen_of({lat, lon});
        const float d = std::hypot(p.x - at.x, p.y - at.y);
        if (d < bd) { bd = d; best = static_cast<int>(i); }
    }
    if (best < 0) return false;
    L.selected_case = best;
    return true;
}

void App::linkage_own_list() {
    auto& L = m_state.link;
    L.own_sets_loaded = true;
    platform::load_user_data("linkage-own-sets", [this](const std::string& text, const std::string& err) {
        auto& S = m_state.link;
        if (!err.empty()) { S.error = "your case sets: " + err; return; }
        if (text.empty()) return;
        auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_array()) {
            S.error = "your case sets: the stored list is not readable";
            set_aside_user_data("linkage-own-sets", text, [this](const std::string& aside, const std::string& e) {
                m_state.link.error += e.empty() ? "; kept as " + aside : "; could not be kept aside: " + e;
            });
            return;
        }
        S.own_sets.clear();
        for (const auto& o : j)
            if (o.is_object() && o.contains("key") && o["key"].is_string()) S.own_sets.push_back({o["key"].get<std::string>(), o.value("name", o["key"].get<std::string>())});
    });
}

void App::update_linkage() {
    auto& L = m_state.link;
    const auto& sets = linkage_sets();
    if (!platform::has_file_browser() && !L.own_sets_loaded) linkage_own_list();
    if (L.confirm_remove == 2) {
        L.confirm_remove = 0;
        linkage_remove_own();
        return;
    }
    if (!L.restore_key.empty()) {   // browser: a kept set back from IndexedDB into memory, then opened
        const std::string key = L.restore_key;
        L.restore_key.clear();
        L.loading = true;
        platform::load_user_data("linkset-" + key, [this, key](const std::string& text, const std::string& err) {
            auto& S = m_state.link;
            S.loading = false;
            auto j = nlohmann::json::parse(text, nullptr, false);
            if (!err.empty() || text.empty() || !j.is_object() || !j.contains("files") || !j["files"].is_object()) {
                S.error = "your case set " + key + " could not be read back" + (err.empty() ? std::string() : ": " + err);
                return;
            }
            namespace fs = std::filesystem;
            const std::string dir = kOwnRoot + key;
            std::error_code ec;
            fs::remove_all(dir, ec);
            fs::create_directories(dir, ec);
            for (auto it = j["files"].begin(); it != j["files"].end(); ++it) {
                if (!it.value().is_string() || it.key().find('/') != std::string::npos) continue;
                (void)write_file_atomic(dir + "/" + it.key(), it.value().get<std::string>());
            }
            S.open_dir = dir;
        });
        return;
    }
    const std::string folder = sets[static_cast<size_t>(std::clamp(L.set_index, 0, static_cast<int>(sets.size()) - 1))].folder;
    if (!L.open_dir.empty()) {   // the analyst's own case set: a folder or a CSV
        const std::string dir = L.open_dir;
        L.open_dir.clear();
        const bool was_custom = L.custom;
        L.custom = true;
        linkage_loaded(dir);
        if (!L.error.empty()) L.custom = was_custom && !L.loaded_folder.empty();
        return;
    }
    if (!L.loading && !L.custom && folder != L.loaded_folder && folder != L.requested_folder) {
        // Fetch every file of the set (at once natively), then load.
        L.requested_folder = folder;
        L.loading = true;
        L.error.clear();
        auto info = sets[static_cast<size_t>(L.set_index)];
        auto left = std::make_shared<size_t>(info.files.size());
        auto failed = std::make_shared<std::string>();
        for (const char* f : info.files)
            platform::fetch_asset(std::string("linkage/") + folder + "/" + f, [this, folder, left, failed](const std::string&, const std::string& err) {
                if (!err.empty() && failed->empty() && err.find("expert_weights") == std::string::npos) *failed = err;
                if (--*left > 0) return;
                auto& S = m_state.link;
                S.requested_folder.clear();
                if (!failed->empty()) { S.loading = false; S.error = *failed; return; }
                linkage_loaded(folder);
            });
        return;
    }
    if (L.loading || L.loaded_folder.empty()) return;

    if (!start_link_model().empty()) {
        L.model_request = start_link_model();
        start_link_model().clear();
    }
    if (!L.model_request.empty() && L.user_loaded) {
        // A trained model ranks every pair (its tables put into the set first), as `crimescope-cli link rank` does.
        const std::string path = L.model_request;
        L.model_request.clear();
        auto model = linkage::load_model(path);
        auto cs = L.cs;
        Status st = model ? linkage::apply_tables(cs, model.value(), path) : Status(model.error());
        if (!st) {
            L.error = "model not opened: " + st.error().to_string();
        } else {
            auto ts = linkage::labelled_pairs(cs, &L.user, true);
            auto net = linkage::network_of(model.value(), ts.pairs.m, path);
            if (!net) {
                L.error = "model not opened: " + net.error().to_string();
            } else {
                L.want_retrain = false;   // the model ranks instead (Retrain trains here again)
                L.trainer.reset();
                L.cs = std::move(cs);
                L.net = std::move(net.value());
                L.train_pairs = std::move(ts.pairs);
                L.pairs = L.train_pairs;
                L.trained = true;
                L.use_expert = false;
                L.model_path = path;
                L.top_share = model->top_share;
                L.error.clear();
                L.notice = "ranked by the model " + path + " (" + model->set + ", trained on " + std::to_string(model->training_pairs) + " pairs)";
                L.want_rescore = true;
            }
        }
    }
    if (L.want_retrain && L.user_loaded) {
        L.want_retrain = false;
        L.trained = false;
        L.model_path.clear();
        L.recipe.learn_tables = !L.settings_changed;   // tables the analyst edited are kept
        auto ts = linkage::labelled_pairs(L.cs, &L.user, true);
        auto st = linkage::prepare_training(L.cs, ts, L.recipe);
        L.train_pairs = std::move(ts.pairs);
        if (!st) {
            // Nothing to learn from yet (a new set, or only one kind of pair): the expert weighting ranks until
            // there are linked and unlinked pairs (series in the file, or the analyst's decisions).
            L.use_expert = true;
            L.trainer.reset();
            L.notice = ts.linked == 0 ? "no linked pairs to learn from yet: ranked by the expert weighting; confirm links to train"
                                      : "no unlinked pairs of solved cases to learn from yet: ranked by the expert weighting; mark pairs as not linked to train";
            L.pairs = L.train_pairs;
            L.want_rescore = true;
        } else {
            // All linked pairs and at most the recipe's unlinked ones (the loss reweights the classes).
            L.trainer = std::make_unique<linkage::Trainer>(L.net, L.train_pairs.m, std::move(ts.fit), L.recipe.net);
            L.progress = 0;
        }
    }
    if (L.trainer) {
        // A few milliseconds of training a frame, so the progress bar moves and the app stays responsive.
        const double t0 = ms_now();
        bool done = false;
        while (!done && ms_now() - t0 < 25) done = L.trainer->step(5);
        L.progress = L.trainer->progress();
        if (done) {
            L.trainer.reset();
            L.trained = true;
            L.use_expert = false;
            L.pairs = L.train_pairs;
            L.want_rescore = true;
        }
    }
    if (L.want_rescore) {
        L.want_rescore = false;
        auto& m = L.pairs.m;
        const size_t n = m.n_pairs(), ni = m.n_inputs();
        L.score.assign(n, 0);
        L.expert.assign(n, 0);
        const auto w = linkage::expert_weights_of(L.cs, m);
        for (size_t k = 0; k < n; ++k) {
            L.expert[k] = linkage::expert_score(m, w, k);
            L.score[k] = L.trained ? L.net.predict(&m.x[k * ni]) : L.expert[k];
        }
        std::vector<double> s, e;
        std::vector<uint8_t> y;
        for (size_t k = 0; k < n; ++k)
            if (L.pairs.labelled[k]) { s.push_back(L.score[k]); e.push_back(L.expert[k]); y.push_back(m.y[k]); }
        L.curve = linkage::pr_curve(L.use_expert ? e : s, y, 50);
        L.train_auc = linkage::roc_auc(s, y);
        L.expert_auc = linkage::roc_auc(e, y);
        const auto& rank_by = L.use_expert ? L.expert : L.score;
        L.order = linkage::rank_order(rank_by, L.pairs.a, L.pairs.b);
        if (L.day_max == 0 && L.cs.size()) {
            L.day_min = static_cast<int>(std::floor(*std::min_element(L.cs.day.begin(), L.cs.day.end())));
            L.day_max = static_cast<int>(std::ceil(*std::max_element(L.cs.day.begin(), L.cs.day.end())));
            L.day_from = L.day_min;
            L.day_to = L.day_max;
        }
        // The most similar existing cases to the last entered one.
        L.similar.clear();
        if (L.last_entered >= 0)
            for (size_t k = 0; k < n; ++k)
                if (static_cast<int>(L.pairs.a[k]) == L.last_entered || static_cast<int>(L.pairs.b[k]) == L.last_entered)
                    L.similar.push_back({rank_by[k], static_cast<int>(L.pairs.a[k]) == L.last_entered ? L.pairs.b[k] : L.pairs.a[k]});
        std::stable_sort(L.similar.begin(), L.similar.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        if (L.similar.size() > 20) L.similar.resize(20);
        L.want_filter = true;
    }
    if (L.want_filter) {
        L.want_filter = false;
        const auto& rank_by = L.use_expert ? L.expert : L.score;
        const size_t n = L.order.size();
        if (n) L.threshold = rank_by[L.order[linkage::flagged_count(n, L.top_share) - 1]];   // = threshold_at_share
        const int tf = L.cs.type_feature();
        L.shown.clear();
        for (uint32_t k : L.order) {
            if (rank_by[k] < L.threshold) break;
            const uint32_t a = L.pairs.a[k], b = L.pairs.b[k];
            if (L.cs.day[a] < L.day_from || L.cs.day[a] > L.day_to + 1 || L.cs.day[b] < L.day_from || L.cs.day[b] > L.day_to + 1) continue;
            if (tf >= 0 && L.type_value >= 0) {
                const auto& f = L.cs.features[static_cast<size_t>(tf)];
                if (f.cat[a] != L.type_value && f.cat[b] != L.type_value) continue;
            }
            L.shown.push_back(k);
        }
        L.want_series = true;
    }
    if (L.want_series) {
        L.want_series = false;
        const auto& rank_by = L.use_expert ? L.expert : L.score;
        L.series = linkage::series_of(L.cs.size(), L.pairs, rank_by, static_cast<linkage::SeriesMode>(L.series_mode), L.threshold, L.cut);
        L.n_series = 0;
        for (int v : L.series) L.n_series = std::max(L.n_series, v + 1);
    }
    if (L.decide >= 0 && L.selected >= 0 && L.selected < static_cast<int>(L.pairs.a.size())) {
        const auto& a = L.cs.id[L.pairs.a[static_cast<size_t>(L.selected)]];
        const auto& b = L.cs.id[L.pairs.b[static_cast<size_t>(L.selected)]];
        if (L.decide == 2) L.user.forget(a, b);
        else L.user.decide(a, b, L.decide == 1);
        L.want_save = true;
    }
    L.decide = -1;
    if (L.want_add_case) {
        L.want_add_case = false;
        auto& f = L.form;
        linkage::NewCase c;
        c.id = f.id;
        c.date_time = f.date_time;
        c.x = f.x;
        c.y = f.y / L.cs.y_scale;   // the canvas draws y times the set's y scale; the case keeps the file's units
        if (L.cs.coords == linkage::Coordinates::LatLon) linkage::latlon_of(L.cs, f.x, f.y, c.y, c.x);
        f.error.clear();
        if (!f.placed) f.error = "location: pick it on the map first";
        for (size_t k = 0; k < L.cs.features.size() && f.error.empty(); ++k) {
            const auto& ft = L.cs.features[k];
            std::string v;
            if (ft.kind == linkage::Kind::Categorical && f.choice[k] > 0) v = ft.table.values[static_cast<size_t>(f.choice[k] - 1)];
            if (ft.kind == linkage::Kind::Quantitative) v = f.number[k].data();
            if (ft.kind == linkage::Kind::Hierarchical)
                for (size_t n = 0; n < ft.tree.name.size(); ++n)
                    if (f.checked[k][n] && ft.tree.is_leaf(static_cast<int>(n))) v += (v.empty() ? "" : ";") + ft.tree.name[n];
            if (!v.empty()) c.values.push_back({ft.name, v});
        }
        if (f.error.empty()) {
            auto st = linkage::add_case(L.cs, c);
            if (!st) f.error = (st.error().field.empty() ? "" : st.error().field + ": ") + st.error().message;
            else {
                L.user.cases.push_back(c);
                L.last_entered = static_cast<int>(L.cs.size()) - 1;
                L.selected_case = L.last_entered;
                // Score the new case's pairs with the trained model (no retraining: it has no label yet).
                auto pp = linkage::pair_params(L.cs);
                pp.include_unsolved = true;
                L.pairs = linkage::make_pairs(L.cs, pp);
                linkage::apply_decisions(L.cs, L.user, L.pairs);
                L.want_rescore = true;
                L.want_save = true;
                const std::string keep_date = f.date_time;
                reset_form(f, L.cs);
                std::snprintf(f.date_time, sizeof f.date_time, "%s", keep_date.c_str());
            }
        }
    }
    if (L.want_save) {
        L.want_save = false;
        const std::string folder_now = L.loaded_folder;
        platform::save_user_data("linkage-" + user_key(folder_now), linkage::user_data_json(L.user), [this, folder_now](const std::string& err) {
            auto& S = m_state.link;
            if (S.loaded_folder != folder_now) return;
            S.notice = err.empty() ? "saved " + std::to_string(S.user.decisions.size()) + " decisions and " + std::to_string(S.user.cases.size()) + " entered cases"
                                   : "not saved: " + err;
        });
    }
    if (!L.want_export.empty()) {
        std::string text;
        if (L.want_export == "decisions.csv") text = linkage::decisions_csv(L.user);
        else if (L.want_export == "decisions.json") text = linkage::user_data_json(L.user);
        else if (L.want_export == "cases.csv") text = linkage::cases_csv(L.user, L.cs);
        else if (L.want_export == "schema.json") text = linkage::schema_json(L.cs);
        else if (L.want_export == "pairs.csv") text = linkage::ranked_pairs_csv(L.cs, L.pairs, L.use_expert ? L.expert : L.score, L.shown, L.series, L.user);
        else if (L.want_export == "series.csv") text = linkage::series_csv(L.cs, L.series);
        std::string where;
        const std::string err = platform::export_file(L.export_path.empty() ? user_key(L.loaded_folder) + "-" + L.want_export : L.export_path, text, where);
        L.export_path.clear();
        L.notice = err.empty() ? "exported: " + where : "export failed: " + err;
        L.want_export.clear();
    }
}

nlohmann::json App::linkage_state_json() const {
    const auto& L = m_state.link;
    nlohmann::json j;
    j["set"] = L.custom ? user_key(L.loaded_folder) : L.loaded_folder;
    j["loading"] = L.loading;
    j["error"] = L.error;
    j["notice"] = L.notice;
    j["cases"] = L.cs.size();
    j["trained"] = L.trained;
    j["training"] = static_cast<bool>(L.trainer);
    j["progress"] = std::round(L.progress * 100) / 100;
    j["ranked_by"] = L.use_expert ? "expert weighting" : "similarity network";
    j["pairs"] = L.pairs.a.size();
    j["top_share"] = std::round(L.top_share * 1e4) / 1e4;
    j["threshold"] = L.threshold;
    j["shown"] = L.shown.size();
    j["series"] = L.n_series;
    j["decisions"] = L.user.decisions.size();
    j["entered"] = L.user.cases.size();
    j["train_auc"] = L.train_auc;
    j["expert_auc"] = L.expert_auc;
    if (L.selected >= 0 && L.selected < static_cast<int>(L.pairs.a.size())) {
        const size_t k = static_cast<size_t>(L.selected);
        std::vector<double> S;
        nlohmann::json why = nlohmann::json::object();
        if (L.trained) {
            L.net.predict(&L.pairs.m.x[k * L.pairs.m.n_inputs()], S);
            for (size_t f = 0; f < S.size(); ++f) why[L.pairs.m.feature_names[f]] = S[f];
        }
        j["selected"] = {{"a", L.cs.id[L.pairs.a[k]]}, {"b", L.cs.id[L.pairs.b[k]]}, {"score", L.score.empty() ? 0 : L.score[k]},
                         {"feasible", L.pairs.feasible[k] != 0}, {"reasons", why}};
    }
    nlohmann::json sim = nlohmann::json::array();
    for (const auto& [sc, c] : L.similar) sim.push_back({{"id", L.cs.id[c]}, {"score", sc}});
    j["similar"] = sim;
    j["form_error"] = L.form.error;
    j["form_placed"] = L.form.placed;
    j["own"] = L.custom;
    j["rows_skipped"] = L.cs.report.rows_skipped;
    j["name"] = L.cs.name;
    j["schema_notes"] = L.schema_notes;
    j["coordinates"] = L.cs.coords == linkage::Coordinates::LatLon ? "latlon" : L.cs.metres_per_unit > 0 ? "planar-metres" : "planar-unknown";
    j["y_scale"] = L.cs.y_scale;
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& o : L.own_sets) kept.push_back(o.key);
    j["kept_sets"] = kept;
    j["on_map"] = L.on_map;
    j["drawn_on_map"] = L.drawn_on_map;
    // For tests: the model file (the path as given) and the first 50 ranked pairs, no filter, as `link rank`
    // lists them (probability rounded to 1e-4).
    j["model"] = L.model_path;
    nlohmann::json ranked = nlohmann::json::array();
    const auto& rank_by = L.use_expert ? L.expert : L.score;
    for (size_t r = 0; r < L.order.size() && r < 50 && L.order[r] < rank_by.size(); ++r) {
        const uint32_t k = L.order[r];
        ranked.push_back({{"a", L.cs.id[L.pairs.a[k]]}, {"b", L.cs.id[L.pairs.b[k]]}, {"probability", linkage::rounded_probability(rank_by[k])}});
    }
    j["ranked"] = ranked;
    return j;
}

}  // namespace crimescope::app
