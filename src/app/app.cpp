#include "app/app.hpp"
#include "app/map/base_layers.hpp"

#include <algorithm>
#include <sys/stat.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <future>
#include <random>
#include <cstring>
#include <cctype>
#include <ctime>

#include "app/app_limits.hpp"
#include "app/card_text.hpp"
#include "app/i18n.hpp"
#include "app/views/views.hpp"
#include <imgui_internal.h>
#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "base/parallel.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include <map>
#include "platform/platform.hpp"
#include "platform/screenshot.hpp"
#include "omega/workflow.hpp"
#include "score/mlp_sidecar.hpp"

namespace crimescope::app {

namespace {

// Phone: a second tap within this time (at the frames' pace: slow software-rendered frames stretch it) is a
// double tap; a single tap is scored once it has passed.
constexpr double kDoubleTapMs = 450;

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Qualitative palette (colour-blind-aware first entries), then generated hues.
ImVec4 palette_colour(int slot) {
    static const unsigned kBase[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1,
                                     0xff9da7, 0x9c755f, 0xbab0ac, 0x86bcb6, 0xd37295, 0xfabfd2, 0x8cd17d,
                                     0xb6992d, 0x499894, 0xf1ce63, 0xa0cbe8, 0xffbe7d, 0xd4a6c8};
    if (slot == kColourSlots - 1) return ImVec4(0.75f, 0.75f, 0.75f, 0.85f);   // "other"
    if (slot < 20) {
        unsigned c = kBase[slot];
        return ImVec4(((c >> 16) & 255) / 255.0f, ((c >> 8) & 255) / 255.0f, (c & 255) / 255.0f, 0.85f);
    }
    float h = std::fmod(slot * 0.61803398875f, 1.0f), r, g, b;
    ImGui::ColorConvertHSVtoRGB(h, 0.55f, 0.95f, r, g, b);
    return ImVec4(r, g, b, 0.85f);
}

App* g_app = nullptr;

// The 1st..99th percentile box of the points: a few mis-geocoded outliers should not shrink the city.
geo::BBox robust_bbox(const data::IncidentTable& t) {
    if (t.size() < 200) return t.bbox();
    std::vector<float> la(t.lat_deg), lo(t.lon_deg);
    size_t a = t.size() / 100, b = t.size() - 1 - t.size() / 100;
    std::nth_element(la.begin(), la.begin() + static_cast<long>(a), la.end());
    float la0 = la[a];
    std::nth_element(la.begin(), la.begin() + static_cast<long>(b), la.end());
    float la1 = la[b];
    std::nth_element(lo.begin(), lo.begin() + static_cast<long>(a), lo.end());
    float lo0 = lo[a];
    std::nth_element(lo.begin(), lo.begin() + static_cast<long>(b), lo.end());
    float lo1 = lo[b];
    return geo::BBox{la0, la1, lo0, lo1};
}

}  // namespace

App& the_app() { return *g_app; }
double clock_ms() { return now_ms(); }

void AppState::mark_widget(const std::string& name) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    widget_rects[name] = ImVec4(a.x * scale.x, a.y * scale.y, (b.x - a.x) * scale.x, (b.y - a.y) * scale.y);
}

float AppState::css_px() const { return ui_scale > 0 ? ui_scale : 1.0f; }

bool AppState::tool_open() const {
    return phone && (fc.show || pat.show || hot.show || link.show || cls.show || cls.show_card || show_load_csv || (show_report && last_report));
}

void AppState::note_target() {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float m = std::min(b.x - a.x, b.y - a.y) / css_px();
    if (m > 0 && (min_target_css == 0 || m < min_target_css)) min_target_css = m;
}

ImVec2 AppState::screen_of(geo::LatLon p) const {
    geo::Merc m = geo::to_mercator(p);
    double sx, sy;
    camera.map_to_screen(m.x - origin_x, m.y - origin_y, fb_width, fb_height, sx, sy);
    ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    return ImVec2(static_cast<float>(sx / scale.x), static_cast<float>(sy / scale.y));
}

geo::LatLon AppState::map_at(ImVec2 d) const {
    ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    double mx, my;
    camera.screen_to_map(d.x * scale.x, d.y * scale.y, fb_width, fb_height, mx, my);
    return geo::from_mercator(geo::Merc{mx + origin_x, my + origin_y});
}

void App::load_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    m_state.ui_scale = platform::content_scale();
    std::string font = platform::font_path();
    // Latin-1 + Latin Extended-A (Álvaro Obregón), Greek (CR-Ω+), punctuation and arrows.
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x0370, 0x03FF, 0x2010, 0x205E, 0x2190, 0x21FF, 0};
    ImFont* f = nullptr;
    if (!font.empty()) f = io.Fonts->AddFontFromFileTTF(font.c_str(), 15.0f * m_state.ui_scale, nullptr, kRanges);
    // The phone layout's text: 16 CSS px (issue #13: text >= 16 CSS px on a phone).
    if (f) m_font_phone = io.Fonts->AddFontFromFileTTF(font.c_str(), 16.0f * m_state.ui_scale, nullptr, kRanges);
    m_font_desktop = f;
    if (!f) {
        std::fprintf(stderr, "warning: DejaVuSans.ttf not found; using ImGui's ASCII font\n");
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * m_state.ui_scale;
        io.Fonts->AddFontDefault(&cfg);
    }
    ImGui::StyleColorsDark();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowRounding = 4;
    st.FrameRounding = 3;
    st.ScaleAllSizes(m_state.ui_scale);
    m_style_desktop = st;
    // Phone: frames 44 CSS px tall (16 px text + 2 x 14 px padding), roomier spacing, wider scrollbars.
    m_style_phone = m_style_desktop;
    const float k = m_state.ui_scale;
    m_style_phone.FramePadding = ImVec2(12 * k, 14 * k);
    m_style_phone.ItemSpacing = ImVec2(8 * k, 8 * k);
    m_style_phone.ItemInnerSpacing = ImVec2(8 * k, 6 * k);
    m_style_phone.WindowPadding = ImVec2(8 * k, 8 * k);
    m_style_phone.ScrollbarSize = 18 * k;
    m_style_phone.GrabMinSize = 24 * k;
    m_style_phone.TouchExtraPadding = ImVec2(2 * k, 2 * k);
    m_style_phone.WindowRounding = 10 * k;
}

bool App::init(const AppOptions& opts, std::string& error) {
    g_app = this;
    m_opts = opts;
    if (m_opts.start_ms <= 0) m_opts.start_ms = now_ms();
    Lang l = Lang::en;
    if (!opts.lang.empty() && !parse_lang(opts.lang, l)) {
        error = "--lang: expected en or es, not \"" + opts.lang + "\"";
        return false;
    }
    set_lang(l);
    if (!opts.layout.empty() && opts.layout != "phone" && opts.layout != "desktop") {
        error = "--layout: expected phone or desktop, not \"" + opts.layout + "\"";
        return false;
    }
    m_state.force_layout = opts.layout;
    if (opts.density == "points") m_state.dens.mode = DensityMode::Points;
    else if (opts.density == "density") m_state.dens.mode = DensityMode::Density;
    else if (!opts.density.empty() && opts.density != "auto") {
        error = "--density: expected auto, points or density, not \"" + opts.density + "\"";
        return false;
    }
    m_state.touch_only = opts.touch_only;
    m_state.html_ui = platform::page_draws_search_bar();
    platform::on_gesture([this](const platform::Gesture& g) { m_gestures.push_back(g); });
    platform::on_page_command([this](const std::string& c, const std::string& a) { page_command(c, a); });
    load_fonts();
    if (!m_renderer.init(error)) return false;
    auto profiles = data::load_profiles_dir(platform::asset_path("profiles"));
    if (profiles) m_state.profiles = std::move(profiles.value());
    else m_state.status = profiles.error().to_string();
    auto manifest = read_file_bytes(platform::asset_path("packs/packs.json"));
    if (!manifest) {
        error = manifest.error().to_string();
        return false;
    }
    auto j = nlohmann::json::parse(manifest->begin(), manifest->end(), nullptr, false);
    if (j.is_discarded() || !j.contains("packs")) {
        error = platform::asset_path("packs/packs.json") + ": not a pack manifest";
        return false;
    }
    std::string default_id;
    for (const auto& e : j["packs"]) {
        PackEntry p;
        p.id = e.value("id", "");
        p.display_name = e.value("display_name", p.id);
        p.file = e.value("file", p.id + ".cspack");
        p.is_default = e.value("default", false);
        if (p.is_default || default_id.empty()) default_id = p.is_default ? p.id : (default_id.empty() ? p.id : default_id);
        m_state.packs.push_back(p);
    }
    m_state.req.load_pack_id = opts.pack_id.empty() ? default_id : opts.pack_id;
    if (!opts.csv_path.empty()) m_state.req.ingest_path = opts.csv_path;
    for (const auto& path : opts.layers) {
        auto st = load_user_layer(m_state, path);
        if (!st) {
            error = st.error().to_string();
            return false;
        }
    }
    if (!platform::has_file_browser()) restore_user_layers();
    restore_saved_profiles();
    return true;
}

