// Tests for linkage/schema on hostile schemas (issue #17): an MO tree deeper than 32 levels (or over 5,000
// nodes) is refused with the feature named, instead of recursing without bound; a wide tree within the
// limits reads and writes back (schema_json was quadratic in the nodes and copied every subtree: a 3,000-deep
// tree took over a minute under the sanitizers, found with fuzz_linkage_schema).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "linkage/schema.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::linkage;

namespace {
std::string schema_with_tree(const std::string& tree) {
    return R"({"file": "cases.csv", "id": "id", "x": "x", "y": "y", "time": "t", "features": [{"name": "actions", "kind": "hierarchical", "column": "actions", "tree": )" +
           tree + "}]}";
}
}  // namespace

TEST_CASE("schema: an MO tree too deep or too large is refused, naming the feature", "[schema]") {
    const std::string path = cs_test::fixture("bad/linkage_schema_deep_tree.json");
    auto bytes = read_file_bytes(path);
    REQUIRE(bytes.ok());
    auto deep = parse_schema(std::string(bytes->begin(), bytes->end()), path);
    REQUIRE(!deep.ok());
    CHECK(deep.error().kind == ErrorKind::Format);
    CHECK(deep.error().field == "actions");
    CHECK(deep.error().message.find("deeper than 32 levels") != std::string::npos);
    CHECK(deep.error().to_string().find("linkage_schema_deep_tree.json") != std::string::npos);
    std::string leaves;
    for (int i = 0; i < 5001; ++i) leaves += std::string(i ? "," : "") + R"({"name": "l)" + std::to_string(i) + R"("})";
    auto wide = parse_schema(schema_with_tree(R"({"name": "r", "children": [)" + leaves + "]}"), "wide.json");
    REQUIRE(!wide.ok());
    CHECK(wide.error().field == "actions");
}

TEST_CASE("schema: a tree within the limits reads and writes back the same", "[schema]") {
    std::string leaves;
    for (int i = 0; i < 3000; ++i) leaves += std::string(i ? "," : "") + R"({"name": "l)" + std::to_string(i) + R"("})";
    std::string nested = R"({"name": "leaf"})";
    for (int d = 0; d < 30; ++d) nested = R"({"name": "n)" + std::to_string(d) + R"(", "weight": 0.5, "children": [)" + nested + "]}";
    auto cs = parse_schema(schema_with_tree(R"({"name": "r", "children": [)" + leaves + "," + nested + "]}"), "ok.json");
    REQUIRE(cs.ok());
    REQUIRE(cs->features.size() == 1);
    const auto& tree = cs->features[0].tree;
    CHECK(tree.name.size() == 1 + 3000 + 31);
    auto back = parse_schema(schema_json(cs.value()), "back.json");
    REQUIRE(back.ok());
    CHECK(back->features[0].tree.name == tree.name);
    CHECK(back->features[0].tree.parent == tree.parent);
    CHECK(back->features[0].weights == cs->features[0].weights);
}

TEST_CASE("schema: a 236-case file whose y-scale fit was slow under the sanitizers (fuzz finding) opens", "[linkage][hostile]") {
    // tests/fixtures/bad/linkage_infer_slow_fit.csv: a mutated cut of assets/linkage/israel_burglary_2020h1 that
    // took over 2 s in fuzz_linkage_infer (17 AUC sorts through an index indirection); it must open, with a scale.
    std::vector<std::string> notes;
    auto cs = open_case_set(cs_test::fixture("bad/linkage_infer_slow_fit.csv"), &notes);
    REQUIRE(cs.ok());
    CHECK(cs->size() > 200);
    CHECK(std::isfinite(cs->y_scale));
    CHECK(cs->y_scale > 0);
}
