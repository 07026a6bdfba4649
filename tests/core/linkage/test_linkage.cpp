// Tests for linkage: each similarity kind by hand (missing values, feasibility), OR roll-up and the weighted
// hierarchical distance on a small tree (equal to the taxonomic distance with weights 1 and one leaf each),
// the network's gradient against finite differences, the KS statistic by hand, folds that keep series whole.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <algorithm>
#include <map>
#include <numeric>

#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "linkage/cases.hpp"
#include "linkage/network.hpp"
#include "linkage/similarity.hpp"
#include "test_paths.hpp"

using namespace crimescope::linkage;

namespace {
// root -> {actions, tools}; actions -> {threaten, hit}; tools -> {knife, gun}   (nodes 0..6)
Tree small_tree() {
    Tree t;
    t.add("root", -1);
    t.add("actions", 0);
    t.add("tools", 0);
    t.add("threaten", 1);
    t.add("hit", 1);
    t.add("knife", 2);
    t.add("gun", 2);
    return t;
}
}  // namespace

TEST_CASE("linkage: categorical and quantitative similarity, missing values", "[linkage]") {
    SimilarityTable somatotype{{"thin", "medium", "fat"}, {1, 0.6, 0.1, 0.6, 1, 0.5, 0.1, 0.5, 1}};
    CHECK(somatotype.at(0, 1) == 0.6);
    CHECK(somatotype.at(2, 2) == 1.0);
    CHECK(somatotype.at(-1, 2) == kMissing);
    SimilarityTable identity;
    CHECK(identity.at(3, 3) == 1.0);
    CHECK(identity.at(3, 4) == 0.0);
    CHECK(qsf(2, 0, 10) == Approx(0.8));
    CHECK(qsf(15, 0, 10) == 0.0);
    CHECK(quantitative_similarity(30, 27, 0, 60) == Approx(57.0 / 60));   // ages 30 and 27, range 0..60
    CHECK(quantitative_similarity(NAN, 27, 0, 60) == kMissing);
}

TEST_CASE("linkage: spatio-temporal feasibility", "[linkage]") {
    CHECK(feasible(10000, 1, 20000));        // 10 km in a day at 20 km/day
    CHECK_FALSE(feasible(50000, 1, 20000));  // 50 km in a day is too far
    CHECK(feasible(1e9, 0, 0));              // speed 0: the rule is off
}

TEST_CASE("linkage: OR roll-up and weighted hierarchical distance", "[linkage]") {
    Tree t = small_tree();
    auto v = roll_up(t, {3, 5});   // threaten + knife
    CHECK(v == std::vector<uint8_t>{1, 1, 1, 1, 0, 1, 0});
    auto w = roll_up(t, {4});      // hit
    CHECK(w == std::vector<uint8_t>{1, 1, 0, 0, 1, 0, 0});
    // One weight per sibling group (keyed by the parent): root's children 2.0, actions' 1.0, tools' 0.5.
    std::vector<double> wt(7, 0);
    wt[0] = 2.0;
    wt[1] = 1.0;
    wt[2] = 0.5;
    // v and w differ at: tools (2), threaten (3), hit (4), knife (5) -> 2.0 + 1.0 + 1.0 + 0.5
    CHECK(hierarchical_distance(t, v, w, wt) == Approx(4.5));
    // Max distance = sum of every non-root node's group weight = 2+2+1+1+0.5+0.5 = 7; HSF = (7 - 4.5) / 7.
    CHECK(hierarchical_similarity(t, {3, 5}, {4}, wt) == Approx(2.5 / 7));
    CHECK(hierarchical_similarity(t, {}, {4}, wt) == kMissing);
}

TEST_CASE("linkage: with weights 1 and one leaf each, hierarchical = taxonomic distance (the paper's claim)", "[linkage]") {
    Tree t = small_tree();
    std::vector<double> ones(7, 1.0);
    const int levels = 2;
    for (int a : {3, 4, 5, 6})
        for (int b : {3, 4, 5, 6}) {
            double hier = hierarchical_distance(t, roll_up(t, {a}), roll_up(t, {b}), ones) / (2.0 * levels);
            CHECK(hier == Approx(taxonomic_leaf_distance(t, a, b)));
        }
    CHECK(jaccard({3, 5}, {3, 6}) == Approx(1.0 / 3));
    CHECK(taxonomic_similarity(t, {3}, {3}) == 1.0);
}