void App::set_city(std::shared_ptr<const data::CityData> city, const std::string& id) {
    AppState& s = m_state;
    if (id == "user" && s.current_id != "user" && s.city) {   // keep the pack's geocoder for address-only files
        if (m_geocoder_job.valid()) {
            auto g = m_geocoder_job.get();
            s.geocoder = std::make_unique<geocode::Geocoder>(g ? std::move(g.value()) : geocode::Geocoder{});
        }
        m_pack_geocoder = std::move(s.geocoder);
        m_pack_geocoder_name = s.city->display_name;
    } else if (id != "user") {
        m_pack_geocoder.reset();
        m_pack_geocoder_name.clear();
    }
    s.city = std::move(city);
    s.current_id = id;
    if (id != "user") {   // a pack: the column editor has no file to read again
        const int saving = s.reading.saving;
        s.reading = ReadingState{};
        s.reading.saving = saving;
    }
    const auto& t = s.city->incidents;
    double t_phase = now_ms();
    auto phase = [&](const char* name) {   // the open's phases, printed by --bench-app
        const double t_now = now_ms();
        m_open_phases.emplace_back(name, t_now - t_phase);
        t_phase = t_now;
    };
    // The three indexes read the same const table: natively the hover index and the geocoder are built on other
    // threads while this one builds the score index (issue #15: the open at 1.25 M rows). The geocoder may finish
    // after the first frame: search waits for it (s.geocoder stays null until then, and every use checks).
    const bool threaded = worker_count() > 1;
    if (m_geocoder_job.valid()) m_geocoder_job.wait();   // a previous pack's, still running
    s.geocoder.reset();
    std::future<std::unique_ptr<index::MercatorIndex>> merc_job;
    if (threaded) {
        merc_job = std::async(std::launch::async, [&t] { return std::make_unique<index::MercatorIndex>(t); });
        m_geocoder_job = std::async(std::launch::async, [city = s.city] { return geocode::city_geocoder(*city); });
    }
    s.geo_index = std::make_unique<index::GeoIndex>(t);
    phase("geo index");
    s.point_index = threaded ? merc_job.get() : std::make_unique<index::MercatorIndex>(t);
    phase("mercator index (wait)");
    s.area_lookup = s.city->boundaries.empty() ? nullptr : std::make_unique<geo::PolygonLookup>(s.city->boundaries.front());
    s.coverage = std::make_unique<score::Coverage>(*s.city);
    phase("coverage");
    s.days_sorted = std::is_sorted(t.day.begin(), t.day.end());
    s.dens.dirty = true;
    s.dens.on = false;
    s.timings.open_ms = 0;   // counted again to this pack's first frame
    geo::BBox bb = t.bbox();
    if (bb.empty() && !s.city->boundaries.empty())
        for (const auto& p : s.city->boundaries.front().polygons)
            for (const auto& r : p.rings)
                for (const auto& pt : r) bb.extend(pt.lat_deg, pt.lon_deg);
    geo::Merc a = geo::to_mercator({bb.lat_max_deg, bb.lon_min_deg}), b = geo::to_mercator({bb.lat_min_deg, bb.lon_max_deg});
    s.origin_x = (a.x + b.x) * 0.5;
    s.origin_y = (a.y + b.y) * 0.5;
    s.day_first = t.size() ? t.day.front() : 0;
    s.day_last = t.size() ? t.day.back() : 0;
    for (size_t i = 0; i < t.size(); ++i) {   // user CSVs need not be sorted
        s.day_first = std::min(s.day_first, t.day[i]);
        s.day_last = std::max(s.day_last, t.day[i]);
    }
    s.colour_col = t.category(s.city->colour_by);
    if (!s.colour_col) s.colour_col = t.category("type");
    s.legend_order = s.colour_col ? data::codes_by_frequency(*s.colour_col) : std::vector<uint32_t>{};
    s.slot_of_code.assign(s.colour_col ? s.colour_col->dict.size() : 0, kColourSlots - 1);
    for (size_t k = 0; k < s.legend_order.size() && k < kColourSlots - 1; ++k) s.slot_of_code[s.legend_order[k]] = static_cast<int>(k);
    s.slot_colour.resize(kColourSlots);
    for (int i = 0; i < kColourSlots; ++i) s.slot_colour[static_cast<size_t>(i)] = palette_colour(i);
    s.filter = data::Filter{};
    s.filter.day_min = s.day_first;
    s.filter.day_max = s.day_last;
    s.filter.category_on.assign(s.colour_col ? s.colour_col->dict.size() : 0, 1);
    s.hovered_row = -1;
    s.score_params = score::RadiusScoreParams{};
    s.score_as_of = s.day_last;
    phase("colours and filters");
    s.score_scale = score::scale_for(*s.city, *s.geo_index, s.score_as_of, s.score_params);
    phase("score scale");
    s.card.valid = s.pinned.valid = false;
    load_score_model_info();
    if (!threaded) {
        auto g = geocode::city_geocoder(*s.city);
        if (!g) s.status = g.error().to_string();
        s.geocoder = std::make_unique<geocode::Geocoder>(g ? std::move(g.value()) : geocode::Geocoder{});
        phase("geocoder");
    }
    s.suggestions.clear();
    s.searched_text.clear();
    s.fc.built = false;
    s.fc.dirty = true;
    s.pat.trained_mode = -1;
    s.pat.dirty = true;
    s.heat.dirty = true;
    s.hot.dirty = true;
    m_hot_job.cancel();   // a running analysis of the previous data is dropped
    s.hot.layer.reset();
    s.hot.near.reset();
    s.hot.conc.reset();
    if (!m_start_applied) apply_start_options();
    phase("start options");
    m_renderer.upload(s);
    phase("GPU upload");
    s.req.fit_view = true;
    recount();
    phase("recount");
    if (m_opts.bench_points > 0) setup_bench();
}

void App::recount() {
    AppState& s = m_state;
    if (!s.city) return;
    const double t0 = now_ms();
    s.counts = data::count_filtered(s.city->incidents, s.colour_col, s.filter);
    s.timings.recount_ms = now_ms() - t0;
    s.heat.dirty = true;
    s.dens.dirty = true;
    s.hot.dirty = true;
    s.hot.changed_ms = now_ms();
    // Category filter -> palette alpha (0 hides the slot). Codes sharing the "other" slot share its state.
    for (size_t code = 0; code < s.slot_of_code.size(); ++code) {
        int slot = s.slot_of_code[code];
        bool on = s.filter.category_on.empty() || s.filter.category_on[code];
        if (slot < kColourSlots - 1) s.slot_colour[static_cast<size_t>(slot)].w = on ? 0.85f : 0.0f;
    }
    if (s.legend_order.size() >= kColourSlots) {
        bool any_other_on = false;
        for (size_t k = kColourSlots - 1; k < s.legend_order.size(); ++k)
            any_other_on |= s.filter.category_on.empty() || s.filter.category_on[s.legend_order[k]];
        s.slot_colour[kColourSlots - 1].w = any_other_on ? 0.85f : 0.0f;
    }
}

namespace {
// A file the user opened or dropped that is a city pack (.cspack, .cspack.gz), not a CSV.
bool is_pack_file(const std::string& path) {
    auto ends = [&](const char* e) { const size_t n = std::strlen(e); return path.size() >= n && path.compare(path.size() - n, n, e) == 0; };
    return ends(".cspack") || ends(".cspack.gz");
}
}  // namespace

geocode::Geocoder* App::ingest_geocoder(std::string& name) {
    AppState& s = m_state;
    if (s.current_id == "user") {   // a user's file is shown: the pack's geocoder kept before it
        name = m_pack_geocoder_name;
        return m_pack_geocoder.get();
    }
    if (m_geocoder_job.valid()) {   // the open pack's, still building on another thread
        auto g = m_geocoder_job.get();
        if (!g) s.status = g.error().to_string();
        s.geocoder = std::make_unique<geocode::Geocoder>(g ? std::move(g.value()) : geocode::Geocoder{});
        m_geocoder_ms = now_ms() - m_opts.start_ms;
    }
    name = s.city ? s.city->display_name : std::string();
    return s.city ? s.geocoder.get() : nullptr;
}

