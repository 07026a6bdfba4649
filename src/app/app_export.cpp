// app_export.cpp: results out as files (issue #14): the filtered incidents (CSV, GeoJSON; core's data/export
// with the map's filter), the score card (JSON: core's score/card_json plus the card's words and the model's
// estimate; PNG: the card's window), the forecast table (CSV: core's forecast/table_csv), the pattern view's
// memberships (CSV: omega/memberships_csv), the classifier's batch metrics (CSV: classify/metrics) and the map view (PNG:
// the window as drawn, with its legend, data note and attribution). Desktop: written atomically into the data
// folder's exports/; browser: a download (platform::export_file / export_png). The linkage view exports its
// own results (app_linkage.cpp).
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/card_text.hpp"
#include "app/i18n.hpp"
#include "data/export.hpp"
#include "classify/metrics.hpp"
#include "forecast/table_csv.hpp"
#include "omega/memberships_csv.hpp"
#include "platform/platform.hpp"
#include "score/card_json.hpp"

namespace crimescope::app {

std::string App::export_name(const std::string& what) const {
    const std::string city = m_state.current_id.empty() ? "crimescope" : m_state.current_id;
    return city + "-" + what;
}

void App::run_exports(bool after_render) {
    AppState& s = m_state;
    std::vector<std::string> later;
    for (const std::string& what : s.req.exports) {
        const bool png = what == "map.png" || what == "card.png";
        if (png != after_render) {   // text between frames, pictures once the frame is drawn
            later.push_back(what);
            continue;
        }
        ExportRecord rec;
        rec.what = what;
        // The path "Save as" chose (desktop), else the data folder's exports/<city>-<what>.
        std::string target = export_name(what);
        if (auto it = s.req.export_paths.find(what); it != s.req.export_paths.end()) {
            target = it->second;
            s.req.export_paths.erase(it);
        }
        std::string text;
        if (!s.city) {
            rec.error = "no data is open";
        } else if (what == "incidents.csv" || what == "incidents.geojson") {
            data::ExportFilter f;
            f.filter = s.filter;
            if (s.colour_col) f.category_role = s.colour_col->role;
            else f.filter.category_on.clear();
            auto rows = data::select_rows(s.city->incidents, f);
            if (!rows) rec.error = rows.error().to_string();
            else text = data::export_text(s.city->incidents, rows.value(), what == "incidents.csv" ? data::ExportFormat::Csv : data::ExportFormat::GeoJson);
        } else if (what == "card.json") {
            if (!s.card.valid) {
                rec.error = "no place is scored: tap or search a place first";
            } else {
                score::ScoreScale scale;
                scale.count_max = s.card.count_max;
                nlohmann::json j = score::card_json(*s.city, s.card.place, scale, s.card.params);
                const CardWords words = card_words(s, s.card);
                j["words"] = score::card_words_json(words, lang() == Lang::es ? score::CardLang::es : score::CardLang::en);
                if (lang() == Lang::es && !s.card.place.caveats_es.empty()) j["caveats"] = s.card.place.caveats_es;
                if (s.card.model_valid) j["model_score"] = std::round(s.card.model_score01 * 1e6) / 1e6;
                j["city_name"] = s.city->display_name;
                j["attribution"] = s.city->attribution;
                text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
            }
        } else if (what == "forecast.csv") {
            const auto& fc = s.fc;
            if (!fc.built || !fc.unavailable.empty() || fc.f_default.empty())
                rec.error = fc.unavailable.empty() ? "open the forecast view first" : fc.unavailable;
            else
                text = forecast::forecast_table_csv(fc.cube, fc.month, fc.f_default, fc.f_paper, fc.f_last, fc.chosen.describe());
        } else if (what == "patterns.csv") {
            const auto& pt = s.pat;
            if (pt.trained_mode < 0 || pt.ps.X.empty()) rec.error = pt.unavailable.empty() ? "open the pattern view first" : pt.unavailable;
            else text = omega::memberships_csv(pt.model, pt.ps);
        } else if (what == "classify.csv") {
            const auto& b = s.cls.batch;
            if (b.labelled == 0 || b.confusion.empty()) rec.error = "classify a labelled batch first";
            else text = classify::metrics_csv(s.cls.model.classes, b.confusion);
        } else if (what == "map.png") {
            rec.error = platform::export_png(target, s.fb_width, s.fb_height, 0, 0, 0, 0, rec.where);
        } else if (what == "card.png") {
            const WindowRect* card = nullptr;
            for (const auto& w : m_windows)
                if (w.name == "Crime score" || w.name == "Score card") card = &w;
            if (!s.card.valid || !card) {
                rec.error = "no score card is shown";
            } else {
                const double k = ImGui::GetIO().DisplayFramebufferScale.x * s.css_px();   // CSS px -> framebuffer px
                rec.error = platform::export_png(target, s.fb_width, s.fb_height, static_cast<int>(std::floor(card->x * k)),
                                                 static_cast<int>(std::floor(card->y * k)), static_cast<int>(std::ceil(card->w * k)),
                                                 static_cast<int>(std::ceil(card->h * k)), rec.where);
            }
        } else {
            rec.error = "unknown export '" + what + "' (incidents.csv, incidents.geojson, card.json, card.png, forecast.csv, patterns.csv, classify.csv, map.png)";
        }
        if (rec.error.empty() && !png) {
            rec.bytes = text.size();
            rec.error = platform::export_file(target, text, rec.where);
        }
        // A failure goes on the status line (drawn as an error); a success is shown under the Export buttons.
        if (!rec.error.empty()) s.status = "export failed: " + rec.error;
        s.exports_done.push_back(std::move(rec));
    }
    s.req.exports = std::move(later);
}

}  // namespace crimescope::app