TEST_CASE("linkage: KS statistic by hand", "[linkage]") {
    // a = {1, 2, 3}, b = {2.5, 4}: the largest gap between the empirical CDFs is at x in [2, 2.5): 2/3 - 0.
    CHECK(ks_m1({1, 2, 3}, {2.5f, 4}) == Approx(2.0 / 3));
    CHECK(ks_m1({1, 2}, {1, 2}) == 0.0);
    CHECK(ks_m1({1, 2}, {5, 6}) == 1.0);
    // M2: overlap region [2.5, 3]; outside: 1, 2 from a and 4 from b -> 3 of 5.
    CHECK(overlap_m2({1, 2, 3}, {2.5f, 4}) == Approx(3.0 / 5));
}

TEST_CASE("linkage: network gradient matches finite differences", "[linkage]") {
    PairMatrix m;
    m.feature_names = {"f0", "f1"};
    m.input_names = {"a", "b", "c"};
    m.feature_of_input = {0, 0, 1};
    SimilarityNetwork net;
    net.init(m, false);
    auto& p = net.params();
    for (size_t i = 0; i < p.size(); ++i) p[i] = 0.3 * std::sin(1.7 * double(i) + 0.4);
    const float x[3] = {0.7f, -1.2f, 0.4f};
    for (int y : {0, 1}) {
        auto g = net.gradient(x, y);
        for (size_t i = 0; i < p.size(); ++i) {
            const double h = 1e-6, keep = p[i];
            p[i] = keep + h;
            double up = net.log_likelihood(x, y);
            p[i] = keep - h;
            double down = net.log_likelihood(x, y);
            p[i] = keep;
            CHECK(g[i] == Approx((up - down) / (2 * h)).margin(1e-6));
        }
        // Training's accumulating form: w times the same gradient, added to what is there.
        std::vector<double> acc(p.size(), 1.0);
        double S[2];
        net.add_gradient(x, y, 0.25, acc.data(), S);
        for (size_t i = 0; i < p.size(); ++i) CHECK(acc[i] == Approx(1.0 + 0.25 * g[i]));
    }
}

TEST_CASE("linkage: a network wider than 64 features trains and scores (sized by its real inputs)", "[linkage]") {
    // Issue #17: a case file with 62 categorical columns gives 60 features + 5 built-in units; the scratch
    // space was a fixed double[64] and overflowed the stack (ASan: stack-buffer-overflow in eval).
    PairMatrix m;
    const int nf = 70;
    for (int k = 0; k < nf; ++k) {
        m.feature_names.push_back("f" + std::to_string(k));
        m.input_names.push_back("x" + std::to_string(k));
        m.feature_of_input.push_back(k);
    }
    uint32_t state = 12345;
    auto rnd = [&] { state = state * 1664525u + 1013904223u; return float(state >> 8) / float(1u << 24); };
    std::vector<size_t> rows;
    for (size_t r = 0; r < 400; ++r) {
        const uint8_t y = r % 5 == 0;
        for (int k = 0; k < nf; ++k) m.x.push_back(rnd() * 0.5f + (y && k == nf - 1 ? 0.5f : 0.0f));
        m.y.push_back(y);
        rows.push_back(r);
    }
    SimilarityNetwork net;
    TrainParams tp;
    tp.iterations = 40;
    tp.ks_threshold = 0;
    net.train(m, rows, tp);
    // The last feature separates the classes; the wide network must learn it (a corrupted stack would not).
    double pos = 0, neg = 0;
    for (size_t r = 0; r < rows.size(); ++r) (m.y[r] ? pos : neg) += net.predict(&m.x[r * nf]);
    CHECK(pos / 80 > neg / 320);
    std::vector<double> middle;
    net.predict(&m.x[0], middle);
    CHECK(middle.size() == size_t(nf));
    auto g = net.gradient(&m.x[0], 1);
    auto& p = net.params();
    for (size_t i : {size_t(0), size_t(nf - 1), size_t(nf + 65), p.size() - 1}) {
        const double h = 1e-6, keep = p[i];
        p[i] = keep + h;
        const double up = net.log_likelihood(&m.x[0], 1);
        p[i] = keep - h;
        const double down = net.log_likelihood(&m.x[0], 1);
        p[i] = keep;
        CHECK(g[i] == Approx((up - down) / (2 * h)).margin(1e-6));
    }
}