void App::process_requests() {
    AppState& s = m_state;
    if (m_geocoder_job.valid() && m_geocoder_job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        auto g = m_geocoder_job.get();   // built on another thread by set_city
        if (!g) s.status = g.error().to_string();
        s.geocoder = std::make_unique<geocode::Geocoder>(g ? std::move(g.value()) : geocode::Geocoder{});
        m_geocoder_ms = now_ms() - m_opts.start_ms;
    }
    if (!s.req.load_pack_id.empty()) {
        std::string id = s.req.load_pack_id;
        s.req.load_pack_id.clear();
        const PackEntry* entry = nullptr;
        for (const auto& p : s.packs)
            if (p.id == id) entry = &p;
        if (!entry && data::pack_value_is_path(id)) {
            // A pack file by path (--pack FILE.cspack): read here, not fetched from the bundled list. It keeps
            // its own id (a copy of a bundled pack finds that pack's score model).
            const double t_load = now_ms();
            auto city = data::load_pack(id, kMaxIncidentsHeld);
            m_open_phases.assign(1, {"load pack", now_ms() - t_load});
            if (!city) {
                s.status = city.error().to_string();
            } else {
                s.status.clear();
                const std::string cid = city->id.empty() ? base_name(id) : city->id;
                set_city(std::make_shared<const data::CityData>(std::move(city.value())), cid);
            }
        } else if (!entry) {
            s.status = "no pack '" + id + "' in packs.json (a pack file is opened by its path, e.g. ./" + id + ".cspack)";
        } else {
            s.loading = true;
            platform::fetch_pack(entry->file, [this, id](const std::string& path, const std::string& err) {
                m_state.loading = false;
                if (!err.empty()) { m_state.status = err; return; }
                const double t_load = now_ms();
                auto city = data::load_pack(path, kMaxIncidentsHeld);
                m_open_phases.assign(1, {"load pack", now_ms() - t_load});
                if (!city) { m_state.status = city.error().to_string(); return; }
                m_state.status.clear();
                set_city(std::make_shared<const data::CityData>(std::move(city.value())), id);
            });
        }
    }
    if (!s.req.ingest_path.empty() && is_pack_file(s.req.ingest_path)) {   // "Open a file..." / a drop: a pack
        s.req.load_pack_id = s.req.ingest_path;
        s.req.ingest_path.clear();
    }
    if (!s.req.ingest_path.empty()) {
        std::string path = s.req.ingest_path;
        s.req.ingest_path.clear();
        std::shared_ptr<const data::Profile> chosen = std::move(s.req.ingest_profile);
        s.req.ingest_profile.reset();
        if (chosen && path != s.reading.path) chosen.reset();   // an edit applies only to the file it was made on
        // The user's saved readings first (they name the whole header, so they win detection), then the shipped ones.
        std::vector<data::Profile> all = s.saved_profiles;
        all.insert(all.end(), s.profiles.begin(), s.profiles.end());
        // A file with addresses and no coordinates is placed against the pack's geocoder (its block addresses; a
        // number between recorded blocks interpolated), as `crimescope-cli ingest FILE --geocode PACK` does. Looked
        // up on the first address only: other files never wait for a geocoder still building.
        std::string geocoded_against;
        data::Locator locate = [this, &geocoded_against, inner = data::Locator{}, tried = false](const std::string& a, geo::LatLon& at,
                                                                                               bool& approx) mutable {
            if (!tried) {
                tried = true;
                if (geocode::Geocoder* g = ingest_geocoder(geocoded_against)) inner = geocode::block_locator(*g);
            }
            return inner ? inner(a, at, approx) : false;
        };
        data::IngestOptions ingest_opts;
        ingest_opts.max_rows_kept = kMaxIncidentsHeld;
        auto r = data::ingest_file(path, all, chosen.get(), locate, ingest_opts);
        if (!r && chosen) {
            // A changed choice that the whole file refuses: the table read before stays, the editor says why.
            s.reading.error = r.error().message;
        } else if (r && chosen && r->table.size() == 0) {
            s.reading.error = "read with this choice, the file keeps no rows (" + r->report.summary() + "); the reading before stays";
        } else if (!r) {
            IngestReport rep;
            rep.file = base_name(path);
            s.last_report = rep;
            s.status = r.error().to_string();
            s.show_report = true;
            const int saving = s.reading.saving;   // a save in flight still answers
            s.reading = ReadingState{};
            s.reading.saving = saving;
        } else {
            if (!chosen) {   // a file opened (again): its own sample, even at the same path (the browser's /upload/NAME)
                auto sample = data::read_file_sample(path);
                s.reading.sample = sample ? std::make_shared<const data::FileSample>(std::move(sample.value())) : nullptr;
            }
            s.reading.path = path;
            s.reading.profile = r->profile;
            if (!chosen) s.reading.inferred = r->profile_inferred;
            s.reading.edited = chosen != nullptr;
            s.reading.error.clear();
            if (!chosen) s.reading.saved_note.clear();
            s.reading.geocoded = r->geocoded;
            s.reading.geocode = r->geocode;
            s.reading.geocoded_against = r->geocoded ? geocoded_against : std::string();
            r->report.file = base_name(path);
            for (auto& i : r->report.first_issues) i.file = base_name(path);
            s.last_report = r->report;
            s.show_report = true;
            s.status.clear();
            std::printf("ingest %s: %s\n", base_name(path).c_str(), r->report.summary().c_str());
            if (r->table.size() > 0) {
                auto city = std::make_shared<data::CityData>();
                city->id = "user";
                city->display_name = base_name(path);
                city->profile_id = r->profile_id;
                city->colour_by = r->profile.colour_by;
                city->disclaimer = r->profile.disclaimer;
                if (r->profile.time.precision == "month") city->extras["time_precision"] = "\"month\"";
                city->attribution = "Your file " + base_name(path) + " (read with " +
                                    (r->profile_inferred ? std::string("a profile inferred from its columns") : "profile '" + r->profile_id + "'") +
                                    "); it stays on this device.";
                city->source_files.push_back(base_name(path));
                data::sort_by_time(r->table);
                city->incidents = std::move(r->table);
                // Keep the current city's boundaries when the user's data falls in the same area.
                if (m_state.city) city->boundaries = m_state.city->boundaries;
                set_city(city, "user");
            }
        }
    }
    update_reading();
    if (s.req.recount) {
        s.req.recount = false;
        recount();
    }
    if (s.req.rescale && s.city) {
        s.req.rescale = false;
        s.score_scale = score::scale_for(*s.city, *s.geo_index, s.score_as_of, s.score_params);
        s.heat.dirty = true;
        s.request_rescore();
        if (s.pinned.valid) {
            s.pinned = score_card(s.pinned.at, s.pinned.label);
            request_model_estimate(s.pinned);
        }
    }
    if (s.req.score && s.city) {
        s.req.score = false;
        s.card = score_card(s.req.score_at, "A");
        request_model_estimate(s.card);
        s.show_score = true;
        std::printf("score %.6f,%.6f: S=%.6f count=%u percentile=%.1f\n", s.card.at.lat_deg, s.card.at.lon_deg,
                    s.card.result.score01, s.card.result.count, s.card.result.percentile);
    }
    if (s.req.search && s.geocoder) {
        s.req.search = false;
        s.searched_text = s.search_text;
        s.suggestions = s.search_text.size() >= 2 ? s.geocoder->search(s.search_text, 8) : std::vector<geocode::Match>{};
    }
    if (s.req.pick_suggestion >= 0 && s.geocoder) {
        const int k = s.req.pick_suggestion;
        s.req.pick_suggestion = -1;
        if (k < static_cast<int>(s.suggestions.size())) {
            // The match's own location and label: an interpolated address is not a stored place.
            const geocode::Match m = s.suggestions[static_cast<size_t>(k)];
            s.search_text = s.searched_text = m.label;   // no new search for the chosen name
            s.suggestions.clear();
            s.req.score = true;
            s.req.score_at = {m.lat_deg, m.lon_deg};
            s.req.fly_to = true;
            // Score now, so the card's label can carry the place name.
            s.req.score = false;
            s.card = score_card(s.req.score_at, m.label);
            request_model_estimate(s.card);
            s.show_score = true;
        }
    }
    if (s.heat.on && s.heat.dirty && s.city) update_heat();
    if (s.fc.show && s.city && (s.fc.dirty || !s.fc.built)) update_forecast();
    if (s.pat.show && s.city && s.pat.dirty) update_patterns();
    if (s.link.show) update_linkage();
    if (s.cls.show) update_classify();
    update_hotspots();
    if (!s.req.exports.empty()) run_exports(false);
}

