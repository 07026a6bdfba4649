// app_hotspots.cpp: the Hotspots view's work (issue #19): the map's filtered incidents handed to core's hotspot
// toolkit (kde, gistar, emerging, near_repeat, concentration; forecast_grid: core forecast's grid forecast) as a job (jobs.hpp: a worker thread natively,
// between two frames in the browser), and what the state publishes of it. The view (view_hotspots.cpp) only sets
// parameters and draws the result.
#include <chrono>
#include <exception>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "data/export.hpp"
#include "forecast/grid_forecast.hpp"
#include "hotspot/emerging.hpp"
#include "hotspot/gistar.hpp"
#include "hotspot/kde.hpp"

namespace crimescope::app {

const char* hotspot_analysis_id(HotspotAnalysis a) {
    switch (a) {
        case HotspotAnalysis::Kde: return "kde";
        case HotspotAnalysis::GiStar: return "gistar";
        case HotspotAnalysis::Emerging: return "emerging";
        case HotspotAnalysis::NearRepeat: return "near_repeat";
        case HotspotAnalysis::Concentration: return "concentration";
        case HotspotAnalysis::ForecastGrid: return "forecast_grid";
    }
    return "";
}

struct HotspotOutcome {
    HotspotAnalysis analysis = HotspotAnalysis::GiStar;
    std::string error;
    size_t incidents = 0;
    double ms = 0;
    std::shared_ptr<const hotspot::CellLayer> layer;
    std::vector<uint32_t> emerging_counts;
    std::shared_ptr<const hotspot::NearRepeatResult> near;
    std::shared_ptr<const hotspot::Concentration> conc;
};

namespace {

struct HotspotRequest {
    HotspotAnalysis analysis;
    double cell_m, area_share;
    int permutations;
};

std::shared_ptr<HotspotOutcome> run_hotspots(const data::CityData& city, const data::ExportFilter& f,
                                                  const HotspotRequest& rq, JobControl& ctl) {
    auto out = std::make_shared<HotspotOutcome>();
    out->analysis = rq.analysis;
    const auto t0 = std::chrono::steady_clock::now();
    const auto& t = city.incidents;
    auto rows = data::select_rows(t, f);
    if (!rows) {
        out->error = rows.error().to_string();
        return out;
    }
    out->incidents = rows->size();
    auto fail = [&](const Error& e) {
        out->error = e.to_string();
        return out;
    };
    if (rq.analysis == HotspotAnalysis::NearRepeat) {
        hotspot::NearRepeatParams p;
        p.permutations = rq.permutations;
        auto r = hotspot::near_repeat(t, rows.value(), p, [&ctl](int done, int total) {
            ctl.progress = total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 0.f;
            return !ctl.cancelled();
        });
        if (!r) return fail(r.error());
        out->near = std::make_shared<const hotspot::NearRepeatResult>(std::move(r.value()));
    } else if (rq.analysis == HotspotAnalysis::Concentration) {
        hotspot::ConcentrationParams p;
        p.cell_m = rq.cell_m;
        auto r = hotspot::concentration(t, rows.value(), p);
        if (!r) return fail(r.error());
        out->conc = std::make_shared<const hotspot::Concentration>(std::move(r.value()));
    } else if (rq.analysis == HotspotAnalysis::ForecastGrid) {
        auto cube = forecast::grid_cube(t, rows.value(), rq.cell_m);
        if (!cube) return fail(cube.error());
        auto r = forecast::forecast_grid(cube.value(), rq.area_share);
        if (!r) return fail(r.error());
        out->layer = std::make_shared<const hotspot::CellLayer>(std::move(r->layer));
    } else {
        auto g = hotspot::grid_for_rows(t, rows.value(), rq.cell_m);
        if (!g) return fail(g.error());
        if (rq.analysis == HotspotAnalysis::Kde) {
            hotspot::KdeParams p;
            p.area_share = rq.area_share;
            auto r = hotspot::kde(g.value(), t, rows.value(), p);
            if (!r) return fail(r.error());
            out->layer = std::make_shared<const hotspot::CellLayer>(std::move(r.value()));
        } else if (rq.analysis == HotspotAnalysis::GiStar) {
            auto r = hotspot::gistar(g.value(), t, rows.value(), {});
            if (!r) return fail(r.error());
            out->layer = std::make_shared<const hotspot::CellLayer>(std::move(r.value()));
        } else {
            auto r = hotspot::emerging(g.value(), t, rows.value(), {});
            if (!r) return fail(r.error());
            out->emerging_counts = r->category_counts;
            out->layer = std::make_shared<const hotspot::CellLayer>(std::move(r->layer));
        }
    }
    ctl.progress = 1;
    out->ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return out;
}
}  // namespace

void App::update_hotspots() {
    AppState& s = m_state;
    auto& h = s.hot;
    if (h.cancel) {
        h.cancel = false;
        m_hot_job.cancel();
        h.error = "cancelled";
        h.dirty = false;
    }
    if (auto done = m_hot_job.poll()) {
        const HotspotOutcome& o = **done;
        h.done = o.analysis;
        h.error = o.error;
        h.incidents = o.incidents;
        h.compute_ms = o.ms;
        h.layer = o.layer;
        h.emerging_counts = o.emerging_counts;
        h.near = o.near;
        h.conc = o.conc;
        h.edge_x.clear();
        h.edge_y.clear();
        if (h.layer) {   // cell edges in map units: the grid is axis-aligned in lat / lon, so in Web Mercator too
            const auto& g = h.layer->grid;
            const geo::BBox b = g.box();
            for (int i = 0; i <= g.nx; ++i)
                h.edge_x.push_back(static_cast<float>(geo::to_mercator({b.lat_min_deg, g.lon0_deg + i * g.cell_m / g.m_per_deg_lon}).x - s.origin_x));
            for (int j = 0; j <= g.ny; ++j)
                h.edge_y.push_back(static_cast<float>(geo::to_mercator({g.lat0_deg + j * g.cell_m / g.m_per_deg_lat, b.lon_min_deg}).y - s.origin_y));
        }
    }
    h.busy = m_hot_job.running();
    h.busy_ms = h.busy ? m_hot_job.elapsed_ms() : 0;
    if (!h.show || !h.dirty || !s.city) return;
    // While a filter is being dragged every frame recounts: start once it has been still for 250 ms, and never
    // while a cancelled analysis still runs (one at a time in the background).
    if (clock_ms() - h.changed_ms < 250 || m_hot_job.dropped_running() > 0) return;
    h.dirty = false;
    data::ExportFilter f;   // the map's filter, as the incidents export applies it
    f.filter = s.filter;
    if (s.colour_col) f.category_role = s.colour_col->role;
    else f.filter.category_on.clear();
    const HotspotRequest rq{h.analysis, h.cell_m, h.area_share, h.permutations};
    m_hot_job.start(hotspot_analysis_id(h.analysis), [city = s.city, f, rq](JobControl& ctl) {
        try {
            return run_hotspots(*city, f, rq, ctl);
        } catch (const std::exception& e) {   // std::bad_alloc on a huge grid: an error, not the end of the app
            auto out = std::make_shared<HotspotOutcome>();
            out->analysis = rq.analysis;
            out->error = std::string("the analysis failed: ") + e.what() + " (try larger cells or fewer incidents)";
            return out;
        }
    });
    h.busy = true;
}

nlohmann::json App::hotspots_state_json() const {
    const auto& h = m_state.hot;
    nlohmann::json j;
    j["analysis"] = hotspot_analysis_id(h.analysis);
    j["busy"] = h.busy;
    j["error"] = h.error;
    j["incidents"] = h.incidents;
    j["compute_ms"] = std::round(h.compute_ms * 10) / 10;
    j["cell_m"] = h.cell_m;
    if (h.layer) {
        j["layer"] = h.layer->layer;
        j["cells"] = h.layer->cells.size();
        j["significant"] = h.layer->significant;
        auto classes = nlohmann::json::object();
        std::vector<size_t> n(h.layer->classes.size(), 0);
        for (uint8_t k : h.layer->klass)
            if (k < n.size()) ++n[k];
        for (size_t k = 0; k < n.size(); ++k) classes[h.layer->classes[k].name] = n[k];
        j["classes"] = classes;
    } else if (h.near) {
        j["layer"] = "near_repeat";
        j["cells"] = 0;
        size_t sig = 0;
        for (const auto& c : h.near->cells) sig += c.p <= 0.05 ? 1 : 0;
        j["significant"] = sig;   // band cells with p <= 0.05
        j["near_repeat"] = {{"incidents", h.near->incidents}, {"capped", h.near->capped}, {"pairs_near", h.near->pairs_near},
                            {"first_band_ratio", std::isfinite(h.near->at(0, 0).ratio) ? nlohmann::json(std::round(h.near->at(0, 0).ratio * 1000) / 1000) : nlohmann::json(nullptr)},
                            {"first_band_p", h.near->at(0, 0).p}};
    } else if (h.conc) {
        j["layer"] = "concentration";
        j["cells"] = 0;
        j["significant"] = 0;
        j["concentration"] = {{"places", h.conc->places}, {"crimes", h.conc->crimes}, {"gini", std::round(h.conc->gini * 1e4) / 1e4},
                              {"places_for_80", std::round(h.conc->places_for_80 * 1e4) / 1e4}};
    } else {
        j["layer"] = "";
        j["cells"] = 0;
        j["significant"] = 0;
    }
    return j;
}

}  // namespace crimescope::app
