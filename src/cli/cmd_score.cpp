// cmd_score: the crime score card for a point (the numbers the app's score card shows, from score::place_card):
// coverage, the count and score, the change against the window before with its exact test, the caveats.
//   crimescope-cli score --pack houston --lat 29.7604 --lon -95.3698 [--radius 200] [--window 365] [--as-of DATE] [--json]
// A place outside the area the pack covers is an answer ("covered": false, exit 0), not an error.
#include <cmath>
#include <ctime>
#include <cstdio>
#include <string>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "commands.hpp"
#include "data/pack.hpp"
#include "score/knn_features.hpp"
#include "score/place_card.hpp"
#include "score/card_json.hpp"
#include "score/card_words.hpp"
#include "score/radius_score.hpp"
#ifdef CRIMESCOPE_HAVE_ORT
#include <sys/stat.h>

#include "infer/model_runner.hpp"
#endif

namespace crimescope::cli {

void register_score(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("score", "Crime score S at a point: count within radius over the window, percentile, CI, breakdowns");
    static std::string pack, as_of, today, lang = "en";
    static double lat = NAN, lon = NAN;
    static score::RadiusScoreParams params;
    static bool as_json = false;
    cmd->add_option("--pack", pack, "pack id in assets/packs (houston, chicago, ...) or a .cspack path")->required();
    cmd->add_option("--lat", lat, "latitude, degrees")->required();
    cmd->add_option("--lon", lon, "longitude, degrees")->required();
    cmd->add_option("--radius", params.radius_m, "radius, metres")->capture_default_str();
    cmd->add_option("--window", params.window_days, "window, days up to and including --as-of")->capture_default_str();
    cmd->add_option("--as-of", as_of, "date YYYY-MM-DD (default: the newest day in the data)");
    cmd->add_flag("--json", as_json, "print JSON");
    cmd->add_option("--lang", lang, "language of the card's sentences (text output): en or es")->capture_default_str();
    cmd->add_option("--today", today, "date YYYY-MM-DD the data's age is counted to (default: the system clock)");
    cmd->callback([&ctx] {
        auto resolved = data::resolve_pack_path(pack, ctx.assets_dir + "/packs");
        if (!resolved) { std::fprintf(stderr, "error: %s\n", resolved.error().to_string().c_str()); ctx.exit_code = resolved.error().kind == ErrorKind::Invalid ? 2 : 1; return; }
        const std::string path = resolved.value();
        auto city = data::load_pack(path);
        if (!city) { std::fprintf(stderr, "error: %s\n", city.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& t = city->incidents;
        if (t.size() == 0) { std::fprintf(stderr, "error: %s has no incidents\n", path.c_str()); ctx.exit_code = 1; return; }
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) { std::fprintf(stderr, "error: --lat/--lon out of range\n"); ctx.exit_code = 2; return; }
        if (!(params.radius_m > 0 && params.radius_m <= 20000) || params.window_days < 1) { std::fprintf(stderr, "error: radius must be in (0, 20000] m and window >= 1 day\n"); ctx.exit_code = 2; return; }
        int32_t day = t.day.back();
        if (!as_of.empty()) {
            DateTime dt;
            if (!parse_datetime(as_of, "%Y-%m-%d", dt)) { std::fprintf(stderr, "error: --as-of: not a date YYYY-MM-DD (\"%s\")\n", as_of.c_str()); ctx.exit_code = 2; return; }
            day = dt.day;
        }
        if (lang != "en" && lang != "es") { std::fprintf(stderr, "error: --lang: en or es (\"%s\")\n", lang.c_str()); ctx.exit_code = 2; return; }
        int32_t today_day = static_cast<int32_t>(std::time(nullptr) / 86400);
        if (!today.empty()) {
            DateTime dt;
            if (!parse_datetime(today, "%Y-%m-%d", dt)) { std::fprintf(stderr, "error: --today: not a date YYYY-MM-DD (\"%s\")\n", today.c_str()); ctx.exit_code = 2; return; }
            today_day = dt.day;
        }
        index::GeoIndex idx(t);
        score::Coverage coverage(city.value());
        if (!coverage.covers({lat, lon})) {   // no score: the data say nothing about this place
            score::PlaceCard out;
            out.at = {lat, lon};
            out.as_of_day = day;
            out.covered = false;
            out.caveats = score::caveats_of(city.value());
            const nlohmann::json j = score::card_json(city.value(), out, {}, params);
            if (as_json) {
                std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
                return;
            }
            std::printf("%s, %.5f, %.5f: outside the area this data covers (%s)\n", city->display_name.c_str(), lat, lon,
                        coverage.from_boundaries() ? "its boundary polygons" : "the area around its incidents");
            for (const auto& c : out.caveats) std::printf("caveat: %s\n", c.c_str());
            return;
        }
        auto scale = score::scale_for(city.value(), idx, day, params);
        const score::PlaceCard card = score::place_card(city.value(), idx, coverage, scale, {lat, lon}, day);
        const score::RadiusScore& s = card.score;
        nlohmann::json j = score::card_json(city.value(), card, scale, params);
#ifdef CRIMESCOPE_HAVE_ORT
        // The paper's MLP estimate from the 10 nearest crimes of the 30 days up to as_of, when a model exists.
        std::string model = ctx.assets_dir + "/../models/score_mlp_" + city->id + ".onnx";
        struct stat st;
        if (::stat(model.c_str(), &st) == 0) {
            auto f = score::knn_features(t, idx, {lat, lon}, day);
            auto runner = infer::load_onnx_model(model);
            if (!runner) { std::fprintf(stderr, "error: %s\n", runner.error().to_string().c_str()); ctx.exit_code = 1; return; }
            auto out = runner.value()->run({{"features", {{1, score::kFeatureCount}, std::vector<float>(f.begin(), f.end())}}});
            if (!out) { std::fprintf(stderr, "error: %s\n", out.error().to_string().c_str()); ctx.exit_code = 1; return; }
            j["model_score"] = (*out)[0].tensor.values.at(0);
            j["model_features"] = std::vector<float>(f.begin(), f.end());
        }
#endif
        if (as_json) {
            std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
            return;
        }
        std::printf("%s, %.5f, %.5f, as of %s (newest data %s)\n", city->display_name.c_str(), lat, lon, format_day(day).c_str(),
                    format_day(t.day.back()).c_str());
        // The card's sentences, as the app shows them (score/card_words), then the numbers behind them.
        const score::CardWords words = score::card_words(card, s, params, score::city_short_name(city->display_name), today_day,
                                                         lang == "es" ? score::CardLang::es : score::CardLang::en);
        std::printf("%s\n", words.headline.c_str());
        for (const auto& d : words.details) std::printf("%s\n", d.c_str());
        std::printf("crime score S = %.3f  (%u reported crimes within %.0f m in the last %d days; 95%% CI %.1f-%.1f)\n",
                    s.score01, s.count, params.radius_m, params.window_days, s.count_ci95.low, s.count_ci95.high);
        std::printf("more crimes nearby than %.1f%% of places in this city (C_max = %u)\n", s.percentile, scale.count_max);
        if (j.contains("model_score"))
            std::printf("model estimate from the 10 nearest crimes of the last 30 days: S = %.3f\n", j["model_score"].get<double>());
        for (const auto& x : s.by_type) std::printf("  %-28s %u\n", x.type.c_str(), x.count);
        if (!city->disclaimer.empty()) std::printf("note: %s\n", city->disclaimer.c_str());
    });
}

}  // namespace crimescope::cli