void App::update_forecast() {
    AppState& s = m_state;
    auto& fc = s.fc;
    fc.dirty = false;
    if (!fc.built) {
        fc.built = true;
        fc.unavailable.clear();
        const auto& t = s.city->incidents;
        const data::BoundaryLayer* layer = nullptr;
        if (auto it = s.city->extras.find("monthly_counts"); it != s.city->extras.end()) {
            auto q = forecast::cube_from_tsv(it->second, s.city->id + " monthly counts");
            if (!q) { fc.unavailable = q.error().to_string(); return; }
            fc.cube = std::move(q.value());
            // A pack's stored cube says what it counts and which boundary layer draws its units
            // (extras["monthly_counts_meta"]: Chicago's five years by district); the CDMX pack's is its sectors.
            std::string layer_name = "sectores";
            fc.source = "crime type x police sector (SSP-CDMX monthly counts)";
            if (auto m = s.city->extras.find("monthly_counts_meta"); m != s.city->extras.end()) {
                auto meta = nlohmann::json::parse(m->second, nullptr, false);
                if (meta.is_object()) {
                    fc.source = meta.value("source", std::string("monthly counts stored in the pack"));
                    layer_name.clear();
                    if (meta.contains("units") && meta["units"].is_array() && !meta["units"].empty() && meta["units"][0].is_object())
                        layer_name = meta["units"][0].value("layer", std::string());
                }
            }
            for (const auto& b : s.city->boundaries)
                if (!layer_name.empty() && b.name == layer_name) layer = &b;
        } else {
            const char* fam = t.category("family") ? "family" : "type";
            const char* unit = nullptr;
            for (const char* u : {"precinct", "district", "area", "alcaldia", "neighbourhood"})
                if (t.category(u)) { unit = u; break; }
            if (!unit) { fc.unavailable = "this data has no zone column"; return; }
            fc.cube = forecast::cube_from_incidents(t, fam, unit);
            fc.source = std::string(fam) + " x " + unit + " (counted from the incidents)";
            for (const auto& b : s.city->boundaries)
                if ((std::string(unit) == "precinct" && b.name == "precincts") || (std::string(unit) == "district" && (b.name == "police_districts" || b.name == "lapd_divisions")) ||
                    (std::string(unit) == "area" && b.name == "lapd_divisions"))
                    layer = &b;
        }
        if (fc.cube.n_months < 14) {
            fc.unavailable = "the forecast needs at least 14 months of data (this city has " + std::to_string(fc.cube.n_months) + ")";
            return;
        }
        // Where to draw each unit: its polygon's centroid (names normalised), else its incidents' centroid.
        const size_t nu = fc.cube.units.size();
        fc.unit_at.assign(nu, {});
        fc.unit_placed.assign(nu, 0);
        std::map<std::string, size_t> by_name;
        for (size_t u = 0; u < nu; ++u) by_name[forecast::normalise_unit_name(fc.cube.units[u])] = u;
        if (layer)
            for (const auto& poly : layer->polygons) {
                auto it = by_name.find(forecast::normalise_unit_name(poly.name));
                geo::LatLon c;
                if (it != by_name.end() && geo::polygon_centroid(poly.rings, c)) { fc.unit_at[it->second] = c; fc.unit_placed[it->second] = 1; }
            }
        for (const char* u : {"precinct", "district", "area", "alcaldia", "neighbourhood"}) {
            const auto* col = t.category(u);
            if (!col) continue;
            std::vector<double> la(nu, 0), lo(nu, 0), n(nu, 0);
            for (size_t r = 0; r < t.size(); ++r) {
                auto it = by_name.find(forecast::normalise_unit_name(col->value_at(r)));
                if (it == by_name.end()) continue;
                la[it->second] += t.lat_deg[r];
                lo[it->second] += t.lon_deg[r];
                n[it->second] += 1;
            }
            for (size_t k = 0; k < nu; ++k)
                if (!fc.unit_placed[k] && n[k] > 0) { fc.unit_at[k] = {la[k] / n[k], lo[k] / n[k]}; fc.unit_placed[k] = 1; }
            break;
        }
        fc.month = fc.cube.n_months;   // the next month, not yet observed
        fc.family = 0;
    }
    const auto& q = fc.cube;
    const int t = fc.month;
    fc.chosen = forecast::choose_default(q, t - 1);
    fc.f_default = forecast::forecast_month(q, t, forecast::Method::Default, fc.chosen);
    fc.f_paper = forecast::forecast_month(q, t, forecast::Method::PaperF);
    fc.f_last = forecast::forecast_month(q, t, forecast::Method::LastMonth);
    fc.metrics.clear();
    if (t < q.n_months) {
        const int y = (q.first_month + t) / 12, m = (q.first_month + t) % 12 + 1;
        const int days = days_in_month(y, m);
        for (auto meth : {forecast::Method::Default, forecast::Method::PaperF, forecast::Method::LastMonth, forecast::Method::SameMonthLastYear,
                          forecast::Method::MeanLast12, forecast::Method::NaiveBayes})
            fc.metrics.push_back({forecast::method_name(meth), forecast::evaluate(q, t, forecast::forecast_month(q, t, meth, fc.chosen), days)});
    }
}

void App::update_patterns() {
    AppState& s = m_state;
    auto& pt = s.pat;
    pt.dirty = false;
    if (pt.trained_mode != pt.mode || pt.trained_algorithm != pt.algorithm || pt.trained_min != pt.min_subset) {
        pt.unavailable.clear();
        auto maps = read_file_bytes(platform::asset_path("omega/families.json"));
        if (!maps) { pt.unavailable = maps.error().to_string(); return; }
        const std::string json(maps->begin(), maps->end());
        auto ps = omega::build_patterns(s.city->incidents, json, s.city->profile_id, pt.mode ? omega::ClassMode::Place : omega::ClassMode::Family);
        if (!ps) { pt.unavailable = "no CR-Ω+ class mapping for this data (" + ps.error().message + "); mappings exist for Houston, LAPD and Sacramento"; return; }
        auto j = nlohmann::json::parse(json, nullptr, false);
        pt.mapping_text = j[s.city->profile_id][pt.mode ? "place" : "family"].dump(1);
        pt.ps = std::move(ps.value());
        // As `crimescope-cli omega train`: the threshold scale chosen on the last fifth of the days, then one model
        // trained on every pattern (core omega::train_on_all).
        auto trained = omega::train_on_all(pt.ps, static_cast<omega::Algorithm>(pt.algorithm), pt.min_subset);
        pt.scale = trained.scale;
        pt.model = std::move(trained.model);
        pt.trained_mode = pt.mode;
        pt.trained_algorithm = pt.algorithm;
        pt.trained_min = pt.min_subset;
        pt.value.assign(static_cast<size_t>(pt.ps.n_features()), 1);
        const size_t zf = static_cast<size_t>(pt.ps.n_features() - 1), nz = pt.ps.values[zf].size();
        std::vector<double> la(nz, 0), lo(nz, 0), n(nz, 0);
        const auto& t = s.city->incidents;
        for (size_t i = 0; i < pt.ps.y.size(); ++i) {
            const uint32_t z = pt.ps.X[i * static_cast<size_t>(pt.ps.n_features()) + zf];
            la[z] += t.lat_deg[pt.ps.row[i]];
            lo[z] += t.lon_deg[pt.ps.row[i]];
            n[z] += 1;
        }
        pt.zone_at.assign(nz, {});
        for (size_t z = 0; z < nz; ++z)
            if (n[z] > 0) pt.zone_at[z] = {la[z] / n[z], lo[z] / n[z]};
    }
    std::vector<uint32_t> p(pt.value.begin(), pt.value.end());
    pt.prediction = omega::classify(pt.model, p.data());
}

void App::apply_start_options() {
    AppState& s = m_state;
    m_start_applied = true;
    bool rescale = false;
    if (m_opts.radius_m > 0) { s.score_params.radius_m = m_opts.radius_m; rescale = true; }
    if (m_opts.window_days > 0) { s.score_params.window_days = m_opts.window_days; rescale = true; }
    if (!m_opts.as_of.empty()) {
        DateTime dt;
        if (parse_datetime(m_opts.as_of, "%Y-%m-%d", dt)) {
            s.score_as_of = std::clamp(dt.day, s.day_first, s.day_last);
            rescale = true;
        } else {
            s.status = "--as-of: not a date YYYY-MM-DD (\"" + m_opts.as_of + "\")";
        }
    }
    if (rescale) s.score_scale = score::scale_for(*s.city, *s.geo_index, s.score_as_of, s.score_params);
    if (!std::isnan(m_opts.lat) && !std::isnan(m_opts.lon)) {
        s.req.score = true;
        s.req.score_at = {m_opts.lat, m_opts.lon};
        if (s.phone) s.req.fly_to = true;   // phone: the linked place centred at street zoom
    }
    s.heat.on = m_opts.heat;
    if (m_opts.view == "forecast") s.fc.show = true;
    if (m_opts.view == "patterns") s.pat.show = true;
    if (m_opts.view == "linkage") s.link.show = true;
    if (m_opts.view == "classify") s.cls.show = true;
    if (m_opts.view == "hotspots") s.hot.show = true;
    for (int a = 0; a < kHotspotAnalyses; ++a)
        if (m_opts.hotspots == hotspot_analysis_id(static_cast<HotspotAnalysis>(a))) s.hot.analysis = static_cast<HotspotAnalysis>(a);
    for (size_t k = 0; k < linkage_sets().size(); ++k)
        if (m_opts.link_set == linkage_sets()[k].folder) s.link.set_index = static_cast<int>(k);
    // The analyst's own set: a folder or CSV path (desktop), or a set kept in this browser (own-...).
    if (m_opts.link_set.find_first_of("/.") != std::string::npos) s.link.open_dir = m_opts.link_set;
    else if (m_opts.link_set.rfind("own-", 0) == 0) s.link.restore_key = m_opts.link_set;
}