TEST_CASE("linkage: cross-validation folds never split a series, AUC by hand", "[linkage]") {
    std::string dir = cs_test::shared_data("linkage/crimelinkage");
    if (cs_test::exists(dir)) {
        auto cs = load_cases(dir, cs_test::source_dir() + "/assets/linkage/crimelinkage");
        REQUIRE(cs.ok());
        CHECK(cs->size() == 360);
        auto fold = series_folds(cs.value(), 4, 7);
        std::map<std::string, int> seen;
        for (size_t i = 0; i < cs->size(); ++i) {
            if (cs->series[i].empty()) continue;
            auto [it, fresh] = seen.emplace(cs->series[i], fold[i]);
            CHECK(it->second == fold[i]);
        }
    } else {
        WARN("without ../shared/data: the crimelinkage folds are not checked (the rest of this case is)");
    }
    CHECK(roc_auc({0.9, 0.8, 0.3, 0.1}, {1, 0, 1, 0}) == Approx(0.75));
    CHECK(roc_auc({0.5, 0.5}, {1, 0}) == Approx(0.5));
    // A NaN score (a pair whose distance overflowed) ranks lowest and ends its tie run.
    CHECK(roc_auc({NAN, 0.9, NAN, 0.1}, {0, 1, 0, 1}) == Approx(1.0));
    {   // Against the pairwise definition (ties count a half), on scores with many ties.
        std::vector<double> sc;
        std::vector<uint8_t> lab;
        for (int i = 0; i < 400; ++i) { sc.push_back((i * 37 % 23) / 4.0); lab.push_back(static_cast<uint8_t>(i * 11 % 7 < 2)); }
        double wins = 0, pairs = 0;
        for (size_t i = 0; i < sc.size(); ++i)
            for (size_t j = 0; j < sc.size(); ++j)
                if (lab[i] && !lab[j]) { wins += sc[i] > sc[j] ? 1 : sc[i] == sc[j] ? 0.5 : 0; pairs += 1; }
        CHECK(roc_auc(sc, lab) == Approx(wins / pairs).epsilon(1e-12));
    }
    auto at = at_top_share({0.9, 0.8, 0.3, 0.1}, {1, 0, 1, 0}, 0.5);
    CHECK(at.precision == Approx(0.5));
    CHECK(at.recall == Approx(0.5));
}

// ---- case sets from a schema, pairs, series, decisions ----

#include "linkage/decisions.hpp"

namespace {
std::string robbery_schema_dir() { return cs_test::source_dir() + "/assets/linkage/robbery"; }
}  // namespace

TEST_CASE("linkage: robbery schema + CSV, bad rows skipped and counted with line and field", "[linkage]") {
    auto cs = load_cases(cs_test::fixture("linkage/robbery"), robbery_schema_dir());
    REQUIRE(cs.ok());
    CHECK(cs->size() == 4);   // R1, R2, R3, R6
    CHECK(cs->report.rows_read == 7);
    CHECK(cs->report.rows_skipped == 3);   // bad date, no x, repeated id
    std::vector<std::string> issues;
    for (const auto& is : cs->report.first_issues) issues.push_back(crimescope::IngestReport::format_issue(is));
    auto has = [&](const std::string& s) { return std::any_of(issues.begin(), issues.end(), [&](const std::string& i) { return i.find(s) != std::string::npos; }); };
    CHECK(has("cases.csv:5:date_time: not a date"));
    CHECK(has("cases.csv:6:x_m: no location"));
    CHECK(has("cases.csv:7:suspect_age: not a number"));
    CHECK(has("cases.csv:7:actions: 'teleport' is not a leaf"));
    CHECK(has("cases.csv:8:case_id: id 'R1' already on line 2"));
    CHECK(cs->has_times);
    // Hierarchical similarity of R1 and R2 by hand (actions tree: group weights 1 for the four branches,
    // 0.5 for the 15 leaves; max distance 4 + 7.5 = 11.5). R1 {show weapon, snatch}, R2 {show weapon, hit}
    // differ on take (1), snatch (0.5), violence (1), hit (0.5): distance 3.
    const auto& actions = cs->features[8];
    REQUIRE(actions.name == "actions");
    CHECK(actions.similarity(0, 1) == Approx((11.5 - 3.0) / 11.5));
    CHECK(actions.leaves[3].size() == 1);   // R6: 'teleport' dropped, 'snatch' kept
    // Categorical by table, quantitative by QSF, missing -> 0.5.
    CHECK(cs->features[0].similarity(0, 2) == Approx(0.6));                 // gang size 2 vs 1
    CHECK(cs->features[5].similarity(0, 1) == Approx((30.0 - 1.0) / 30.0));  // ages 24, 25
    CHECK(cs->features[5].similarity(0, 3) == kMissing);                     // R6's age did not parse
    CHECK(cs->features[6].similarity(0, 2) == kMissing);                     // R3 has no height
    // Feasibility at 500 km/day: R3 is 11 km away and 79 days later: feasible.
    auto pr = make_pairs(cs.value(), pair_params(cs.value()));
    CHECK(pr.m.n_pairs() == 3);   // pairs among the solved R1, R2, R6
    CHECK(std::all_of(pr.feasible.begin(), pr.feasible.end(), [](uint8_t f) { return f == 1; }));
}

