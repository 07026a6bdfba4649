// score/card_json: the card as JSON (the CLI's `score --json` and the app's "Card JSON" export): rounding,
// the change when it can and cannot be compared, and a place outside coverage without numbers.
#include <catch2/catch.hpp>

#include "base/dates.hpp"
#include "score/card_json.hpp"

using namespace crimescope;
using namespace crimescope::score;

TEST_CASE("card json: numbers rounded as the CLI prints them, the change, coverage", "[card_json]") {
    data::CityData city;
    city.id = "x";
    city.disclaimer = "As is.";
    PlaceCard c;
    c.at = {41.5, -87.25};
    c.as_of_day = days_from_civil(2018, 8, 31);
    c.newest_day = c.as_of_day;
    c.oldest_day = days_from_civil(2017, 9, 1);
    c.covered = true;
    c.caveats = {"A sample."};
    c.score.count = 412;
    c.score.score01 = 0.81234567;
    c.score.percentile = 95.66;
    c.score.count_ci95 = {373.456, 453.789};
    c.score.by_type = {{"THEFT", 200}, {"BATTERY", 212}};
    c.change = compare_counts(412, 300);
    ScoreScale scale;
    scale.count_max = 2525;
    const auto j = card_json(city, c, scale, {});
    CHECK(j["covered"] == true);
    CHECK(j["count"] == 412);
    CHECK(j["score"].get<double>() == Approx(0.812346).margin(1e-9));
    CHECK(j["percentile"].get<double>() == Approx(95.7));
    CHECK(j["count_ci95"][0].get<double>() == Approx(373.46));
    CHECK(j["count_max"] == 2525);
    CHECK(j["as_of"] == "2018-08-31");
    CHECK(j["change"]["comparable"] == c.change.comparable);
    CHECK(j["by_type"][1][0] == "BATTERY");
    CHECK(j["disclaimer"] == "As is.");
    CHECK(j["caveats"][0] == "A sample.");

    PlaceCard no_change = c;
    no_change.change.comparable = false;
    const auto k = card_json(city, no_change, scale, {});
    CHECK(k["change"]["previous"].is_null());
    CHECK(k["change"]["note"].get<std::string>().find("do not span") != std::string::npos);

    PlaceCard out;
    out.at = {33.12, -98.71};
    out.covered = false;
    const auto o = card_json(city, out, scale, {});
    CHECK(o["covered"] == false);
    CHECK(o["message"] == "outside the area this data covers");
    CHECK(!o.contains("count"));

    const auto w = card_words_json(CardWords{"l", "h", {"d1", "d2"}}, CardLang::es);
    CHECK(w["lang"] == "es");
    CHECK(w["details"].size() == 2);
}
