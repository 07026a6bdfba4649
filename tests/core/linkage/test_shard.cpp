// Tests for linkage/shard (issue 18): `link rank` split into N shards (two passes each, then the merge) gives
// the single-process ranking exactly: pairs, threshold, pairs above it, the listed pairs with their reasons, and
// the series; on the bundled crimelinkage set and on a copy with every case twice (every score tied with
// another, so ties at the threshold are all kept), for several shard counts; the shards' position ranges cover
// the set in time order; a threshold given gives the same as the one found; the shard files round-trip
// exactly, and files of another set, a missing or doubled shard, or a truncated file are refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "linkage/cases.hpp"
#include "linkage/shard.hpp"
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
Model quick_model(CaseSet& cs) {
    Recipe r;
    r.net.iterations = 60;   // fewer than the default, to keep the test short
    auto md = train(cs, nullptr, r);
    REQUIRE(md.ok());
    return md.value();
}
// Every case twice (the copy's id suffixed): each pair's score is shared with its copies.
CaseSet doubled(const CaseSet& cs) {
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < cs.size(); ++i) order.push_back(i);
    for (uint32_t i = 0; i < cs.size(); ++i) order.push_back(i);
    auto d = select_cases(cs, order);
    for (size_t i = cs.size(); i < d.size(); ++i) d.id[i] += "'";
    d.name = cs.name + " doubled";
    return d;
}
void require_same(const Ranking& a, const Ranking& b) {
    REQUIRE(a.n_pairs == b.n_pairs);
    REQUIRE(a.threshold == b.threshold);
    REQUIRE(a.above == b.above);
    REQUIRE(a.top_share == b.top_share);
    REQUIRE(a.feature_names == b.feature_names);
    REQUIRE(a.top.size() == b.top.size());
    for (size_t k = 0; k < a.top.size(); ++k) {
        INFO("pair " << k);
        REQUIRE(a.top[k].a == b.top[k].a);
        REQUIRE(a.top[k].b == b.top[k].b);
        REQUIRE(a.top[k].probability == b.top[k].probability);
        REQUIRE(a.top[k].feasible == b.top[k].feasible);
        REQUIRE(a.top[k].distance == b.top[k].distance);
        REQUIRE(a.top[k].gap_days == b.top[k].gap_days);
        REQUIRE(a.top[k].feature_similarity == b.top[k].feature_similarity);
    }
    REQUIRE(a.series == b.series);
}
}  // namespace

