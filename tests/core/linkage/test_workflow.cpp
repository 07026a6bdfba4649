// Tests for linkage/workflow and linkage/model_io: the threshold at the top share on constructed scores (ties,
// share 0 and 1, empty) and, on the bundled crimelinkage set, the streamed scan's threshold equal to it exactly;
// the model file's round trip (the same probabilities), version 1 files still read, a newer version, a truncated
// or garbage file and bad fields refused with the field named; training and ranking deterministic, and the
// ranking equal to every stored pair scored and put in rank_order (what the app shows).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <numeric>

#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "linkage/cases.hpp"
#include "linkage/model_io.hpp"
#include "linkage/workflow.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::linkage;

namespace {
CaseSet crimelinkage() {
    auto cs = load_cases(cs_test::source_dir() + "/assets/linkage/crimelinkage");
    REQUIRE(cs.ok());
    return cs.value();
}
Recipe quick_recipe() {   // fewer iterations than the default, to keep the tests short
    Recipe r;
    r.net.iterations = 60;
    return r;
}
std::string temp_path(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / "crimescope_test_workflow";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}
// Every pair of the set (unsolved cases too) scored by the model's network, with the model's tables applied.
struct Stored {
    Pairs pairs;
    std::vector<double> score;
};
Stored stored_scores(const Model& md, const CaseSet& cs0) {
    CaseSet cs = cs0;
    REQUIRE(apply_tables(cs, md, "m.json").ok());
    auto pp = pair_params(cs);
    pp.include_unsolved = true;
    Stored s;
    s.pairs = make_pairs(cs, pp);
    auto net = network_of(md, s.pairs.m, "m.json");
    REQUIRE(net.ok());
    for (size_t k = 0; k < s.pairs.m.n_pairs(); ++k) s.score.push_back(net->predict(&s.pairs.m.x[k * s.pairs.m.n_inputs()]));
    return s;
}
}  // namespace

TEST_CASE("workflow: threshold at the top share on constructed scores", "[workflow]") {
    const std::vector<double> s = {0.9, 0.1, 0.5, 0.7, 0.3};
    CHECK(threshold_at_share(s, 0.4) == 0.7);    // ceil(0.4 x 5) = 2nd highest
    CHECK(threshold_at_share(s, 0.5) == 0.5);    // ceil(2.5) = 3rd
    CHECK(threshold_at_share(s, 0.21) == 0.7);   // ceil(1.05) = 2nd
    CHECK(threshold_at_share(s, 0.2) == 0.9);    // exactly 1 pair
    CHECK(threshold_at_share(s, 1.0) == 0.1);    // every pair
    CHECK(threshold_at_share(s, 3.0) == 0.1);
    CHECK(threshold_at_share(s, 0.0) == 0.9);    // at least the best pair is flagged
    CHECK(threshold_at_share(s, -1.0) == 0.9);
    CHECK(threshold_at_share(s, std::numeric_limits<double>::quiet_NaN()) == 0.9);
    CHECK(threshold_at_share({}, 0.04) == 1.0);  // nothing to flag
    CHECK(flagged_count(0, 0.5) == 0);
    CHECK(flagged_count(5, 0.0) == 1);
    CHECK(flagged_count(64620, 0.04) == 2585);
    CHECK(flagged_count(1000, 0.04) == 40);
    // Ties at the threshold: the threshold is the tied score, and every tied pair is at or above it.
    const std::vector<double> t = {0.2, 0.8, 0.8, 0.8, 0.1};
    CHECK(threshold_at_share(t, 0.2) == 0.8);
    CHECK(threshold_at_share(t, 0.6) == 0.8);
    CHECK(threshold_at_share(t, 0.8) == 0.2);
    // rank_order: score descending, then a, then b.
    const std::vector<uint32_t> a = {3, 1, 1, 0, 2}, b = {4, 5, 2, 9, 3};
    const std::vector<double> sc = {0.5, 0.9, 0.9, 0.1, 0.5};
    CHECK(rank_order(sc, a, b) == std::vector<uint32_t>{2, 1, 4, 0, 3});
    CHECK(rounded_probability(0.80625) == Approx(0.8063).margin(1e-12));
    CHECK(rounded_probability(0.12344) == Approx(0.1234).margin(1e-12));
}