TEST_CASE("linkage: infeasible pairs get the minimum distance similarity", "[linkage]") {
    auto cs = load_cases(cs_test::fixture("linkage/robbery"), robbery_schema_dir());
    REQUIRE(cs.ok());
    cs->speed_m_per_day = 10;   // 10 m a day: R1 and R2 (500 m, 7 days) cannot be one offender's
    auto pp = pair_params(cs.value());
    auto spec = pair_spec(cs.value(), pp);
    std::vector<float> x(spec.n_inputs());
    CHECK_FALSE(pair_inputs(cs.value(), spec, 0, 1, x.data()));
    CHECK(x[0] == 0.0f);
    cs->speed_m_per_day = 500000;
    spec = pair_spec(cs.value(), pair_params(cs.value()));
    CHECK(pair_inputs(cs.value(), spec, 0, 1, x.data()));
    CHECK(x[0] > 0.9f);
}

TEST_CASE("linkage: a case entered in the form is validated, added and ranked", "[linkage]") {
    auto cs = load_cases(cs_test::fixture("linkage/robbery"), robbery_schema_dir());
    REQUIRE(cs.ok());
    NewCase bad;
    bad.id = "N1";
    bad.x = 1050;
    bad.y = 2010;
    bad.date_time = "2026-03-25 21:45";
    bad.values = {{"actions", "show weapon;fly"}};
    auto st = add_case(cs.value(), bad);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().field == "actions");
    CHECK(cs->size() == 4);   // nothing changed
    NewCase c = bad;
    c.values = {{"gang size", "2"}, {"escape", "motorcycle"}, {"actions", "show weapon;snatch"}, {"tools", "knife"}};
    REQUIRE(add_case(cs.value(), c).ok());
    CHECK(cs->size() == 5);
    CHECK(cs->entered.back() == 1);
    CHECK_FALSE(add_case(cs.value(), c).ok());   // the id is taken
    // Ranked against the others with the expert model: R1 (same MO, 50 m away) first, R3 last.
    auto pp = pair_params(cs.value());
    pp.include_unsolved = true;
    auto pr = make_pairs(cs.value(), pp);
    const auto w = expert_weights_of(cs.value(), pr.m);
    std::vector<std::pair<double, std::string>> ranked;
    for (size_t k = 0; k < pr.a.size(); ++k)
        if (pr.a[k] == 4 || pr.b[k] == 4) ranked.push_back({expert_score(pr.m, w, k), cs->id[pr.a[k] == 4 ? pr.b[k] : pr.a[k]]});
    std::sort(ranked.rbegin(), ranked.rend());
    REQUIRE(ranked.size() == 4);
    CHECK(ranked.front().second == "R1");
    CHECK(ranked.back().second == "R3");
}

TEST_CASE("linkage: the schema writes back and reads the same", "[linkage]") {
    auto cs = load_cases(cs_test::fixture("linkage/robbery"), robbery_schema_dir());
    REQUIRE(cs.ok());
    cs->features[0].table.sim[1] = 0.25;   // edited in the grid
    cs->features[8].weights[0] = 2;        // actions: the branch weight
    auto back = parse_schema(schema_json(cs.value()), "written");
    REQUIRE(back.ok());
    REQUIRE(back->features.size() == cs->features.size());
    CHECK(back->features[0].table.sim[1] == 0.25);
    CHECK(back->features[8].weights[0] == 2);
    CHECK(back->features[8].tree.name == cs->features[8].tree.name);
    CHECK(back->speed_m_per_day == cs->speed_m_per_day);
    CHECK_FALSE(parse_schema("{\"id\": \"a\"}", "s.json").ok());
    CHECK_FALSE(parse_schema("[1,2", "s.json").ok());
}

TEST_CASE("linkage: streamed scoring finds the same pairs as the stored matrix", "[linkage]") {
    auto cs = load_cases(cs_test::source_dir() + "/assets/linkage/crimelinkage");
    REQUIRE(cs.ok());
    CHECK(cs->size() == 360);
    auto pp = pair_params(cs.value());
    auto pr = make_pairs(cs.value(), pp);
    std::vector<size_t> all(pr.m.n_pairs());
    std::iota(all.begin(), all.end(), size_t(0));
    SimilarityNetwork net;
    TrainParams tp;
    tp.iterations = 100;
    net.train(pr.m, all, tp);
    pp.include_unsolved = true;
    auto every = make_pairs(cs.value(), pp);
    auto scan = scan_pairs(cs.value(), pp, net, 0.04);
    CHECK(scan.n_pairs == every.m.n_pairs());
    size_t above = 0;
    for (size_t k = 0; k < every.m.n_pairs(); ++k) above += net.predict(&every.m.x[k * every.m.n_inputs()]) >= scan.threshold;
    CHECK(above == scan.above.size());
    CHECK(double(scan.above.size()) >= 0.04 * double(scan.n_pairs));
    CHECK(double(scan.above.size()) <= 0.045 * double(scan.n_pairs));
    for (size_t k = 1; k < scan.above.size(); ++k) CHECK(scan.above[k - 1].p >= scan.above[k].p);
}