ScoreCard App::score_card(geo::LatLon at, const std::string& label) const {
    const AppState& s = m_state;
    ScoreCard c;
    c.valid = true;
    c.label = label;
    c.at = at;
    c.as_of_day = s.score_as_of;
    c.params = s.score_params;
    c.count_max = s.score_scale.count_max;
    c.place = score::place_card(*s.city, *s.geo_index, *s.coverage, s.score_scale, at, s.score_as_of);
    c.result = c.place.score;
    c.features = score::knn_features(s.city->incidents, *s.geo_index, at, s.score_as_of);
    return c;
}

void App::request_model_estimate(ScoreCard& c) {
    AppState& s = m_state;
    c.serial = ++s.card_serial;
    if (!s.score_model.available) return;
    c.model_pending = true;
    std::vector<float> x(c.features.begin(), c.features.end());
    const int serial = c.serial;
    platform::run_model(s.score_model.file, x, {1, score::kFeatureCount}, [this, serial](const std::vector<float>& y, const std::string& err) {
        for (ScoreCard* card : {&m_state.card, &m_state.pinned}) {
            if (card->serial != serial) continue;   // a newer click replaced this card
            card->model_pending = false;
            card->model_valid = err.empty() && !y.empty();
            card->model_score01 = card->model_valid ? y[0] : 0;
            card->model_error = err;
            if (!err.empty()) std::fprintf(stderr, "model: %s\n", err.c_str());
        }
    });
}

void App::load_score_model_info() {
    AppState& s = m_state;
    s.score_model = ScoreModelInfo{};
    if (s.current_id == "user") return;
    std::string stem = "score_mlp_" + s.current_id;
    auto bytes = read_file_bytes(platform::models_path(stem + ".json"));
    if (!bytes) return;
    // A hostile or broken sidecar is said on the status line and the model is not used (score/mlp_sidecar).
    auto side = score::parse_mlp_sidecar(std::string(bytes->begin(), bytes->end()), stem + ".json");
    if (!side) {
        s.status = side.error().to_string();
        return;
    }
    s.score_model.available = true;
    s.score_model.file = stem + ".onnx";
    s.score_model.test_l1 = side->test_l1_mlp;
    s.score_model.test_period = side->test_period;
}

void App::update_heat() {
    AppState& s = m_state;
    s.heat.dirty = false;
    const double t0 = now_ms();
    const auto& t = s.city->incidents;
    // The filters' types and hours, over the score window ending at the score date.
    data::Filter f = s.filter;
    const index::DayRange w = score::window_of(s.score_as_of, s.score_params.window_days);
    f.day_min = w.first;
    f.day_max = w.last;
    std::vector<uint32_t> rows;
    const density::RowRange span = density::rows_in_days(t, f.day_min, f.day_max, s.days_sorted);   // the window only
    for (size_t i = span.first; i < span.last; ++i)
        if (f.accepts(t, s.colour_col, i)) rows.push_back(static_cast<uint32_t>(i));
    s.heat.grid = score::heat_grid(t, rows, s.score_params.radius_m, robust_bbox(t), 256, 256);
    s.heat.count_max = s.score_scale.count_max;
    s.heat.texture = m_renderer.upload_heat(s);
    s.timings.heat_ms = now_ms() - t0;
}

void App::update_density() {
    AppState& s = m_state;
    DensityState& d = s.dens;
    if (!s.city || !s.point_index) {
        d.on = false;
        return;
    }
    const double fbpc = ImGui::GetIO().DisplayFramebufferScale.x * s.css_px();   // framebuffer px per CSS px
    const double side = density::bin_side_for(s.camera.px_per_unit, DensityState::kBinCssPx * fbpc);
    // The view in absolute Web Mercator units (the bins' frame).
    double ax, ay, bx, by;
    s.camera.screen_to_map(0, 0, s.fb_width, s.fb_height, ax, ay);
    s.camera.screen_to_map(s.fb_width, s.fb_height, s.fb_width, s.fb_height, bx, by);
    const density::Box view{std::min(ax, bx) + s.origin_x, std::min(ay, by) + s.origin_y, std::max(ax, bx) + s.origin_x,
                            std::max(ay, by) + s.origin_y};
    const density::Box built = d.grid.box();
    const bool covered = d.grid.nx > 0 && view.x_min >= built.x_min && view.x_max <= built.x_max && view.y_min >= built.y_min &&
                         view.y_max <= built.y_max;
    if (d.dirty || side != d.grid.side || !covered) {
        // The view and one view around it: panning within it and zooming within a step cost nothing.
        density::BinParams p;
        p.side = side;
        p.region = density::Box{view.x_min - view.width(), view.y_min - view.height(), view.x_max + view.width(), view.y_max + view.height()};
        p.rows_sorted_by_day = s.days_sorted;
        const double t0 = now_ms();
        d.grid = density::bin_filtered(s.city->incidents, s.colour_col, s.filter, s.point_index->xy(), p);
        d.ranked.clear();
        for (uint32_t n : d.grid.counts)
            if (n) d.ranked.push_back(n);
        std::sort(d.ranked.begin(), d.ranked.end());
        d.build_ms = s.timings.density_ms = now_ms() - t0;
        d.dirty = false;
        d.texture = m_renderer.upload_density(s);
    }
    d.in_view = d.grid.count_in(view);
    const double view_css_px2 = (s.fb_width / fbpc) * (s.fb_height / fbpc);
    const bool wanted = density::density_wanted(d.in_view, view_css_px2, d.on);
    d.on = d.mode == DensityMode::Density || (d.mode == DensityMode::Auto && wanted);
    const geo::LatLon c = geo::from_mercator(geo::Merc{0.5 * (view.x_min + view.x_max), 0.5 * (view.y_min + view.y_max)});
    d.bin_m = side * geo::mercator_metres_per_unit(c.lat_deg);
}