TEST_CASE("shard: N shards merged give the single-process ranking and series exactly", "[shard]") {
    auto cs = crimelinkage();
    const auto md = quick_model(cs);
    const auto cs0 = crimelinkage();
    {
        auto single = rank(md, cs0, 300, "m.json", true);
        REQUIRE(single.ok());
        REQUIRE(single->above > 300);
        REQUIRE(*std::max_element(single->series.begin(), single->series.end()) == 0);   // at the top 4%: one series
        for (size_t shards : {1, 2, 3, 7}) {
            INFO(shards << " shards");
            auto sharded = rank_sharded(md, cs0, 300, shards, true, "m.json");
            REQUIRE(sharded.ok());
            require_same(single.value(), sharded.value());
        }
    }
    // At a higher threshold (the 151st best pair's), many series: merged from 3 shards' forests as the
    // components of every pair at or above it.
    {
        auto single = rank(md, cs0, 300, "m.json", false);
        REQUIRE(single.ok());
        const double at = single->top[150].probability;
        std::vector<uint32_t> a, b;
        std::vector<double> p;
        for (const auto& q : single->top) { a.push_back(q.a); b.push_back(q.b); p.push_back(q.probability); }
        REQUIRE(single->top.back().probability < at);   // every pair at or above `at` is in the list
        const auto want = components(cs0.size(), a, b, p, at);
        REQUIRE(*std::max_element(want.begin(), want.end()) >= 5);
        auto in = rank_inputs(md, cs0, "m.json");
        REQUIRE(in.ok());
        const auto t = time_ordered(in.value());
        const auto fp = ranking_fingerprint(md, cs0);
        std::vector<ShardPart> parts;
        for (size_t s = 0; s < 3; ++s) parts.push_back(shard_part(in.value(), t, {s, 3, cs0.size(), fp}, fixed_cut(at), 20, true));
        auto merged = merge_parts(md, in.value(), parts, fp, 20, true);
        REQUIRE(merged.ok());
        CHECK(merged->above == 151);
        CHECK(merged->series == want);
    }
    // The order: probability as printed descending, then raw probability, then a, b; a < b. scan_pairs (which
    // the single-process rank lists from) gives every pair above the threshold in that order.
    {
        auto in = rank_inputs(md, cs0, "m.json");
        REQUIRE(in.ok());
        const auto scan = scan_pairs(in->cs, in->pp, in->net, md.top_share);
        REQUIRE(scan.above.size() > 1000);
        REQUIRE(std::is_sorted(scan.above.begin(), scan.above.end(), ranks_before));
    }
    auto single = rank(md, cs0, 300, "m.json", false);
    REQUIRE(single.ok());
    for (size_t k = 0; k < single->top.size(); ++k) {
        REQUIRE(single->top[k].a < single->top[k].b);
        if (k) REQUIRE(!ranks_before({single->top[k].a, single->top[k].b, single->top[k].probability},
                                     {single->top[k - 1].a, single->top[k - 1].b, single->top[k - 1].probability}));
    }
}

TEST_CASE("shard: ties at the threshold are all kept, sharded as single-process", "[shard]") {
    auto cs = crimelinkage();
    const auto md = quick_model(cs);
    const auto d = doubled(crimelinkage());
    auto single = rank(md, d, 2000, "m.json", true);
    REQUIRE(single.ok());
    // Each pair's score is shared by its copies, so the count above the threshold includes every tie.
    REQUIRE(single->above >= flagged_count(single->n_pairs, md.top_share));
    for (size_t shards : {2, 5}) {
        INFO(shards << " shards");
        auto sharded = rank_sharded(md, d, 2000, shards, true, "m.json");
        REQUIRE(sharded.ok());
        require_same(single.value(), sharded.value());
    }
}