TEST_CASE("linkage: learned tables, P/R curve, components and average-linkage series", "[linkage]") {
    auto cs = load_cases(cs_test::source_dir() + "/assets/linkage/crimelinkage");
    REQUIRE(cs.ok());
    auto pp = pair_params(cs.value());
    auto pr = make_pairs(cs.value(), pp);
    std::vector<size_t> all(pr.m.n_pairs());
    std::iota(all.begin(), all.end(), size_t(0));
    learn_tables(cs.value(), pr, all);
    const auto& mo1 = cs->features[0].table;
    const size_t v = mo1.values.size();
    REQUIRE(mo1.sim.size() == v * v);
    CHECK(mo1.sim[1] < 0.5);   // a mismatch on MO1 is evidence against a link
    double best = 0;
    for (size_t k = 0; k < v; ++k) best = std::max(best, mo1.sim[k * v + k]);
    CHECK(best > 0.5);         // some matches are evidence for one
    auto curve = pr_curve({0.9, 0.8, 0.3, 0.1}, {1, 0, 1, 0}, 10);
    CHECK(curve.front().recall == 1.0);
    CHECK(curve.front().precision == 0.5);
    CHECK(curve[5].precision == Approx(0.5));   // threshold 0.5: 0.9 and 0.8 flagged
    CHECK(curve[5].recall == Approx(0.5));
    // 0-1 0.9, 1-2 0.8, 3-4 0.7, 2-3 0.1: components at 0.5 -> {0,1,2}, {3,4}, {5} alone.
    std::vector<uint32_t> a{0, 1, 3, 2}, b{1, 2, 4, 3};
    std::vector<double> s{0.9, 0.8, 0.7, 0.1};
    auto comp = components(6, a, b, s, 0.5);
    CHECK(comp == std::vector<int>{0, 0, 0, 1, 1, -1});
    // Average linkage: {0,1} at 0.9; then {0,1}+2 averages (0 + 0.8) / 2 = 0.4; {3,4} at 0.7.
    CHECK(average_linkage(6, a, b, s, 0.5) == std::vector<int>{0, 0, -1, 1, 1, -1});
    CHECK(average_linkage(6, a, b, s, 0.35) == std::vector<int>{0, 0, 0, 1, 1, -1});
}

TEST_CASE("linkage: decisions round-trip, export as CSV, and label training pairs", "[linkage]") {
    UserData u;
    u.set = "crimelinkage";
    u.decide("C:2", "C:1", true, "same knife, \"red jacket\"");
    u.decide("C:3", "C:1", false);
    u.decide("C:1", "C:3", true);   // changed
    REQUIRE(u.decisions.size() == 2);
    CHECK(u.find("C:3", "C:1")->linked);
    NewCase c;
    c.id = "N1";
    c.x = 1;
    c.y = 2;
    c.date_time = "1993-05-01 10:00";
    c.values = {{"MO1", "6"}};
    u.cases.push_back(c);
    auto back = parse_user_data(user_data_json(u), "u.json");
    REQUIRE(back.ok());
    CHECK(back->decisions.size() == 2);
    CHECK(back->decisions[0].note == "same knife, \"red jacket\"");
    CHECK(back->cases.size() == 1);
    CHECK(back->cases[0].values[0].second == "6");
    CHECK(decisions_csv(u).find("C:1,C:2,linked,\"same knife, \"\"red jacket\"\"\"") != std::string::npos);
    CHECK_FALSE(parse_user_data("{\"format\": \"other\"}", "x.json").ok());
    CHECK_FALSE(parse_user_data("{\"format\": \"crimescope-linkage-user-data\", \"version\": 1, \"decisions\": [{\"a\": \"1\", \"b\": \"2\", \"decision\": \"maybe\"}]}", "x.json").ok());
    auto cs = load_cases(cs_test::source_dir() + "/assets/linkage/crimelinkage");
    REQUIRE(cs.ok());
    auto pp = pair_params(cs.value());
    pp.include_unsolved = true;
    auto pr = make_pairs(cs.value(), pp);
    CHECK(apply_decisions(cs.value(), u, pr) >= 1);
    for (size_t k = 0; k < pr.a.size(); ++k)
        if ((cs->id[pr.a[k]] == "C:1" && cs->id[pr.b[k]] == "C:2") || (cs->id[pr.a[k]] == "C:2" && cs->id[pr.b[k]] == "C:1")) {
            CHECK(pr.m.y[k] == 1);
            CHECK(pr.labelled[k] == 1);
        }
}