void App::handle_map_input() {
    AppState& s = m_state;
    ImGuiIO& io = ImGui::GetIO();
    const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
    const double mx = io.MousePos.x * sx, my = io.MousePos.y * sy;
    if (s.req.fit_view && s.city) {
        s.req.fit_view = false;
        geo::BBox bb = robust_bbox(s.city->incidents);
        if (!bb.empty() && s.phone) {
            // Phone: the data's extent in the part of the screen between the search bar and the sheet.
            geo::Merc a = geo::to_mercator({bb.lat_max_deg, bb.lon_min_deg}), b = geo::to_mercator({bb.lat_min_deg, bb.lon_max_deg});
            const double fbpc = sx * s.css_px();
            const double top = (s.top_bar_css > 0 ? s.top_bar_css : 60) * fbpc, bottom = (s.sheet_css > 0 ? s.sheet_css : 70) * fbpc;
            const int free_h = std::max(100, static_cast<int>(s.fb_height - top - bottom));
            s.camera.fit(a.x - s.origin_x, a.y - s.origin_y, b.x - s.origin_x, b.y - s.origin_y, s.fb_width, free_h, 0.04);
            s.camera.centre_y -= ((top + (s.fb_height - bottom)) * 0.5 - s.fb_height * 0.5) / s.camera.px_per_unit;
        } else if (!bb.empty()) {
            geo::Merc a = geo::to_mercator({bb.lat_max_deg, bb.lon_min_deg}), b = geo::to_mercator({bb.lat_min_deg, bb.lon_max_deg});
            // Leave room for the side panel on the left.
            int panel = static_cast<int>(330 * s.ui_scale);
            s.camera.fit(a.x - s.origin_x, a.y - s.origin_y, b.x - s.origin_x, b.y - s.origin_y, std::max(100, s.fb_width - panel), s.fb_height);
            s.camera.centre_x -= panel * 0.5 / s.camera.px_per_unit;
        }
    }
    if (s.link.want_fit_map && !s.link.loading && s.link.cs.size() > 0) {   // a lat/lon case set: the map on its cases
        s.link.want_fit_map = false;
        const auto& cs = s.link.cs;
        geo::BBox bb;
        for (size_t i = 0; i < cs.size(); ++i) {
            double lat, lon;
            linkage::latlon_of(cs, cs.x[i], cs.y[i], lat, lon);
            bb.extend(lat, lon);
        }
        geo::Merc a = geo::to_mercator({bb.lat_max_deg, bb.lon_min_deg}), b = geo::to_mercator({bb.lat_min_deg, bb.lon_max_deg});
        // Between the side panel (left) and the docked linkage window (right).
        const double left = 330.0 * s.ui_scale * sx;
        const double right = s.fb_width - (LinkageState::dock_width(io.DisplaySize.x, s.ui_scale) + 20) * sx;
        const int w = static_cast<int>(std::max(100.0, right - left));
        s.camera.fit(a.x - s.origin_x, a.y - s.origin_y, b.x - s.origin_x, b.y - s.origin_y, w, s.fb_height, 0.08);
        s.camera.centre_x -= ((left + right) * 0.5 - s.fb_width * 0.5) / s.camera.px_per_unit;
    }
    if (s.req.fly_to) {
        s.req.fly_to = false;
        geo::Merc m = geo::to_mercator(s.req.score_at);
        s.camera.centre_x = m.x - s.origin_x;
        s.camera.centre_y = m.y - s.origin_y;
        // About 3 km across the screen (phone: 1 km, the place centred between the search bar and the sheet);
        // never zooms out.
        const double across_m = s.phone ? 1000.0 : 3000.0;
        s.camera.px_per_unit = std::max(s.camera.px_per_unit, s.fb_width / (across_m / geo::mercator_metres_per_unit(s.req.score_at.lat_deg)));
        if (s.phone) {
            const double fbpc = sx * s.css_px();
            const double top = s.top_bar_css * fbpc, bottom = s.sheet_css * fbpc;
            s.camera.centre_y -= ((top + (s.fb_height - bottom)) * 0.5 - s.fb_height * 0.5) / s.camera.px_per_unit;
        }
    }
    apply_gestures();
    // Phone: a tap scores the place once no second tap follows (a double tap zooms in instead).
    if (m_tap_pending && now_ms() - m_tap_ms > kDoubleTapMs) {
        m_tap_pending = false;
        s.req.score = true;
        s.req.score_at = s.map_at(m_tap_at);
        s.req.fly_to = true;
    }
    s.hovered_row = -1;
    s.hovered_area.clear();
    if (io.WantCaptureMouse || !s.city || !ImGui::IsMousePosValid()) return;
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, s.phone ? 10.0f * s.css_px() : 4.0f)) {
        s.camera.pan_px(io.MouseDelta.x * sx, io.MouseDelta.y * sy);
    }
    if (io.MouseWheel != 0) s.camera.zoom_about(std::pow(1.2, io.MouseWheel), mx, my, s.fb_width, s.fb_height);
    // A click (press and release without dragging) scores the place under the cursor.
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
        const float slop = s.phone ? 10.0f * s.css_px() : 4.0f;   // a finger moves a little during a tap
        if (m_cancel_tap) {
            m_cancel_tap = false;   // the press became a pinch
        } else if (d.x * d.x + d.y * d.y < slop * slop && !linkage_map_click(io.MousePos)) {
            if (!s.phone) {
                s.req.score = true;
                s.req.score_at = s.map_at(io.MousePos);
            } else if (m_tap_pending && now_ms() - m_tap_ms <= kDoubleTapMs &&
                       std::hypot(io.MousePos.x - m_tap_at.x, io.MousePos.y - m_tap_at.y) < 40 * s.css_px()) {
                m_tap_pending = false;   // double tap: zoom in about the finger
                s.camera.zoom_about(2.0, mx, my, s.fb_width, s.fb_height);
            } else {
                m_tap_pending = true;
                m_tap_ms = now_ms();
                m_tap_at = io.MousePos;
            }
        }
    }
    // Hover: the nearest visible point within a few pixels.
    double wx, wy;
    s.camera.screen_to_map(mx, my, s.fb_width, s.fb_height, wx, wy);
    const double radius_px = 6.0 * s.ui_scale + s.point_px * 0.5;
    for (uint32_t row : s.point_index->nearest(wx + s.origin_x, wy + s.origin_y, 48)) {
        double px, py;
        s.camera.map_to_screen(s.point_index->x(row) - s.origin_x, s.point_index->y(row) - s.origin_y, s.fb_width, s.fb_height, px, py);
        if (std::hypot(px - mx, py - my) > radius_px) break;
        if (s.filter.accepts(s.city->incidents, s.colour_col, row)) {
            s.hovered_row = static_cast<int>(row);
            break;
        }
    }
    if (s.area_lookup) {
        geo::LatLon ll = geo::from_mercator(geo::Merc{wx + s.origin_x, wy + s.origin_y});
        int k = s.area_lookup->find(ll);
        if (k >= 0) s.hovered_area = s.city->boundaries.front().polygons[static_cast<size_t>(k)].name;
    }
}

void App::choose_layout() {
    AppState& s = m_state;
    const float w_css = ImGui::GetIO().DisplaySize.x / s.css_px();
    const bool phone = s.force_layout == "phone" || (s.force_layout != "desktop" && (w_css < 700 || s.touch_only));
    if (phone != s.phone) {
        s.phone = phone;
        s.menu_open = s.sheet_expanded = false;
        if (s.city) s.req.fit_view = true;
    }
    ImGui::GetStyle() = phone ? m_style_phone : m_style_desktop;
}

void App::apply_gestures() {
    AppState& s = m_state;
    if (s.phone && s.tool_open()) {   // a tool window covers the map: a pinch on it must not move the map behind
        m_gestures.clear();
        return;
    }
    const double fbpc = ImGui::GetIO().DisplayFramebufferScale.x * s.css_px();
    for (const auto& g : m_gestures) {
        if (g.cancel_tap) {
            m_cancel_tap = true;
            m_tap_pending = false;
            continue;
        }
        // The map point under the fingers' midpoint follows it, and the zoom keeps it fixed.
        s.camera.pan_px(g.dx_css * fbpc, g.dy_css * fbpc);
        if (g.factor > 0 && std::isfinite(g.factor))
            s.camera.zoom_about(g.factor, g.x_css * fbpc, g.y_css * fbpc, s.fb_width, s.fb_height);
    }
    m_gestures.clear();
}

void App::page_command(const std::string& cmd, const std::string& arg) {
    AppState& s = m_state;
    if (cmd == "search") {
        s.search_text = arg;
    } else if (cmd == "pick") {
        s.req.pick_suggestion = std::atoi(arg.c_str());
    } else if (cmd == "menu") {
        s.menu_open = !s.menu_open;
    } else if (cmd == "lang") {
        Lang l;
        if (parse_lang(arg, l)) set_lang(l);
    } else if (cmd == "escape") {
        s.menu_open = false;
        s.sheet_expanded = false;
    }
}

bool App::user_layer_dropped(const std::string& path) {
    auto ends = [&](const char* e) {
        const size_t n = std::strlen(e);
        if (path.size() < n) return false;
        for (size_t i = 0; i < n; ++i)
            if (std::tolower(static_cast<unsigned char>(path[path.size() - n + i])) != e[i]) return false;
        return true;
    };
    if (!ends(".geojson") && !(ends(".json") && !m_state.link.show)) return false;
    auto bytes = read_file_bytes(path);
    if (!bytes) return false;
    const std::string text(bytes->begin(), bytes->end());
    if (text.find("FeatureCollection") == std::string::npos) return false;   // a linkage schema or another JSON
    auto st = load_user_layer(m_state, path);
    if (!st) {
        m_state.status = st.error().to_string();
        return true;
    }
    m_state.status.clear();
    if (!platform::has_file_browser()) {   // browser: keep the layer in IndexedDB, reloaded at the next start
        const std::string name = base_name(path);
        AppState* st_ptr = &m_state;
        m_state.layers_saving += 2;   // the layer, then the list (the page's state says when both are stored)
        platform::save_user_data("layer:" + name, text, [st_ptr](const std::string& err) {
            if (!err.empty()) std::fprintf(stderr, "layer: %s\n", err.c_str());
            --st_ptr->layers_saving;
        });
        // The list is kept here (read once at start) and written whole: two layers dropped at once both stay.
        if (std::find(m_layer_names.begin(), m_layer_names.end(), name) == m_layer_names.end()) m_layer_names.push_back(name);
        std::string list;
        for (const auto& n : m_layer_names) list += (list.empty() ? "" : "\n") + n;
        platform::save_user_data("layers", list, [st_ptr](const std::string&) { --st_ptr->layers_saving; });
    }
    return true;
}

