// The card's sentences (score/card_words): the words the app, the phone sheet, the aria-live region and
// `crimescope-cli score` share, in English and Spanish, on constructed cards with known numbers.
#include <catch2/catch.hpp>

#include "base/dates.hpp"
#include "score/card_words.hpp"

using namespace crimescope;
using namespace crimescope::score;

namespace {

PlaceCard card_with(uint32_t count, double percentile, uint32_t previous) {
    PlaceCard c;
    c.covered = true;
    c.at = {41.8781, -87.6298};
    c.as_of_day = days_from_civil(2018, 8, 31);
    c.newest_day = c.as_of_day;
    c.oldest_day = days_from_civil(2014, 1, 1);
    c.score.count = count;
    c.score.percentile = percentile;
    c.score.by_type = {{"THEFT", 200}, {"BATTERY", 120}, {"ASSAULT", 50}, {"ROBBERY", 42}};
    c.change = compare_counts(count, previous);
    c.caveats = {"A sample."};
    return c;
}

const int32_t kToday = days_from_civil(2026, 12, 1);

}  // namespace

TEST_CASE("card words: the headline and the line say the count, the window and the share of places", "[card_words]") {
    const PlaceCard c = card_with(412, 95.7, 405);
    const CardWords w = card_words(c, c.score, {}, "Chicago", kToday, CardLang::en);
    CHECK(w.line == "412 crimes · more than 95% of places in Chicago");
    CHECK(w.headline == "412 reported crimes within 200 m in the past year (to 2018-08-31): more than 95% of places in Chicago.");
    REQUIRE(w.details.size() == 5);
    CHECK(w.details[0] == "405 in the 365 days before: about the same.");
    CHECK(w.details[1] == "Most common: THEFT (200), BATTERY (120), ASSAULT (50).");
    CHECK(w.details[2] == "Data up to 2018-08-31, 8 years old.");
    CHECK(w.details[3] == "A sample.");
    CHECK(w.details[4] == "Reported crimes only: unreported crime is not counted.");
    CHECK(w.all().rfind(w.headline + " 405 in", 0) == 0);
}

TEST_CASE("card words: a change larger than chance gives its p in the CLI's words", "[card_words]") {
    const PlaceCard up = card_with(412, 95.7, 300);   // 412 vs 300: p = 2 P(Bin(712, 1/2) <= 300) = 3.1e-5
    REQUIRE(up.change.significant);
    CHECK(card_words(up, up.score, {}, "Chicago", kToday, CardLang::en).details[0] ==
          "Up from 300 in the 365 days before: larger than chance (p < 0.0001).");
    const PlaceCard down = card_with(10, 60, 25);     // 10 vs 25: two-sided p = 2 P(Bin(35, 1/2) <= 10) = 0.0167
    REQUIRE(down.change.significant);
    const std::string d = card_words(down, down.score, {}, "Chicago", kToday, CardLang::en).details[0];
    CHECK(d == "Down from 25 in the 365 days before: larger than chance (p = 0.0167).");
    CHECK(p_value_words(0.0386) == "p = 0.0386");
    CHECK(p_value_words(1.0) == "p = 1");
    CHECK(p_value_words(0.05) == "p = 0.05");
    CHECK(p_value_words(0.00004) == "p < 0.0001");
}

TEST_CASE("card words: one crime, zero crimes, the quietest places, other windows", "[card_words]") {
    const PlaceCard one = card_with(1, 12.4, 0);
    CHECK(card_words(one, one.score, {}, "Houston", kToday, CardLang::en).line == "1 crime · more than 12% of places in Houston");
    const PlaceCard zero = card_with(0, 0, 0);
    const CardWords z = card_words(zero, zero.score, {}, "Houston", kToday, CardLang::en);
    CHECK(z.line == "0 crimes · none reported here");
    CHECK(z.details[0] == "None in the 365 days before either.");
    const PlaceCard quiet = card_with(3, 0.4, 2);
    CHECK(card_words(quiet, quiet.score, {}, "Houston", kToday, CardLang::en).line ==
          "3 crimes · as few as the quietest places in Houston");
    const PlaceCard quiet_one = card_with(1, 0.2, 0);
    const CardWords q1 = card_words(quiet_one, quiet_one.score, {}, "Houston", kToday, CardLang::en);
    CHECK(q1.line == "1 crime · as few as the quietest places in Houston");
    CHECK(q1.headline == "1 reported crime within 200 m in the past year (to 2018-08-31): as few as the quietest places in Houston.");
    CHECK(card_words(quiet_one, quiet_one.score, {}, "Houston", kToday, CardLang::es).line ==
          "1 delito · tan pocos como los lugares más tranquilos de Houston");
    RadiusScoreParams month;
    month.window_days = 30;
    month.radius_m = 500;
    CHECK(card_words(one, one.score, month, "Houston", kToday, CardLang::en).headline ==
          "1 reported crime within 500 m in the 30 days to 2018-08-31: more than 12% of places in Houston.");
    PlaceCard short_data = card_with(40, 50, 0);
    short_data.change.comparable = false;
    CHECK(card_words(short_data, short_data.score, {}, "Houston", kToday, CardLang::en).details[0] ==
          "The data does not reach back over the 365 days before, so there is no change to compare.");
}

TEST_CASE("card words: outside coverage there is no score, the data's age, Spanish", "[card_words]") {
    PlaceCard out;
    out.covered = false;
    out.at = {33.12, -98.71};
    const CardWords o = card_words(out, out.score, {}, "Houston", kToday, CardLang::en);
    CHECK(o.line == "Outside the area this data covers");
    CHECK(o.headline == "33.12000, -98.71000 is outside the area this data covers: there is no score here.");
    CHECK(o.details == std::vector<std::string>{"The data covers Houston."});

    PlaceCard recent = card_with(5, 50, 5);
    recent.newest_day = kToday - 100;
    CHECK(card_words(recent, recent.score, {}, "X", kToday, CardLang::en).details[2].find("less than a year old") != std::string::npos);
    recent.newest_day = kToday - 400;
    CHECK(card_words(recent, recent.score, {}, "X", kToday, CardLang::en).details[2].find(", 1 year old.") != std::string::npos);

    const PlaceCard c = card_with(412, 95.7, 405);
    const CardWords es = card_words(c, c.score, {}, "Chicago", kToday, CardLang::es);
    CHECK(es.line == "412 delitos · más que el 95% de los lugares de Chicago");
    CHECK(es.headline ==
          "412 delitos denunciados a menos de 200 m en el último año (hasta 2018-08-31): más que el 95% de los lugares de Chicago.");
    CHECK(es.details[0] == "405 en los 365 días anteriores: más o menos igual.");
    CHECK(es.details.back() == "Solo delitos denunciados: los no denunciados no se cuentan.");
    // The pack's caveats in Spanish when it has them, else in English (better said than left out).
    CHECK(es.details[es.details.size() - 2] == "A sample.");
    PlaceCard c_es = c;
    c_es.caveats_es = {"Una muestra."};
    const CardWords es2 = card_words(c_es, c_es.score, {}, "Chicago", kToday, CardLang::es);
    CHECK(es2.details[es2.details.size() - 2] == "Una muestra.");
    CHECK(card_words(c_es, c_es.score, {}, "Chicago", kToday, CardLang::en).details[es2.details.size() - 2] == "A sample.");
    CHECK(city_short_name("Chicago (aggravated assaults)") == "Chicago");
    CHECK(city_short_name("Houston") == "Houston");
}