TEST_CASE("workflow: the streamed scan's threshold is exactly the top share of every pair's score", "[workflow]") {
    auto cs = crimelinkage();
    SimilarityNetwork net;
    auto md = train(cs, nullptr, quick_recipe(), &net);
    REQUIRE(md.ok());
    const auto stored = stored_scores(md.value(), crimelinkage());
    CaseSet ranked_set = crimelinkage();
    REQUIRE(apply_tables(ranked_set, md.value(), "m.json").ok());
    auto pp = pair_params(ranked_set);
    for (double share : {0.04, 0.0001, 0.3, 1.0}) {
        INFO("share " << share);
        const auto scan = scan_pairs(ranked_set, pp, net, share);
        REQUIRE(scan.n_pairs == stored.score.size());
        CHECK(scan.threshold == threshold_at_share(stored.score, share));
        size_t above = 0;
        for (double v : stored.score) above += v >= scan.threshold;
        CHECK(scan.above.size() == above);
        CHECK(scan.above.size() >= flagged_count(scan.n_pairs, share));
        // The same pairs, the same probabilities, in rank_order.
        const auto order = rank_order(stored.score, stored.pairs.a, stored.pairs.b);
        bool same = true;
        for (size_t r = 0; r < scan.above.size() && same; ++r) {
            const uint32_t k = order[r];
            same = scan.above[r].a == stored.pairs.a[k] && scan.above[r].b == stored.pairs.b[k] && scan.above[r].p == stored.score[k];
        }
        CHECK(same);
    }
}

TEST_CASE("workflow: model save -> load gives the same probabilities, version 1 still reads", "[workflow]") {
    auto cs = crimelinkage();
    auto md = train(cs, nullptr, quick_recipe());
    REQUIRE(md.ok());
    CHECK(md->training_pairs > 0);
    CHECK(md->linked_pairs == 136);
    CHECK(md->tables.size() >= 1);
    const std::string path = temp_path("model.json");
    REQUIRE(save_model(path, md.value()).ok());
    auto back = load_model(path);
    REQUIRE(back.ok());
    CHECK(back->params == md->params);
    CHECK(back->kept == md->kept);
    CHECK(back->input_names == md->input_names);
    CHECK(back->feature_of_input == md->feature_of_input);
    CHECK(back->top_share == md->top_share);
    CHECK(back->threshold == md->threshold);
    REQUIRE(back->tables.size() == md->tables.size());
    for (size_t t = 0; t < md->tables.size(); ++t) CHECK(back->tables[t].sim == md->tables[t].sim);
    const auto a = stored_scores(md.value(), crimelinkage()), b = stored_scores(back.value(), crimelinkage());
    CHECK(a.score == b.score);
    // The file names its version; the same file without it is version 1 (as `link train` wrote before) and reads.
    auto j = nlohmann::json::parse(model_json(md.value()));
    CHECK(j["format_version"] == kModelFormatVersion);
    j.erase("format_version");
    auto v1 = parse_model(j.dump(), "v1.json");
    REQUIRE(v1.ok());
    CHECK(v1->params == md->params);
    j["format_version"] = kModelFormatVersion + 1;
    auto newer = parse_model(j.dump(), "v3.json");
    REQUIRE(!newer.ok());
    CHECK(newer.error().field == "format_version");
    CHECK(newer.error().kind == ErrorKind::Version);
}