void App::restore_user_layers() {
    platform::load_user_data("layers", [this](const std::string& list, const std::string& err) {
        if (!err.empty()) { m_state.status = "your layers could not be read: " + err; return; }
        if (list.empty()) return;
        size_t a = 0;
        while (a < list.size()) {
            size_t b = list.find('\n', a);
            if (b == std::string::npos) b = list.size();
            const std::string name = list.substr(a, b - a);
            a = b + 1;
            if (name.empty() || name.find('/') != std::string::npos) continue;
            if (std::find(m_layer_names.begin(), m_layer_names.end(), name) == m_layer_names.end()) m_layer_names.push_back(name);
            platform::load_user_data("layer:" + name, [this, name](const std::string& text, const std::string& e) {
                if (!e.empty()) { m_state.status = "your layer " + name + " could not be read: " + e; return; }
                if (text.empty()) return;
                // The file keeps the layer's name (load_user_layer names a layer after its file).
                ::mkdir("/tmp/layers", 0755);
                const std::string path = "/tmp/layers/" + name;
                if (!write_file_atomic(path, text)) return;
                auto st = load_user_layer(m_state, path);
                if (!st) {
                    m_state.status = "your layer " + name + " could not be read: " + st.error().to_string();
                    set_aside_user_data("layer:" + name, text, [this, name](const std::string& aside, const std::string& err2) {
                        if (!err2.empty()) { m_state.status += "; could not be kept aside: " + err2; return; }
                        m_state.status += "; kept as " + aside;
                        // Out of the list, so that the next start does not read (and keep) it again.
                        std::erase(m_layer_names, name);
                        std::string rest;
                        for (const auto& n : m_layer_names) rest += (rest.empty() ? "" : "\n") + n;
                        platform::save_user_data("layers", rest, nullptr);
                    });
                }
            });
        }
    });
}

void App::collect_windows() {
    // Every ImGui window drawn this frame (not child windows), in CSS px.
    m_windows.clear();
    const float css = m_state.css_px();
    for (ImGuiWindow* w : GImGui->Windows) {
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_ChildWindow)) continue;
        std::string name = w->Name;
        if (name.rfind("Debug##", 0) == 0) continue;
        if (size_t k = name.find("##"); k != std::string::npos && k > 0) name.resize(k);   // "##Tooltip_00" stays
        m_windows.push_back({name, w->Pos.x / css, w->Pos.y / css, w->Size.x / css, w->Size.y / css});
    }
}

void App::frame() {
    m_frame_start = now_ms();
    AppState& s = m_state;
    platform::framebuffer_size(s.fb_width, s.fb_height);
    choose_layout();
    if (s.search_text != s.searched_text) s.req.search = true;   // typed in the page's search box too
    process_requests();
    handle_map_input();
    update_density();
    const double t_draw = now_ms();
    m_renderer.draw(s);
    m_gl_draw_ms = now_ms() - t_draw;
    s.min_target_css = 0;
    ImFont* font = s.phone && m_font_phone ? m_font_phone : m_font_desktop;
    if (font) ImGui::PushFont(font);
    s.font_css = ImGui::GetFontSize() / s.css_px();
    draw_base_labels(s);
    if (s.phone) {
        draw_phone(s);
    } else {
        draw_sidebar(s);
        draw_legend(s);
        draw_hover(s);
        draw_score(s);
    }
    draw_ingest(s);
    draw_save_as(s);
    draw_about(s);
    draw_forecast(s);
    draw_patterns(s);
    draw_linkage(s);
    draw_classify(s);
    draw_hotspots(s);
    if (!s.phone) {   // desktop: the smallest buttons are ImGui's small buttons (the text's height)
        s.min_target_css = ImGui::GetFontSize() / s.css_px();
    }
    if (font) ImGui::PopFont();
    collect_windows();
    // The card in words for screen readers (the page's aria-live region), when it changes.
    // Built when the card or the language changes, not every frame.
    const std::string words_key = s.card.valid ? std::to_string(s.card.serial) + lang_code() + std::to_string(s.day_last) : "";
    if (words_key != m_announced_key) {
        m_announced_key = words_key;
        m_card_words = s.card.valid ? card_words(s, s.card).all() : "";
    }
    const std::string& words = m_card_words;
    if (words != m_announced) {
        m_announced = words;
        s.card_text = words;
        platform::announce(words);
    }
    publish();
}

void App::note_frame_time(double ms) {
    // The state's frame_ms: the mean of the last 60 frames (updated once per 60, so the page's state does not
    // change every frame).
    m_frame_ms_sum += ms;
    m_frame_ms_max = std::max(m_frame_ms_max, ms);
    if (++m_frame_ms_n >= 60) {
        m_state.timings.frame_ms = m_frame_ms_sum / m_frame_ms_n;
        m_frame_ms_sum = m_frame_ms_max = 0;
        m_frame_ms_n = 0;
    }
}

void App::after_render() {
    ++m_frame;
    note_frame_time(now_ms() - m_frame_start);
    if (m_state.city && m_state.timings.open_ms == 0 && !m_state.loading) {
        m_state.timings.open_ms = now_ms() - (m_opts.start_ms > 0 ? m_opts.start_ms : m_start_ms);
        if (m_state.timings.open_ms <= 0) m_state.timings.open_ms = 1e-3;
        m_open_cpu_ms = static_cast<double>(std::clock()) * 1000.0 / CLOCKS_PER_SEC;   // process CPU since start
    }
    if (m_opts.bench_app) {   // times its own frames and exits when done (--frames and --seconds are ignored)
        if (m_bench_app_stage < 3) bench_app_step();
        return;
    }
    if (m_opts.bench_points > 0 && m_renderer.point_count() >= static_cast<size_t>(m_opts.bench_points)) {
        double cpu = now_ms() - m_frame_start;
        if (m_frame > 30) {   // skip warm-up frames
            m_bench_app_ms_sum += cpu - m_gl_draw_ms;
            m_bench_cpu_ms_sum += cpu;
            m_bench_cpu_ms_max = std::max(m_bench_cpu_ms_max, cpu);
            ++m_bench_frames;
        }
    }
    if (m_start_ms == 0) m_start_ms = now_ms();
    const bool frames_done = m_opts.exit_after_frames > 0 && m_frame >= m_opts.exit_after_frames;
    const bool time_done = m_opts.exit_after_seconds > 0 && now_ms() - m_start_ms >= m_opts.exit_after_seconds * 1000;
    if (!m_state.req.exports.empty()) run_exports(true);   // pictures of the frame just drawn
    // --frames (tests): a hotspot analysis still running is waited for, at most 3 minutes, so that the state and
    // the screenshot show its result.
    const bool hot_pending = m_state.hot.show && (m_state.hot.busy || m_state.hot.dirty);
    if (frames_done && !time_done && hot_pending && now_ms() - m_start_ms < 180000) return;
    if (frames_done || time_done) {
        if (!m_opts.exports.empty()) {   // --export: the results as they stand at the end (tests)
            m_state.req.exports = m_opts.exports;
            run_exports(false);
            run_exports(true);
            for (const auto& e : m_state.exports_done)
                std::fprintf(e.error.empty() ? stdout : stderr, "export %s: %s\n", e.what.c_str(), e.error.empty() ? e.where.c_str() : e.error.c_str());
        }
        if (!m_opts.screenshot_path.empty()) {
            auto st = platform::save_screenshot(m_opts.screenshot_path, m_state.fb_width, m_state.fb_height);
            if (!st) std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str());
        }
        if (m_bench_frames > 0) {
            const double nf = static_cast<double>(m_bench_frames);
            std::printf("bench draw: %zu points (jittered copies, up to 200 m, of %s's points), %ld frames\n"
                        "  app CPU per frame (input, views, ImGui, no GL): mean %.3f ms\n"
                        "  whole frame incl. GL calls (ImGui + map draw, before swap): mean %.3f ms, max %.3f ms\n"
                        "  (the GL figure is GPU work when the driver is a software rasteriser such as llvmpipe)\n",
                        m_renderer.point_count(), m_state.city ? m_state.city->display_name.c_str() : "?", m_bench_frames,
                        m_bench_app_ms_sum / nf, m_bench_cpu_ms_sum / nf, m_bench_cpu_ms_max);
        }
        if (m_opts.print_state) std::printf("%s\n", state_json().c_str());
        std::fflush(stdout);
        platform::request_exit();
    }
}

