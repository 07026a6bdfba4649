// Tests for omega/patterns: time quadrants, class rules in order, zone and month features, unmapped counts;
// naive Bayes skipping values unseen in training.
#include <catch2/catch.hpp>

#include "base/file_io.hpp"
#include "data/pack.hpp"
#include "eval/naive_bayes.hpp"
#include "omega/patterns.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("omega patterns: time quadrants are three-hour bins 1..8", "[omega]") {
    CHECK(omega::time_quadrant(0) == 1);
    CHECK(omega::time_quadrant(179) == 1);
    CHECK(omega::time_quadrant(180) == 2);
    CHECK(omega::time_quadrant(21 * 60) == 8);
    CHECK(omega::time_quadrant(1439) == 8);
    CHECK(omega::time_quadrant(-1) == 0);
}

TEST_CASE("omega patterns: Houston families and places through families.json", "[omega]") {
    auto city = data::load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(city.ok());
    auto maps = read_file_bytes(cs_test::source_dir() + "/assets/omega/families.json");
    REQUIRE(maps.ok());
    const std::string json(maps->begin(), maps->end());
    auto fam = omega::build_patterns(city->incidents, json, "houston", omega::ClassMode::Family);
    REQUIRE(fam.ok());
    CHECK(fam->feature_names == std::vector<std::string>{"time quadrant", "month", "beat"});
    CHECK(fam->y.size() == city->incidents.size());   // every Houston offense maps to a family
    const auto& t = city->incidents;
    const auto* type = t.category("type");
    for (size_t i = 0; i < fam->y.size(); i += 997) {
        const std::string& off = type->value_at(fam->row[i]);
        const std::string& cls = fam->classes[fam->y[i]];
        if (off == "murder") CHECK(cls == "homicide");
        else if (off == "aggravated assault" || off == "rape") CHECK(cls == "injury");
        else CHECK(cls == "robbery");
        CHECK(fam->values[0][fam->X[i * 3]] == std::to_string(t.minute_of_day[fam->row[i]] / 180 + 1));
    }
    auto place = omega::build_patterns(city->incidents, json, "houston", omega::ClassMode::Place);
    REQUIRE(place.ok());
    CHECK(place->unmapped > 0);   // "NA", "other / unknown" premises match no rule and are counted
    CHECK(place->y.size() + place->unmapped == t.size());
    // Rule order: "apartment parking lot" is home (the home rule comes before "parking").
    const auto* prem = t.category("premise");
    for (size_t i = 0; i < place->y.size(); ++i)
        if (prem->value_at(place->row[i]) == "apartment parking lot") {
            CHECK(place->classes[place->y[i]] == "home");
            break;
        }
    auto bad = omega::build_patterns(city->incidents, json, "nowhere", omega::ClassMode::Family);
    CHECK_FALSE(bad.ok());
}

TEST_CASE("naive Bayes: a value never seen in training carries no evidence", "[nb]") {
    // Feature 0 separates the classes; feature 1 takes value 3 only at test time.
    std::vector<uint32_t> X = {0, 1, 0, 1, 0, 2, 1, 1, 1, 2, 1, 1}, y = {0, 0, 0, 1, 1, 1};
    eval::CategoricalNB nb;
    nb.fit(X, y, {2, 4}, 2);
    const uint32_t a[2] = {0, 3}, b[2] = {1, 3};
    CHECK(nb.predict(a) == 0);
    CHECK(nb.predict(b) == 1);
}