TEST_CASE("linkage: a quantity's level is an input beside its similarity", "[linkage]") {
    auto cs = load_cases(cs_test::fixture("linkage/robbery"), robbery_schema_dir());
    REQUIRE(cs.ok());
    REQUIRE(cs->id == std::vector<std::string>{"R1", "R2", "R3", "R6"});
    const auto spec = pair_spec(cs.value(), pair_params(cs.value()));
    auto at = [&](const std::string& name) {
        auto it = std::find(spec.input_names.begin(), spec.input_names.end(), name);
        REQUIRE(it != spec.input_names.end());
        return static_cast<size_t>(it - spec.input_names.begin());
    };
    const size_t age_sim = at("suspect age similarity"), age = at("suspect age level (smaller value)");
    const size_t height = at("suspect height level (smaller value)");
    CHECK(age == age_sim + 1);
    CHECK(spec.feature_of_input[age] == spec.feature_of_input[age_sim]);
    std::vector<float> x(spec.n_inputs());
    pair_inputs(cs.value(), spec, 0, 1, x.data());   // R1 (24, 172 cm) and R2 (25, 175 cm)
    CHECK(x[age_sim] == Approx(1.0 - 1.0 / 30));
    CHECK(x[age] == Approx(std::asinh(24.0)));
    CHECK(x[height] == Approx(std::asinh(172.0)));
    pair_inputs(cs.value(), spec, 0, 2, x.data());   // R3 has no height: level 0, similarity 0.5
    CHECK(x[height] == 0.0f);
    CHECK(x[height - 1] == Approx(0.5));
}

namespace {
// Two series whose mates lie 0.4 apart in y, and two other cases 0.3 apart from them in x: with y as it is the
// unlinked pairs are the closer; with y scaled by 2^(-2/4) or less every linked pair comes first.
CaseSet squeezed_set() {
    CaseSet cs;
    cs.coords = Coordinates::PlanarUnknown;
    cs.metres_per_unit = 0;
    const struct { const char* id; double x, y; const char* series; } rows[] = {
        {"A1", 0, 0, "A"}, {"A2", 0, 0.4, "A"}, {"B1", 5, 0, "B"}, {"B2", 5, 0.4, "B"}, {"C1", 0.3, 0, "C"}, {"D1", 5.3, 0, "D"}};
    for (const auto& r : rows) {
        cs.id.push_back(r.id);
        cs.x.push_back(r.x);
        cs.y.push_back(r.y);
        cs.day.push_back(20000);
        cs.minute_of_day.push_back(NAN);
        cs.weekday.push_back(NAN);
        cs.series.push_back(r.series);
        cs.entered.push_back(0);
    }
    return cs;
}
}  // namespace