TEST_CASE("workflow: a truncated, garbage or wrong model file is refused, naming the file and the field", "[workflow]") {
    auto cs = crimelinkage();
    auto md = train(cs, nullptr, quick_recipe());
    REQUIRE(md.ok());
    const std::string text = model_json(md.value());
    const std::string path = temp_path("truncated.json");
    REQUIRE(write_file_atomic(path, text.substr(0, text.size() / 2)).ok());
    auto t = load_model(path);
    REQUIRE(!t.ok());
    CHECK(t.error().kind == ErrorKind::Corrupt);
    CHECK(t.error().to_string().find("truncated.json") != std::string::npos);
    CHECK(t.error().message.find("truncated") != std::string::npos);
    auto g = parse_model("not a model at all", "garbage.json");
    REQUIRE(!g.ok());
    CHECK(g.error().file == "garbage.json");
    CHECK(!parse_model("[1, 2, 3]", "array.json").ok());
    CHECK(!load_model(temp_path("does_not_exist.json")).ok());
    auto field_of = [&](const std::function<void(nlohmann::json&)>& edit) {
        auto j = nlohmann::json::parse(text);
        edit(j);
        auto r = parse_model(j.dump(), "bad.json");
        return r.ok() ? std::string("(accepted)") : r.error().field;
    };
    CHECK(field_of([](nlohmann::json& j) { j.erase("params"); }) == "params");
    CHECK(field_of([](nlohmann::json& j) { j["params"].erase(0); }) == "params");
    CHECK(field_of([](nlohmann::json& j) { j["params"][0] = "x"; }) == "params");
    CHECK(field_of([](nlohmann::json& j) { j["kept"][0] = 2; }) == "kept");
    CHECK(field_of([](nlohmann::json& j) { j["input_names"] = 3; }) == "input_names");
    CHECK(field_of([](nlohmann::json& j) { j["feature_of_input"][0] = 99; }) == "feature_of_input");
    CHECK(field_of([](nlohmann::json& j) { j.erase("threshold"); }) == "threshold");
    CHECK(field_of([](nlohmann::json& j) { j["threshold"]["top_share"] = 0; }) == "threshold.top_share");
    const std::string table = md->tables.front().feature;
    CHECK(field_of([&](nlohmann::json& j) { j["tables"][table]["sim"].erase(0); }) == "tables." + table + ".sim");
    CHECK(field_of([](nlohmann::json& j) { j["format_version"] = "two"; }) == "format_version");
    // A model for other inputs: refused by network_of when ranking.
    auto other = md.value();
    other.input_names.back() += " (other)";
    auto r = rank(other, crimelinkage(), 10, "other.json");
    REQUIRE(!r.ok());
    CHECK(r.error().field == "input_names");
    CHECK(r.error().file == "other.json");
}

TEST_CASE("workflow: train and rank are deterministic, the ranking is every pair scored, in rank_order", "[workflow]") {
    auto cs1 = crimelinkage(), cs2 = crimelinkage();
    auto m1 = train(cs1, nullptr, quick_recipe()), m2 = train(cs2, nullptr, quick_recipe());
    REQUIRE(m1.ok());
    REQUIRE(m2.ok());
    CHECK(m1->params == m2->params);
    CHECK(model_json(m1.value()) == model_json(m2.value()));
    auto r1 = rank(m1.value(), crimelinkage(), 50, "m.json"), r2 = rank(m2.value(), crimelinkage(), 50, "m.json");
    REQUIRE(r1.ok());
    REQUIRE(r2.ok());
    REQUIRE(r1->top.size() == 50);
    CHECK(r1->n_pairs == r2->n_pairs);
    CHECK(r1->threshold == r2->threshold);
    const auto stored = stored_scores(m1.value(), crimelinkage());
    CHECK(r1->threshold == threshold_at_share(stored.score, m1->top_share));
    const auto order = rank_order(stored.score, stored.pairs.a, stored.pairs.b);
    for (size_t r = 0; r < 50; ++r) {
        CHECK(r1->top[r].a == r2->top[r].a);
        CHECK(r1->top[r].b == r2->top[r].b);
        CHECK(r1->top[r].probability == r2->top[r].probability);
        CHECK(r1->top[r].a == stored.pairs.a[order[r]]);
        CHECK(r1->top[r].b == stored.pairs.b[order[r]]);
        CHECK(r1->top[r].probability == stored.score[order[r]]);
    }
    // A set whose solved cases form one series has no unlinked pair to learn from: refused, saying so.
    auto robbery = load_cases(cs_test::fixture("linkage/robbery"), cs_test::source_dir() + "/assets/linkage/robbery");
    REQUIRE(robbery.ok());
    auto ts = training_set(robbery.value(), nullptr, quick_recipe(), false);
    REQUIRE(!ts.ok());
    CHECK(ts.error().message.find("training needs both linked and unlinked pairs") != std::string::npos);
}
