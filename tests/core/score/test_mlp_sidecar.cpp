// Tests for score/mlp_sidecar (issue #17): the bundled crime-score MLP sidecars read; a hostile sidecar (a
// split date that is a number, the wrong feature count, a truncated file) is a Model error naming the file
// and the field. The app's model card once threw from nlohmann::json on such a file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "base/file_io.hpp"
#include "score/knn_features.hpp"
#include "score/mlp_sidecar.hpp"
#include "test_paths.hpp"

using namespace crimescope;

namespace {
std::string text_of(const std::string& path) {
    auto b = read_file_bytes(path);
    REQUIRE(b.ok());
    return std::string(b->begin(), b->end());
}
}  // namespace

TEST_CASE("mlp_sidecar: the bundled sidecars read", "[mlp_sidecar]") {
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(cs_test::source_dir() + "/models")) {
        const std::string name = e.path().filename().string();
        if (name.rfind("score_mlp_", 0) != 0 || e.path().extension() != ".json") continue;
        ++n;
        const std::string path = e.path().string();
        auto s = score::parse_mlp_sidecar(text_of(path), path);
        INFO(name);
        REQUIRE(s.ok());
        CHECK(s->feature_count == static_cast<size_t>(score::kFeatureCount));
        CHECK(s->input_name == "features");
        CHECK(s->fit_first_day <= s->fit_last_day);
        CHECK(s->dev_first_day <= s->dev_last_day);
        CHECK(s->test_first_day <= s->test_last_day);
        CHECK(s->test_period.size() == std::string("2018-01-01 .. 2019-12-31").size());
        CHECK(s->test_l1_mlp > 0);
    }
    CHECK(n >= 2);
}

TEST_CASE("mlp_sidecar: a hostile sidecar is a Model error naming the file and field", "[mlp_sidecar]") {
    const std::string bad = cs_test::fixture("bad/score_mlp_bad_split.json");
    auto s = score::parse_mlp_sidecar(text_of(bad), bad);
    REQUIRE(!s.ok());
    CHECK(s.error().kind == ErrorKind::Model);
    CHECK(s.error().field == "split.test");
    CHECK(s.error().to_string().find("score_mlp_bad_split.json") != std::string::npos);
    const std::string good = text_of(cs_test::source_dir() + "/models/score_mlp_houston.json");
    auto t = score::parse_mlp_sidecar(good.substr(0, good.size() / 2), "truncated.json");
    REQUIRE(!t.ok());
    CHECK(t.error().message.find("truncated") != std::string::npos);
    auto field_of = [](const std::string& text) {
        auto r = score::parse_mlp_sidecar(text, "x.json");
        return r.ok() ? std::string("(accepted)") : r.error().field;
    };
    const std::string split = R"("split": {"fit": ["2011-01-01", "2017-04-20"], "dev": ["2017-04-20", "2017-12-31"], "test": ["2018-01-01", "2019-12-31"]})";
    CHECK(field_of(R"({"inputs": [{"shape": ["N", 20]}], )" + split + "}") == "(accepted)");
    CHECK(field_of(R"({"inputs": [{"shape": ["N", 19]}], )" + split + "}") == "inputs[0].shape");
    CHECK(field_of(R"({"inputs": [{"shape": ["N", -20]}], )" + split + "}") == "inputs[0].shape");
    CHECK(field_of(R"({"inputs": 3, )" + split + "}") == "inputs");
    CHECK(field_of(R"({"inputs": [{"shape": ["N", 20]}]})") == "split");
    CHECK(field_of(R"({"inputs": [{"shape": ["N", 20]}], "split": {"fit": ["2011-01-01", "2010-01-01"]}})") == "split.fit");
    CHECK(field_of(R"({"inputs": [{"shape": ["N", 20]}], )" + split + R"(, "metrics": {"test_l1": {"mlp": "low"}}})") ==
          "metrics.test_l1.mlp");
    CHECK(field_of(R"({"inputs": [{"shape": ["N", 20]}], )" + split + R"(, "metrics": {"test_l1": {"mlp": 1e309}}})") != "(accepted)");
}
