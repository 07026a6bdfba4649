// Tests for linkage/model_io on hostile files (issue #17): huge or overflowing parameters, a threshold that is
// no probability, similarity tables outside [0, 1] and out-of-range integers are refused with the field named,
// so a model file can never make the network score NaN silently. The round trip and the ordinary bad fields
// are in test_workflow.cpp (they need a trained model).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "linkage/model_io.hpp"
#include "linkage/network.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::linkage;

namespace {
// The smallest valid model: two inputs feeding two features (params: ω per input, b and θ per feature, θ0).
nlohmann::json small_model() {
    return nlohmann::json::parse(R"({"format_version": 2, "input_names": ["a", "b"], "feature_names": ["fa", "fb"],
        "feature_of_input": [0, 1], "params": [1.5, -2, 0.1, -0.2, 3, 2, -1], "kept": [1, 1],
        "tables": {"MO1": {"values": ["x", "y"], "sim": [1, 0.2, 0.2, 1]}},
        "threshold": {"top_share": 0.04, "probability": 0.5}, "training": {"window_days": 365}})");
}
std::string field_of(const nlohmann::json& j) {
    auto r = parse_model(j.dump(), "bad.json");
    return r.ok() ? std::string("(accepted)") : r.error().field;
}
}  // namespace

TEST_CASE("model_io: the smallest model reads and its network scores finite probabilities", "[model_io]") {
    auto md = parse_model(small_model().dump(), "small.json");
    REQUIRE(md.ok());
    PairMatrix shape;
    shape.input_names = md->input_names;
    shape.feature_names = md->feature_names;
    shape.feature_of_input = md->feature_of_input;
    SimilarityNetwork net;
    REQUIRE(net.load(shape, false, md->params, md->kept));
    const float x[2] = {0.25f, 1.0f};
    const double p = net.predict(x);
    CHECK(std::isfinite(p));
    CHECK(p > 0);
    CHECK(p < 1);
}

TEST_CASE("model_io: huge or overflowing parameters are refused, naming the file and the field", "[model_io]") {
    auto huge = load_model(cs_test::fixture("bad/link_model_huge_params.json"));
    REQUIRE(!huge.ok());
    CHECK(huge.error().kind == ErrorKind::Model);
    CHECK(huge.error().field == "params");
    CHECK(huge.error().to_string().find("link_model_huge_params.json") != std::string::npos);
    CHECK(huge.error().message.find("outside") != std::string::npos);
    // 1e309 overflows a double: nlohmann::json throws out_of_range (406), which once escaped parse_model
    // (only parse_error was caught) and terminated the program (found by fuzz_link_model).
    auto inf = load_model(cs_test::fixture("bad/link_model_overflow.json"));
    REQUIRE(!inf.ok());
    CHECK(inf.error().kind == ErrorKind::Model);
    CHECK(inf.error().file.find("link_model_overflow.json") != std::string::npos);
    CHECK(inf.error().message.find("out of range") != std::string::npos);
    auto j = small_model();
    j["params"][2] = 2e6;
    CHECK(field_of(j) == "params");
    j = small_model();
    j["params"][6] = -1e6;   // the bound itself is accepted
    CHECK(field_of(j) == "(accepted)");
}

TEST_CASE("model_io: a threshold, table or count out of range is refused with the field named", "[model_io]") {
    auto j = small_model();
    j["threshold"]["probability"] = 1.5;
    CHECK(field_of(j) == "threshold.probability");
    j["threshold"]["probability"] = -0.1;
    CHECK(field_of(j) == "threshold.probability");
    j = small_model();
    j["tables"]["MO1"]["sim"][1] = 7;
    CHECK(field_of(j) == "tables.MO1.sim");
    j = small_model();
    j["format_version"] = 4294967297LL;   // 2^32 + 1 once read as int 1
    CHECK(field_of(j) == "format_version");
    j["format_version"] = -3;
    CHECK(field_of(j) == "format_version");
    j = small_model();
    j["training"]["window_days"] = 10000000000LL;
    CHECK(field_of(j) == "training.window_days");
}
