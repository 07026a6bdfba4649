// Classifier preprocessing by hand: tokens, HHMM hour, M/D/Y and Y/M/D weekdays, zero stripping, numeric
// missing / floor / clip / scaling, unknown values, occlusion (a blanked field encodes as missing).
#include <catch2/catch.hpp>

#include <map>

#include "classify/preprocess.hpp"

using namespace crimescope::classify;

TEST_CASE("classify: preprocessing by hand", "[classify]") {
    CHECK(tokens("0416 1241, Strong-ARM") == std::vector<std::string>{"0416", "1241", "strong", "arm"});
    Model m;
    Field hour{"hour", "hhmm_hour", "TIME OCC"};
    hour.vocab = {"<unknown>", "20", "0"};
    Field wd{"weekday", "mdy_weekday", "DATE OCC"};
    wd.vocab = {"<unknown>", "3", "4"};
    Field ywd{"weekday2", "ymd_weekday", ""};
    ywd.columns = {"Y", "M", "D"};
    ywd.vocab = {"<unknown>", "4"};
    Field prem{"premise", "categorical", "Premis Cd"};
    prem.vocab = {"<unknown>", "501", "101"};
    prem.strip_zeros = true;
    Field mo{"MO codes", "text", "Mocodes"};
    mo.vocab = {"<pad>", "<unk>", "0416", "1241"};
    mo.max_tokens = 3;
    Field age{"victim age", "numeric", "Vict Age"};
    age.median = 30;
    age.center = 0;
    age.scale = 10;
    age.clip_lo = 0;
    age.clip_hi = 99;
    age.has_floor = true;
    age.floor = 1;
    for (Field* f : {&hour, &wd, &ywd, &prem, &mo}) {
        for (size_t k = 0; k < f->vocab.size(); ++k) f->index[f->vocab[k]] = static_cast<int>(k);
        m.fields.push_back(*f);
    }
    m.fields.push_back(age);
    m.width = 4 + 3 + 1;
    std::map<std::string, std::string> rec{{"TIME OCC", "2030"}, {"DATE OCC", "10/15/2020 0:00"}, {"Y", "2020"}, {"M", "10"}, {"D", "16"},
                                           {"Premis Cd", "0501"}, {"Mocodes", "0416 9999 1241 0416"}, {"Vict Age", "0"}};
    auto get = [&](const std::string& c) { return rec.count(c) ? rec[c] : std::string(); };
    std::vector<float> x(8);
    encode(m, get, x.data());
    // 20:30 -> "20" (1); 2020-10-15 was a Thursday -> "3" (1); 2020-10-16 Friday -> "4" (1); "0501" -> "501" (1);
    // tokens 0416, 9999 (unknown: 1), 1241 (first 3 only); age 0 is below the floor -> median 30 -> 3.0
    CHECK(x == std::vector<float>{1, 1, 1, 1, 2, 1, 3, 3.0f});
    rec["TIME OCC"] = "2400";      // not a time
    rec["DATE OCC"] = "02/30/2021"; // no such day
    rec["Vict Age"] = "150";       // clipped to 99
    encode(m, get, x.data());
    CHECK(x[0] == 0);
    CHECK(x[1] == 0);
    CHECK(x[7] == Approx(9.9f));
    encode(m, get, x.data(), 4);   // MO codes blanked
    CHECK(x[4] == 0);
    CHECK(x[5] == 0);
    CHECK(x[6] == 0);
}

TEST_CASE("preprocess: a sidecar width of 8e83 is refused naming the file and field (fuzz finding)", "[classify][hostile]") {
    const std::string bad = std::string(CS_SOURCE_DIR) + "/tests/fixtures/bad/lcrnet_width_8e83.json";
    auto m = load_model(bad);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().to_string().find("lcrnet_width_8e83.json") != std::string::npos);
    CHECK(m.error().to_string().find("input.width must be a whole number from 1 to 1048576") != std::string::npos);
}

TEST_CASE("preprocess: the model card is read once from the sidecar, a hostile one gives a blank card", "[classify][hostile]") {
    auto m = load_model(std::string(CS_SOURCE_DIR) + "/models/lcrnet_houston.json");
    REQUIRE(m.ok());
    CHECK(!m->card.model.empty());
    CHECK(m->card.has_split);
    CHECK(m->card.test_rows > 0);
    CHECK(m->card.parameters > 0);
    CHECK(!m->card.metrics.empty());
    // Every key of another type than the card expects (these threw inside the view before).
    const auto card = model_card_of(R"({"model": 7, "split": {"train": [], "test_rows": "many", "subsample": 3},
        "parameters": 8e83, "flops_per_record": -1, "metrics": {"a": 5, "b": {"lcrnet": {"accuracy": "high"}}},
        "leak_note": null, "limits": {}})");
    CHECK(card.model.empty());
    CHECK(card.has_split);
    CHECK(card.test_rows == 0);
    CHECK(card.parameters == 0);
    CHECK(card.flops_per_record == 0);
    REQUIRE(card.metrics.size() == 1);
    CHECK(card.metrics[0].accuracy == 0);
    CHECK(model_card_of("not json").metrics.empty());
}