TEST_CASE("shard: ranges cover the set in time order, a given threshold, files round-trip, mismatches refused", "[shard]") {
    auto cs = crimelinkage();
    const auto md = quick_model(cs);
    const auto cs0 = crimelinkage();
    auto in = rank_inputs(md, cs0, "m.json");
    REQUIRE(in.ok());
    const auto t = time_ordered(in.value());
    // The time-ordered layout is what pair_spec computes for the reordered set.
    const auto direct = pair_spec(t.cs, in->pp, &t.order);
    REQUIRE(t.spec.local_scale == direct.local_scale);
    REQUIRE(t.spec.log_local_scale == direct.log_local_scale);
    REQUIRE(t.spec.neighbours == direct.neighbours);
    REQUIRE(t.spec.input_names == direct.input_names);
    REQUIRE(t.spec.dmax == direct.dmax);
    for (size_t n : {1, 4, 9}) {
        const auto b = shard_bounds(t, in->pp, n);
        REQUIRE(b.size() == n + 1);
        REQUIRE(b.front() == 0);
        REQUIRE(b.back() == cs0.size());
        REQUIRE(std::is_sorted(b.begin(), b.end()));
    }
    const auto fp = ranking_fingerprint(md, cs0);
    // The layout file gives rank_inputs' layout to the bit.
    auto laid = rank_inputs_with_layout(md, cs0, layout_json(in.value(), fp), "l.json", fp, "m.json");
    REQUIRE(laid.ok());
    REQUIRE(laid->spec.local_scale == in->spec.local_scale);
    REQUIRE(laid->spec.log_local_scale == in->spec.log_local_scale);
    REQUIRE(laid->spec.neighbours == in->spec.neighbours);
    REQUIRE(laid->spec.input_names == in->spec.input_names);
    REQUIRE(laid->spec.feature_of_input == in->spec.feature_of_input);
    REQUIRE(laid->spec.dmax == in->spec.dmax);
    REQUIRE(laid->spec.unit_m == in->spec.unit_m);
    REQUIRE(laid->spec.times == in->spec.times);
    REQUIRE(laid->net.params() == in->net.params());
    CHECK_FALSE(rank_inputs_with_layout(md, cs0, layout_json(in.value(), fp), "l.json", "0000000000000000", "m.json").ok());
    const size_t N = 3;
    std::vector<ShardHistogram> hists;
    uint64_t total = 0;
    for (size_t s = 0; s < N; ++s) {
        hists.push_back(shard_histogram(in.value(), t, {s, N, cs0.size(), fp}));
        total += hists.back().pairs;
        auto back = parse_histogram(histogram_json(hists.back()), "h.json");
        REQUIRE(back.ok());
        REQUIRE(back->counts == hists.back().counts);
        REQUIRE(back->id.fingerprint == fp);
    }
    auto single = rank(md, cs0, 50, "m.json", true);
    REQUIRE(single.ok());
    REQUIRE(total == single->n_pairs);
    auto cut = cut_of(hists, {0, N, cs0.size(), fp}, md.top_share);
    REQUIRE(cut.ok());
    std::vector<ShardPart> parts;
    for (size_t s = 0; s < N; ++s) {
        const auto p = shard_part(in.value(), t, {s, N, cs0.size(), fp}, cut.value(), 50, true);
        auto back = parse_part(part_json(p), "p.json");
        REQUIRE(back.ok());
        REQUIRE(back->band.size() == p.band.size());
        for (size_t k = 0; k < p.band.size(); ++k) REQUIRE(back->band[k].p == p.band[k].p);   // exactly
        REQUIRE(back->forest == p.forest);
        parts.push_back(back.value());
    }
    auto merged = merge_parts(md, in.value(), parts, fp, 50, true);
    REQUIRE(merged.ok());
    require_same(single.value(), merged.value());
    // The threshold given instead of found: the same pairs.
    std::vector<ShardPart> fixed;
    for (size_t s = 0; s < N; ++s) fixed.push_back(shard_part(in.value(), t, {s, N, cs0.size(), fp}, fixed_cut(single->threshold), 50, true));
    auto at = merge_parts(md, in.value(), fixed, fp, 50, true);
    REQUIRE(at.ok());
    require_same(single.value(), at.value());
    // Mismatches.
    CHECK_FALSE(cut_of({hists[0], hists[1]}, {0, N, cs0.size(), fp}, md.top_share).ok());             // a shard missing
    CHECK_FALSE(cut_of({hists[0], hists[1], hists[1]}, {0, N, cs0.size(), fp}, md.top_share).ok());   // doubled
    CHECK_FALSE(cut_of(hists, {0, N, cs0.size(), "0000000000000000"}, md.top_share).ok());           // another set
    CHECK_FALSE(merge_parts(md, in.value(), {parts[0], parts[2]}, fp, 50, true).ok());
    CHECK_FALSE(merge_parts(md, in.value(), parts, fp, 51, true).ok());                                // fewer kept than asked
    CHECK_FALSE(merge_parts(md, in.value(), {parts[0], parts[1], fixed[2]}, fp, 50, true).ok());      // another cut
    auto d = doubled(cs0);
    CHECK(ranking_fingerprint(md, d) != fp);
    const auto text = part_json(parts[0]);
    auto cut_text = parse_part(text.substr(0, text.size() / 2), "p.json");
    REQUIRE_FALSE(cut_text.ok());
    CHECK(cut_text.error().file == "p.json");
    auto wrong = parse_part(histogram_json(hists[0]), "h.json");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().field == "format");
}