void App::setup_bench() {
    // Jittered copies (up to 200 m) of the pack's points, so the GPU holds bench_points points.
    const AppState& s = m_state;
    const auto& t = s.city->incidents;
    if (t.size() == 0) return;
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> jitter(-1.0f, 1.0f);
    const size_t n = static_cast<size_t>(m_opts.bench_points);
    std::vector<float> xy(n * 2), attr(n * 3);
    double unit_m = geo::mercator_metres_per_unit(t.lat_deg[0]);
    float j = static_cast<float>(200.0 / unit_m);
    for (size_t i = 0; i < n; ++i) {
        size_t r = i % t.size();
        xy[2 * i] = static_cast<float>(s.point_index->x(r) - s.origin_x) + j * jitter(rng);
        xy[2 * i + 1] = static_cast<float>(s.point_index->y(r) - s.origin_y) + j * jitter(rng);
        attr[3 * i] = static_cast<float>(t.day[r] - s.day_first);
        attr[3 * i + 1] = static_cast<float>(t.minute_of_day[r]);
        attr[3 * i + 2] = s.colour_col ? static_cast<float>(s.slot_of_code[s.colour_col->codes[r]]) : 0.0f;
    }
    m_renderer.upload_points(xy, attr);
}

std::string App::state_json() const {
    const AppState& s = m_state;
    nlohmann::json j;
    j["city"] = s.current_id;
    j["display_name"] = s.city ? s.city->display_name : "";
    j["rows"] = s.city ? s.city->incidents.size() : 0;
    j["visible"] = s.counts.visible;
    j["loading"] = s.loading;
    j["status"] = s.status;
    j["day_min"] = s.filter.day_min == INT32_MIN ? "" : format_day(s.filter.day_min);
    j["day_max"] = s.filter.day_max == INT32_MAX ? "" : format_day(s.filter.day_max);
    j["hour_min"] = s.filter.hour_min;
    j["hour_max"] = s.filter.hour_max;
    j["scale"] = s.ui_scale;
    j["layout"] = s.phone ? "phone" : "desktop";
    j["lang"] = lang_code();
    j["menu_open"] = s.menu_open;
    j["tool_open"] = s.tool_open();
    {
        nlohmann::json ex = nlohmann::json::array();
        for (const auto& e : s.exports_done) ex.push_back({{"what", e.what}, {"where", e.where}, {"error", e.error}, {"bytes", e.bytes}});
        j["exports"] = ex;
    }
    j["layers_saving"] = s.layers_saving;
    j["sheet_expanded"] = s.sheet_expanded;
    {
        nlohmann::json w = nlohmann::json::array();
        for (const auto& r : m_windows)
            w.push_back({{"name", r.name}, {"x", std::round(r.x * 10) / 10}, {"y", std::round(r.y * 10) / 10},
                         {"w", std::round(r.w * 10) / 10}, {"h", std::round(r.h * 10) / 10}});
        j["windows"] = w;
        const ImVec2 fbs = ImGui::GetIO().DisplayFramebufferScale;
        const double fbpc = fbs.x * s.css_px();
        double cx = 0, cy = 0;
        s.camera.screen_to_map(s.fb_width * 0.5, s.fb_height * 0.5, s.fb_width, s.fb_height, cx, cy);
        const geo::LatLon c = geo::from_mercator(geo::Merc{cx + s.origin_x, cy + s.origin_y});
        j["camera"] = {{"lat_deg", c.lat_deg}, {"lon_deg", c.lon_deg},
                       {"m_per_css_px", geo::mercator_metres_per_unit(c.lat_deg) / s.camera.px_per_unit * fbpc},
                       {"css_w", s.fb_width / fbpc}, {"css_h", s.fb_height / fbpc}};
        j["ui"] = {{"font_css_px", std::round(s.font_css * 100) / 100}, {"min_target_css_px", std::round(s.min_target_css * 100) / 100}};
        j["base_layers"] = base_layers_state_json(s);
    }
    if (s.last_report) j["report"] = nlohmann::json::parse(data::report_json(*s.last_report));
    j["reading"] = reading_state_json();
    j["months_only"] = s.city && s.city->extras.count("time_precision") && s.city->extras.at("time_precision") == "\"month\"";
    if (s.card.valid) {
        const auto& r = s.card.result;
        const auto& pc = s.card.place;
        if (pc.covered) {
            j["score"] = {{"lat", s.card.at.lat_deg}, {"lon", s.card.at.lon_deg}, {"S", std::round(r.score01 * 1e6) / 1e6},
                          {"count", r.count}, {"percentile", std::round(r.percentile * 10) / 10},
                          {"radius_m", s.card.params.radius_m}, {"window_days", s.card.params.window_days},
                          {"as_of", format_day(s.card.as_of_day)}, {"covered", true}};
            nlohmann::json ratio = std::isfinite(pc.change.ratio) ? nlohmann::json(pc.change.ratio) : nlohmann::json();
            if (pc.change.comparable)
                j["score"]["change"] = {{"previous", pc.change.previous}, {"ratio", ratio}, {"significant", pc.change.significant},
                                        {"p_value", pc.change.p_value}, {"comparable", true}};
            else   // the data does not reach back over the window before
                j["score"]["change"] = {{"previous", nullptr}, {"ratio", nullptr}, {"significant", false}, {"comparable", false}};
        } else {   // outside the area the data covers: no score, the place still published
            j["score"] = {{"lat", s.card.at.lat_deg}, {"lon", s.card.at.lon_deg}, {"radius_m", s.card.params.radius_m},
                          {"window_days", s.card.params.window_days}, {"as_of", format_day(s.card.as_of_day)}, {"covered", false}};
        }
        j["score"]["text"] = s.card_text;
        if (s.card.model_valid) j["score"]["model_S"] = s.card.model_score01;
        j["score"]["model_pending"] = s.card.model_pending;
        if (!s.card.model_error.empty()) j["score"]["model_error"] = s.card.model_error;
    }
    j["heat"] = s.heat.on;
    {
        const auto& d = s.dens;
        const char* mode = d.mode == DensityMode::Points ? "points" : d.mode == DensityMode::Density ? "density" : "auto";
        j["density"] = {{"on", d.on}, {"bins", d.grid.occupied}, {"total", d.grid.total()}, {"in_view", d.in_view},
                        {"mode", mode}, {"bin_m", std::round(d.bin_m * 10) / 10}, {"max_count", d.grid.max_count}};
        auto ms = [](double v) { return std::round(v * 1000) / 1000; };
        j["timings"] = {{"open_ms", ms(s.timings.open_ms)}, {"recount_ms", ms(s.timings.recount_ms)}, {"heat_ms", ms(s.timings.heat_ms)},
                        {"frame_ms", ms(s.timings.frame_ms)}, {"density_ms", ms(s.timings.density_ms)},
                        {"memory_peak_mib", std::round(platform::memory_peak_mib() * 10) / 10}};
    }
    if (s.fc.show) {
        nlohmann::json f;
        f["unavailable"] = s.fc.unavailable;
        if (s.fc.built && s.fc.unavailable.empty()) {
            f["month"] = s.fc.cube.month_name(s.fc.month);
            f["family"] = s.fc.cube.families.empty() ? "" : s.fc.cube.families[static_cast<size_t>(s.fc.family)];
            f["default"] = s.fc.chosen.describe();
            f["units"] = s.fc.cube.units.size();
        }
        j["forecast"] = f;
    }
    if (s.pat.show) {
        nlohmann::json p;
        p["unavailable"] = s.pat.unavailable;
        if (s.pat.unavailable.empty() && s.pat.trained_mode >= 0) {
            p["class"] = s.pat.prediction.cls >= 0 ? s.pat.ps.classes[static_cast<size_t>(s.pat.prediction.cls)] : "not covered";
            p["scores"] = s.pat.prediction.score;
            const size_t zf = static_cast<size_t>(s.pat.ps.n_features() - 1);
            p["zone"] = s.pat.ps.values[zf][static_cast<size_t>(s.pat.value[zf])];
        }
        j["patterns"] = p;
    }
    if (s.link.show) j["linkage"] = linkage_state_json();
    if (s.hot.show) j["hotspots"] = hotspots_state_json();
    if (s.cls.show) j["classify"] = classify_state_json();
    nlohmann::json sug = nlohmann::json::array();
    if (s.geocoder)
        for (const auto& m : s.suggestions) sug.push_back(m.label);
    j["suggestions"] = sug;
    j["search"] = s.searched_text;
    nlohmann::json w = nlohmann::json::object();
    for (const auto& [name, r] : s.widget_rects) w[name] = {r.x, r.y, r.z, r.w};
    j["widgets"] = w;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);   // user files may hold invalid UTF-8: never throw
}

void App::publish() {
    if (!platform::state_is_published()) return;   // desktop: only --print-state reads it, once at exit
    std::string js = state_json();
    if (js != m_last_published) {
        m_last_published = js;
        platform::publish_state(js);
    }
}

}  // namespace crimescope::app