TEST_CASE("linkage: the y scale of a planar-unknown set is fitted to its series", "[linkage]") {
    auto cs = squeezed_set();
    CHECK(fit_y_scale(cs) == Approx(std::sqrt(0.5)));   // the ranking is perfect from 2^(-2/4): ties go nearer 1
    set_y_scale(cs, 0.5);
    CHECK(cs.y[1] == Approx(0.2));
    CHECK(fit_y_scale(cs) == Approx(std::sqrt(0.5)));   // fitted on the file's values whatever the current scale
    std::vector<uint8_t> only_a = {1, 1, 0, 0, 1, 0};   // training cases: series A and C
    CHECK(fit_y_scale(cs, &only_a) == Approx(std::sqrt(0.5)));
    std::vector<uint8_t> no_pairs = {1, 0, 0, 0, 1, 0};   // no linked pair: the scale stays
    CHECK(fit_y_scale(cs, &no_pairs) == 0.5);
    NewCase c;   // an entered case keeps the file's units: its y is scaled like the others
    c.id = "N1";
    c.x = 1;
    c.y = 0.4;
    c.date_time = "2024-10-01";
    REQUIRE(add_case(cs, c).ok());
    CHECK(cs.y.back() == Approx(0.2));

    // The schema: a number or "fit", for planar-unknown sets only; "fit" survives the round trip.
    const std::string head = R"({"file": "c.csv", "id": "id", "x": "x", "y": "y", "time": "t", )";
    CHECK(parse_schema(head + R"("coordinates": "planar-unknown", "y_scale": "fit"})", "s.json")->y_scale_fit);
    CHECK(parse_schema(head + R"("coordinates": "planar-unknown", "y_scale": 2.5})", "s.json")->y_scale == 2.5);
    auto bad = parse_schema(head + R"("coordinates": "planar-unknown", "y_scale": -1})", "s.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field == "y_scale");
    CHECK_FALSE(parse_schema(head + R"("coordinates": "planar-metres", "y_scale": 2})", "s.json").ok());

    // The bundled Israel set: x and y were min-max scaled separately; the country is about 2.8 times as long
    // (north-south) as it is wide, and the fit on its series lands near that.
    auto isr = load_cases(cs_test::source_dir() + "/assets/linkage/israel_burglary_2020h1");
    REQUIRE(isr.ok());
    CHECK(isr->y_scale_fit);
    CHECK(isr->y_scale >= 2.0);
    CHECK(isr->y_scale <= 4.0);
    CHECK(isr->y[0] / isr->y_scale == Approx(0.6542097096408352));   // CID#10 as in the file
    auto back = parse_schema(schema_json(isr.value()), "written");
    REQUIRE(back.ok());
    CHECK(back->y_scale_fit);
}

TEST_CASE("linkage: a CSV without a schema: columns read by name, the rest become features", "[linkage]") {
    // Real Chicago portal rows (lat/lon, 12-hour dates, no series): two rows have no coordinates.
    auto g = infer_schema(cs_test::fixture("incidents/chicago_portal_sample.csv"));
    REQUIRE(g.ok());
    auto j = nlohmann::json::parse(g->schema_json);
    CHECK(j["coordinates"] == "latlon");
    CHECK(j["x"] == "Longitude");
    CHECK(j["y"] == "Latitude");
    CHECK(j["id"] == "ID");
    CHECK(j["time"] == "Date");
    CHECK_FALSE(j.contains("series"));
    std::map<std::string, std::string> kind;
    for (const auto& f : j["features"]) kind[f["name"]] = f["kind"];
    CHECK(kind["Primary Type"] == "categorical");
    CHECK(kind["District"] == "categorical");          // an area code, not a quantity
    CHECK(kind.count("Case Number") == 0);             // an identifier
    CHECK(kind.count("Year") == 0);                    // part of the date
    CHECK(kind.count("X Coordinate") == 0);            // a second location
    CHECK(kind.count("Updated On") == 0);              // a second date
    std::vector<std::string> notes;
    auto cs = open_case_set(cs_test::fixture("incidents/chicago_portal_sample.csv"), &notes);
    REQUIRE(cs.ok());
    CHECK(cs->coords == Coordinates::LatLon);
    CHECK(cs->report.rows_skipped >= 2);
    CHECK(cs->report.first_issues.front().line == 2);
    CHECK(cs->type_feature() >= 0);
    CHECK(cs->has_times);
    CHECK(std::find_if(notes.begin(), notes.end(), [](const std::string& n) { return n.find("no series") != std::string::npos; }) != notes.end());
    // The planar metres go back to the file's latitude / longitude; an entered case is given in them too.
    double lat, lon;
    latlon_of(cs.value(), cs->x[0], cs->y[0], lat, lon);
    CHECK(lat > 41.6);
    CHECK(lat < 42.1);
    CHECK(lon > -87.95);
    CHECK(lon < -87.5);
    NewCase c;
    c.id = "N1";
    c.x = -87.63;
    c.y = 41.88;
    c.date_time = "2023-01-05 10:00";
    REQUIRE(add_case(cs.value(), c).ok());
    latlon_of(cs.value(), cs->x.back(), cs->y.back(), lat, lon);
    CHECK(lat == Approx(41.88));
    CHECK(lon == Approx(-87.63));
    c.id = "N2";
    c.y = 141.88;
    CHECK_FALSE(add_case(cs.value(), c).ok());
}

TEST_CASE("linkage: an inferred schema finds the series, leaves out what would leak it, and loads like the written one", "[linkage]") {
    const std::string israel = cs_test::source_dir() + "/assets/linkage/israel_burglary_2020h1";
    auto g = infer_schema(israel + "/crimes.csv");
    REQUIRE(g.ok());
    auto j = nlohmann::json::parse(g->schema_json);
    CHECK(j["coordinates"] == "planar-unknown");
    CHECK(j["y_scale"] == "fit");
    CHECK(j["series"] == "group_id");
    REQUIRE(j["features"].size() == 1);
    CHECK(j["features"][0]["name"] == "num_offenders");
    CHECK(j["features"][0]["kind"] == "quantitative");
    CHECK(g->schema_json.find("\"group_size\"") == std::string::npos);   // the series' size would give it away
    auto guessed = load_cases_with_schema(g->schema_json, "inferred", israel, "");
    auto written = load_cases(israel);
    REQUIRE(guessed.ok());
    REQUIRE(written.ok());
    CHECK(guessed->size() == written->size());
    CHECK(guessed->y_scale == written->y_scale);
    CHECK(guessed->series == written->series);
    // The CSV opened as a file: the schema.json beside it names it, so that one is used.
    auto beside = open_case_set(israel + "/crimes.csv");
    REQUIRE(beside.ok());
    CHECK(beside->features.front().name == "offenders");

    // The robbery fixture's folder has no schema.json: inferred, with the same rows skipped.
    std::vector<std::string> notes;
    auto rob = open_case_set(cs_test::fixture("linkage/robbery"), &notes);
    REQUIRE(rob.ok());
    CHECK(rob->size() == 4);
    CHECK(rob->report.rows_skipped == 3);
    CHECK(rob->coords == Coordinates::PlanarMetres);
    CHECK(std::count(rob->series.begin(), rob->series.end(), "S1") == 3);

    // count_pairs says what make_pairs would hold.
    auto pp = pair_params(written.value());
    pp.include_unsolved = true;
    CHECK(count_pairs(written.value(), pp) == make_pairs(written.value(), pp).a.size());

    // Files that cannot be read as cases say which column is missing.
    CHECK_FALSE(open_case_set(cs_test::fixture("linkage/no-such-folder")).ok());
    const std::string path = "/tmp/crimescope_test_no_date.csv";
    REQUIRE(crimescope::write_file_atomic(path, "case,x,y,when,mo\nA,1,2,soon,a\nB,3,4,later,b\n").ok());
    auto no_date = infer_schema(path);
    REQUIRE_FALSE(no_date.ok());
    CHECK(no_date.error().file == path);
    CHECK(no_date.error().field == "date");
    REQUIRE(crimescope::write_file_atomic(path, "case,when,mo,kind\nA,2024-01-01,a,b\n").ok());
    auto no_place = infer_schema(path);
    REQUIRE_FALSE(no_place.ok());
    CHECK(no_place.error().field == "location");
}

TEST_CASE("linkage: a JSON case file reads like its CSV, records are reported by line as in a CSV", "[linkage]") {
    namespace fs = std::filesystem;
    const std::string dir = "/tmp/crimescope_test_json_cases";
    fs::remove_all(dir);
    fs::create_directories(dir);
    // The robbery form's schema, its file renamed; R1 and R2 as JSON (MO leaves as lists), one bad date.
    const auto bytes = crimescope::read_file_bytes(robbery_schema_dir() + "/schema.json");
    REQUIRE(bytes.ok());
    auto schema = nlohmann::json::parse(bytes->begin(), bytes->end());
    schema["file"] = "cases.json";
    REQUIRE(crimescope::write_file_atomic(dir + "/schema.json", schema.dump()).ok());
    const std::string cases = R"([
      {"case_id": "R1", "x_m": 1000, "y_m": 2000, "date_time": "2026-03-02 21:30", "series": "S1", "gang_size": 2,
       "suspect_age": 24, "actions": ["show weapon", "snatch"], "tools": ["knife", "motorcycle used"]},
      {"case_id": "R4", "x_m": 1200, "y_m": 2100, "date_time": "not a date"},
      {"case_id": "R2", "x_m": 1400, "y_m": 2300, "date_time": "2026-03-09 22:10", "series": "S1", "gang_size": 2,
       "suspect_age": 25, "actions": ["show weapon", "hit"], "tools": ["knife"], "note": "two lines\nof text, \"quoted\""}])";
    REQUIRE(crimescope::write_file_atomic(dir + "/cases.json", cases).ok());
    auto cs = load_cases(dir);
    REQUIRE(cs.ok());
    CHECK(cs->id == std::vector<std::string>{"R1", "R2"});
    CHECK(cs->report.rows_skipped == 1);
    CHECK(cs->report.first_issues.front().line == 3);   // the second record
    CHECK(cs->report.first_issues.front().field == "date_time");
    const auto& actions = cs->features[static_cast<size_t>(std::find_if(cs->features.begin(), cs->features.end(),
                                                                         [](const Feature& f) { return f.name == "actions"; }) - cs->features.begin())];
    CHECK(actions.leaves[0].size() == 2);
    CHECK(actions.leaves[1].size() == 2);
    // Without a schema: inferred from the keys (the list-valued columns as categorical text).
    fs::remove(dir + "/schema.json");
    std::vector<std::string> notes;
    auto guessed = open_case_set(dir, &notes);
    REQUIRE(guessed.ok());
    CHECK(guessed->size() == 2);
    CHECK(guessed->series == std::vector<std::string>{"S1", "S1"});
    REQUIRE(crimescope::write_file_atomic(dir + "/cases.json", R"({"cases": 3})").ok());
    auto bad = open_case_set(dir + "/cases.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().file == dir + "/cases.json");
}

