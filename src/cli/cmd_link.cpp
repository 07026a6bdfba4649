// cmd_link: serial-crime linkage (paper 003).
//   link eval  --set crimelinkage|israel: 4-fold cross-validation that never splits a series, on all pairs
//              within the window: ROC AUC, precision / recall at the top 4%, the share of a case's series
//              found in its top 50, and the confusion matrix at the threshold, for distance only, the expert
//              weighting, logistic regression, a naive Bayes in the spirit of crimelinkage (binned inputs)
//              and the similarity network. --json prints the same as JSON. --repeats N repeats the
//              cross-validation over N fold assignments and prints the spread of each AUC; --in-sample adds
//              every model fitted and scored on all pairs (optimistic; how the issue's references were taken).
//   link train writes the network (weights, KS M1 / M2, the threshold at the top share, the training P/R
//              curve) as JSON; link rank scores every pair of a set (streamed) and lists the suspicious ones
//              with per-feature reasons.
//              --series adds the series (connected components at or above the threshold). Sharded (for
//              scripts/cluster.py; linkage/shard.hpp): --shard I/N --histogram-out F (pass 1), then
//              --shard I/N --histogram-in F... (or --threshold T) --part-out F (pass 2), then --merge F... prints
//              the JSON the single-process rank prints; --layout-out F once and --layout-in F in every step
//              spare each process the neighbour search. --threshold T alone ranks at that threshold.
//   link resample: a case set resampled as bench link resamples it, written as a folder (schema.json + CSV).
//   bench link: 10k cases resampled from a bundled set, every pair within 365 days scored; pairs/s.
// The workflow (recipe, cross-validation, training, the threshold, ranking, the model file) is core's
// (linkage/workflow.hpp, cross_validation.hpp, model_io.hpp), shared with the app; this file parses options and prints.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "base/parallel.hpp"
#include "commands.hpp"
#include "linkage/cases.hpp"
#include "linkage/cross_validation.hpp"
#include "linkage/model_io.hpp"
#include "linkage/shard.hpp"
#include "linkage/workflow.hpp"

namespace crimescope::cli {

namespace {

using nlohmann::json;

std::string set_folder(const std::string& set) {
    if (set == "israel") return "israel_burglary_2020h1";
    return set;   // crimelinkage, robbery
}

// A bundled set, or `dir` with its own schema.json (else the bundled set's schema, for the shared data's
// copies of the same files).
Result<linkage::CaseSet> load_set(const Context& ctx, const std::string& set, const std::string& dir) {
    const std::string bundled = ctx.assets_dir + "/linkage/" + set_folder(set);
    if (dir.empty()) return linkage::load_cases(bundled);
    if ((dir.size() > 4 && (dir.compare(dir.size() - 4, 4, ".csv") == 0 || dir.compare(dir.size() - 4, 4, ".CSV") == 0)) || linkage::is_json_file(dir)) {
        std::vector<std::string> notes;   // a case file without a schema: the schema is inferred, and said
        auto cs = linkage::open_case_set(dir, &notes);
        for (const auto& n : notes) std::fprintf(stderr, "schema: %s\n", n.c_str());
        return cs;
    }
    if (std::FILE* f = std::fopen((dir + "/schema.json").c_str(), "rb")) {
        std::fclose(f);
        return linkage::load_cases(dir);
    }
    return linkage::load_cases(dir, bundled);
}

void print_skips(const linkage::CaseSet& cs) {
    if (cs.report.rows_skipped == 0 && cs.report.first_issues.empty()) return;
    std::fprintf(stderr, "%s: %ld rows read, %ld kept, %ld skipped\n", cs.report.file.c_str(), cs.report.rows_read, cs.report.rows_kept, cs.report.rows_skipped);
    for (const auto& is : cs.report.first_issues) std::fprintf(stderr, "  %s\n", IngestReport::format_issue(is).c_str());
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Options {
    std::string set = "crimelinkage", dir, model_out, model_in;
    int folds = 4, window = 365, limit = 100, cases = 10000;
    double share = 0.04;
    int repeats = 1;
    double l2 = -1;   // < 0: TrainParams' default
    bool as_json = false;
    bool learn_tables = true;
    bool in_sample = false;
    // link rank: series, shards (linkage/shard.hpp), a given threshold
    bool series = false;
    std::string shard, histogram_out, part_out, layout_out, layout_in;
    std::vector<std::string> histogram_in, merge;
    double threshold = NAN;
    // link resample
    uint32_t seed = 11;
    std::string resample_out;
};
Options g_opt;

// The workflow's recipe with the options given (its defaults otherwise).
linkage::Recipe recipe_of(const Options& o) {
    linkage::Recipe r;
    if (o.l2 >= 0) r.net.l2 = o.l2;
    r.learn_tables = o.learn_tables;
    r.top_share = o.share;
    r.folds = o.folds;
    return r;
}
constexpr int kNumMethods = linkage::kEvalMethods;
const char* const* kMethods = linkage::kEvalMethodNames;

// The folds of one cross-validation as JSON, and (say) the lines `link eval` prints about them.
json folds_json(const linkage::CrossValidation& run, const linkage::CaseSet& cs, const linkage::PairMatrix& m, bool say) {
    json folds = json::array();
    for (const auto& fi : run.fold_info) {
        json kept = json::object();
        for (size_t i = 0; i < m.n_inputs(); ++i) kept[m.input_names[i]] = {{"ks_m1", std::round(fi.ks_m1[i] * 1000) / 1000}, {"kept", fi.kept[i] != 0}};
        folds.push_back({{"fold", fi.fold}, {"train_pairs", fi.train_pairs}, {"test_pairs", fi.test_pairs}, {"inputs", kept}, {"y_scale", fi.y_scale},
                         {"l2", fi.l2}});
        if (!say) continue;
        if (cs.y_scale_fit) std::printf("  fold %d: y scale fitted on the training cases: %.3f\n", fi.fold, fi.y_scale);
        if (fi.fold == 0) {
            std::printf("  fold 0 network: KS M1 per input:");
            for (size_t i = 0; i < m.n_inputs(); ++i) std::printf(" %s %.2f%s;", m.input_names[i].c_str(), fi.ks_m1[i], fi.kept[i] ? "" : " (pruned)");
            std::printf("\n");
        }
    }
    return folds;
}

void fail(Context& ctx, const std::string& msg) {
    std::fprintf(stderr, "error: %s\n", msg.c_str());
    ctx.exit_code = 1;
}

void run_eval(Context& ctx) {
    auto& o = g_opt;
    auto cs = load_set(ctx, o.set, o.dir);
    if (!cs) return fail(ctx, cs.error().to_string());
    print_skips(cs.value());
    auto t0 = std::chrono::steady_clock::now();
    auto pp = linkage::pair_params(cs.value());
    pp.window_days = o.window;
    const auto pr0 = linkage::make_pairs(cs.value(), pp);
    const double pair_s = seconds_since(t0);
    auto pr = pr0;   // inputs change per fold when similarity tables are learned from the training pairs
    const auto& m = pr.m;
    const size_t np = m.n_pairs();
    size_t linked = 0;
    for (auto v : m.y) linked += v;
    if (linked == 0 || linked == np)
        return fail(ctx, cs->name + ": " + std::to_string(np) + " pairs of solved cases, " + std::to_string(linked) +
                             " of them linked: evaluation needs both linked and unlinked pairs (a series column with series of two or more cases)");
    if (!o.as_json)
        std::printf("link eval: %s: %zu cases, %zu pairs of solved cases within %d days (%zu linked), built in %.2f s; %d folds by series\n",
                    cs->name.c_str(), cs->size(), np, o.window, linked, pair_s, o.folds);
    const auto recipe = recipe_of(o);
    const auto run = linkage::cross_validate(cs.value(), pr0, pp, pr, linkage::series_folds(cs.value(), o.folds, recipe.fold_seed), o.folds, false, recipe);
    const json folds_j = folds_json(run, cs.value(), m, !o.as_json);
    // Pool the test pairs of every fold.
    std::vector<size_t> idx;
    for (size_t k = 0; k < np; ++k)
        if (run.in_test[k]) idx.push_back(k);
    linkage::Pairs tpairs;
    std::vector<uint8_t> ty;
    for (size_t k : idx) { tpairs.a.push_back(pr.a[k]); tpairs.b.push_back(pr.b[k]); ty.push_back(m.y[k]); }
    size_t tlinked = 0;
    for (auto v : ty) tlinked += v;
    json out;
    out["set"] = cs->name;
    out["cases"] = cs->size();
    out["pairs"] = np;
    out["linked_pairs"] = linked;
    out["window_days"] = o.window;
    out["split"] = std::to_string(o.folds) + "-fold cross-validation by series (a series never spans folds); test pairs have both cases in the held-out fold";
    out["fold_seed"] = recipe.fold_seed;
    out["test_pairs"] = idx.size();
    out["test_linked"] = tlinked;
    out["top_share"] = o.share;
    out["folds"] = folds_j;
    if (!o.as_json) {
        std::printf("  %zu test pairs (%zu linked) pooled over the folds\n", idx.size(), tlinked);
        std::printf("  %-26s %7s %14s %9s %7s %10s   confusion at the top %.0f%% (TP FP FN TN)\n", "method", "AUC pool", "AUC fold mean", "P@top", "R@top", "top-50", o.share * 100);
    }
    json methods = json::array();
    std::vector<linkage::AucSummary> auc(kNumMethods);   // of the fold seed's assignment (the first of the repeats)
    for (int mi = 0; mi < kNumMethods; ++mi) {
        std::vector<double> s;
        for (size_t k : idx) s.push_back(run.score[static_cast<size_t>(mi)][k]);
        auto at = linkage::at_top_share(s, ty, o.share);
        const auto& a = auc[static_cast<size_t>(mi)] = linkage::auc_of(run, mi, pr);
        const double top50 = linkage::series_found_in_top(tpairs, s, cs.value(), 50);
        const size_t tp = static_cast<size_t>(std::llround(at.precision * double(at.flagged)));
        const size_t fp = at.flagged - tp, fn = tlinked - tp, tn = idx.size() - tp - fp - fn;
        methods.push_back({{"method", kMethods[mi]}, {"auc_pooled", a.pooled}, {"auc_fold_mean", a.fold_mean}, {"auc_fold_sd", a.fold_sd}, {"auc_folds", a.folds},
                           {"precision_at_top", at.precision}, {"recall_at_top", at.recall}, {"top50_series_share", top50},
                           {"confusion", {{"tp", tp}, {"fp", fp}, {"fn", fn}, {"tn", tn}}}});
        if (!o.as_json)
            std::printf("  %-26s %7.3f %6.3f ± %.3f %9.3f %7.3f %10.3f   %zu %zu %zu %zu\n", kMethods[mi], a.pooled, a.fold_mean, a.fold_sd, at.precision, at.recall, top50, tp, fp, fn, tn);
    }
    out["methods"] = methods;
    if (!o.as_json) std::printf("  (top = the %.0f%% highest-scoring pairs; top-50 = share of a case's series mates in its 50 best matches)\n", o.share * 100);

    // Repeated cross-validation: the same folds-by-series split drawn with other seeds. The spread says how much of
    // a difference between two AUCs is the luck of which series landed together.
    if (o.repeats > 1) {
        std::vector<std::vector<double>> pooled(kNumMethods), fold_mean(kNumMethods);
        for (int mi = 0; mi < kNumMethods; ++mi) {
            pooled[static_cast<size_t>(mi)].push_back(auc[static_cast<size_t>(mi)].pooled);
            fold_mean[static_cast<size_t>(mi)].push_back(auc[static_cast<size_t>(mi)].fold_mean);
        }
        for (int r = 1; r < o.repeats; ++r) {
            const auto seed = recipe.fold_seed + static_cast<uint32_t>(r);
            const auto rr = linkage::cross_validate(cs.value(), pr0, pp, pr, linkage::series_folds(cs.value(), o.folds, seed), o.folds, false, recipe);
            for (int mi = 0; mi < kNumMethods; ++mi) {
                const auto a = linkage::auc_of(rr, mi, pr);
                pooled[static_cast<size_t>(mi)].push_back(a.pooled);
                fold_mean[static_cast<size_t>(mi)].push_back(a.fold_mean);
            }
        }
        json rep = json::array();
        if (!o.as_json)
            std::printf("  repeated over %d fold assignments (seeds %u-%u): mean ± sd [min, max] of each AUC\n  %-26s %30s %30s\n", o.repeats, recipe.fold_seed,
                        recipe.fold_seed + static_cast<uint32_t>(o.repeats - 1), "method", "AUC pooled", "AUC fold mean");
        for (int mi = 0; mi < kNumMethods; ++mi) {
            const auto p = linkage::spread_of(pooled[static_cast<size_t>(mi)]), f = linkage::spread_of(fold_mean[static_cast<size_t>(mi)]);
            rep.push_back({{"method", kMethods[mi]}, {"auc_pooled", pooled[static_cast<size_t>(mi)]}, {"auc_fold_mean", fold_mean[static_cast<size_t>(mi)]},
                           {"auc_pooled_mean", p.mean}, {"auc_pooled_sd", p.sd}, {"auc_fold_mean_mean", f.mean}, {"auc_fold_mean_sd", f.sd}});
            if (!o.as_json)
                std::printf("  %-26s  %.3f ± %.3f [%.3f, %.3f]     %.3f ± %.3f [%.3f, %.3f]\n", kMethods[mi], p.mean, p.sd, p.lo, p.hi, f.mean, f.sd, f.lo, f.hi);
        }
        out["repeats"] = {{"fold_seeds", {recipe.fold_seed, recipe.fold_seed + static_cast<uint32_t>(o.repeats - 1)}}, {"methods", rep}};
    }

    // In-sample: every model fitted on every pair and scored on the same pairs. Optimistic by construction; it is how
    // the issue's reference AUCs were measured, and it bounds what cross-validation can reach with these inputs.
    if (o.in_sample) {
        std::vector<int> one(cs->size(), 0);
        const auto rin = linkage::cross_validate(cs.value(), pr0, pp, pr, one, 1, true, recipe);
        json ins = json::array();
        if (!o.as_json) std::printf("  in-sample (fitted and scored on all %zu pairs; optimistic, not a held-out figure):", np);
        for (int mi = 0; mi < kNumMethods; ++mi) {
            const double a = linkage::auc_of(rin, mi, pr).pooled;
            ins.push_back({{"method", kMethods[mi]}, {"auc", a}});
            if (!o.as_json) std::printf(" %s %.3f;", kMethods[mi], a);
        }
        if (!o.as_json) std::printf("\n");
        out["in_sample"] = {{"note", "fitted and scored on every pair: optimistic, not held out"}, {"methods", ins}};
    }
    if (o.as_json) std::printf("%s\n", out.dump(1, ' ', false, json::error_handler_t::replace).c_str());
}

void run_train(Context& ctx) {
    auto& o = g_opt;
    auto cs = load_set(ctx, o.set, o.dir);
    if (!cs) return fail(ctx, cs.error().to_string());
    print_skips(cs.value());
    auto model = linkage::train(cs.value(), nullptr, recipe_of(o));
    if (!model) return fail(ctx, model.error().message);
    auto st = linkage::save_model(o.model_out, model.value());
    if (!st) return fail(ctx, st.error().to_string());
    std::printf("wrote %s: %zu training pairs, threshold %.4f for the top %.0f%%\n", o.model_out.c_str(), model->training_pairs, model->threshold, o.share * 100);
}

// `link rank`'s JSON (single-process and merged shards print the same).
void print_ranking(const linkage::CaseSet& cs, const linkage::Ranking& r, bool series) {
    json out;
    out["set"] = cs.name;
    out["pairs"] = r.n_pairs;
    out["top_share"] = r.top_share;
    out["threshold"] = r.threshold;
    out["above_threshold"] = r.above;
    json list = json::array();
    for (const auto& p : r.top) {
        json why = json::object();
        for (size_t f = 0; f < r.feature_names.size(); ++f) why[r.feature_names[f]] = std::round(p.feature_similarity[f] * 1000) / 1000;
        list.push_back({{"a", cs.id[p.a]}, {"b", cs.id[p.b]}, {"probability", linkage::rounded_probability(p.probability)},
                        {"distance", std::round(p.distance * 1000) / 1000}, {"gap_days", std::round(p.gap_days * 10) / 10}, {"feasible", p.feasible},
                        {"feature_similarity", why}});
    }
    out["ranked"] = list;
    if (series) {   // largest first (ties: the one holding the earliest case); cases in the set's order
        std::vector<std::vector<std::string>> groups;
        for (size_t i = 0; i < r.series.size(); ++i) {
            const int g = r.series[i];
            if (g < 0) continue;
            if (static_cast<size_t>(g) >= groups.size()) groups.resize(static_cast<size_t>(g) + 1);
            groups[static_cast<size_t>(g)].push_back(cs.id[i]);
        }
        out["series"] = groups;
    }
    std::printf("%s\n", out.dump(1, ' ', false, json::error_handler_t::replace).c_str());
}

// "I/N" with 0 <= I < N.
bool parse_shard(const std::string& s, size_t& i, size_t& n) {
    const auto slash = s.find('/');
    if (slash == std::string::npos) return false;
    double a = 0, b = 0;
    if (!linkage::parse_number(std::string_view(s).substr(0, slash), a) || !linkage::parse_number(std::string_view(s).substr(slash + 1), b)) return false;
    if (a < 0 || b < 1 || a >= b || a != std::floor(a) || b != std::floor(b) || b > 1e6) return false;
    i = static_cast<size_t>(a);
    n = static_cast<size_t>(b);
    return true;
}

void run_rank(Context& ctx) {
    auto& o = g_opt;
    auto cs = load_set(ctx, o.set, o.dir);
    if (!cs) return fail(ctx, cs.error().to_string());
    print_skips(cs.value());
    auto model = linkage::load_model(o.model_in);
    if (!model) return fail(ctx, model.error().to_string());
    const size_t limit = static_cast<size_t>(std::max(0, o.limit));
    const bool sharded = !o.shard.empty() || !o.histogram_out.empty() || !o.part_out.empty() || !o.histogram_in.empty();
    if (!sharded && o.merge.empty() && std::isnan(o.threshold) && o.layout_out.empty()) {
        auto r = linkage::rank(model.value(), cs.value(), limit, o.model_in, o.series);
        if (!r) return fail(ctx, r.error().to_string());
        return print_ranking(cs.value(), r.value(), o.series);
    }
    if (!std::isnan(o.threshold) && !(o.threshold >= 0 && o.threshold <= 1)) return fail(ctx, "--threshold must be within [0, 1]");
    const auto fp = linkage::ranking_fingerprint(model.value(), cs.value());
    auto in = [&]() -> Result<linkage::RankInputs> {
        if (o.layout_in.empty()) return linkage::rank_inputs(model.value(), cs.value(), o.model_in);
        auto text = linkage::load_text(o.layout_in);
        if (!text) return text.error();
        return linkage::rank_inputs_with_layout(model.value(), cs.value(), text.value(), o.layout_in, fp, o.model_in);
    }();
    if (!in) return fail(ctx, in.error().to_string());
    if (!o.layout_out.empty()) {
        if (sharded || !o.merge.empty()) return fail(ctx, "--layout-out is a step of its own: no --shard, --histogram-in/out, --part-out or --merge with it");
        auto st = linkage::save_text(o.layout_out, linkage::layout_json(in.value(), fp));
        if (!st) return fail(ctx, st.error().to_string());
        std::printf("wrote %s: the pair layout of %zu cases\n", o.layout_out.c_str(), cs->size());
        return;
    }
    if (!o.merge.empty()) {
        if (sharded) return fail(ctx, "--merge takes the parts of every shard: no --shard, --histogram-in/out or --part-out with it");
        std::vector<linkage::ShardPart> parts;
        for (const auto& f : o.merge) {
            auto text = linkage::load_text(f);
            if (!text) return fail(ctx, text.error().to_string());
            auto p = linkage::parse_part(text.value(), f);
            if (!p) return fail(ctx, p.error().to_string());
            parts.push_back(std::move(p.value()));
        }
        auto r = linkage::merge_parts(model.value(), in.value(), parts, fp, limit, o.series);
        if (!r) return fail(ctx, r.error().to_string());
        return print_ranking(cs.value(), r.value(), o.series);
    }
    const auto t = linkage::time_ordered(in.value());
    if (!sharded) {   // --threshold alone: one shard in this process
        const linkage::ShardId id{0, 1, cs->size(), fp};
        auto r = linkage::merge_parts(model.value(), in.value(), {linkage::shard_part(in.value(), t, id, linkage::fixed_cut(o.threshold), limit, o.series)}, fp,
                                      limit, o.series);
        if (!r) return fail(ctx, r.error().to_string());
        return print_ranking(cs.value(), r.value(), o.series);
    }
    linkage::ShardId id{0, 1, cs->size(), fp};
    if (!o.shard.empty() && !parse_shard(o.shard, id.shard, id.shards)) return fail(ctx, "--shard " + o.shard + ": expected I/N with 0 <= I < N");
    if (!o.histogram_out.empty()) {
        if (!o.part_out.empty() || !o.histogram_in.empty() || !std::isnan(o.threshold))
            return fail(ctx, "--histogram-out is pass 1: no --part-out, --histogram-in or --threshold with it");
        const auto h = linkage::shard_histogram(in.value(), t, id);
        auto st = linkage::save_text(o.histogram_out, linkage::histogram_json(h));
        if (!st) return fail(ctx, st.error().to_string());
        std::printf("wrote %s: shard %zu/%zu, %llu pairs\n", o.histogram_out.c_str(), id.shard, id.shards, static_cast<unsigned long long>(h.pairs));
        return;
    }
    if (o.part_out.empty()) return fail(ctx, "a shard writes --histogram-out FILE (pass 1) or --part-out FILE (pass 2)");
    if (o.histogram_in.empty() == std::isnan(o.threshold)) return fail(ctx, "--part-out needs the cut: every shard's --histogram-in FILE..., or --threshold T");
    linkage::ShardCut cut = linkage::fixed_cut(o.threshold);
    if (!o.histogram_in.empty()) {
        std::vector<linkage::ShardHistogram> hists;
        for (const auto& f : o.histogram_in) {
            auto text = linkage::load_text(f);
            if (!text) return fail(ctx, text.error().to_string());
            auto h = linkage::parse_histogram(text.value(), f);
            if (!h) return fail(ctx, h.error().to_string());
            hists.push_back(std::move(h.value()));
        }
        auto c = linkage::cut_of(hists, id, model->top_share);
        if (!c) return fail(ctx, c.error().to_string());
        cut = c.value();
    }
    const auto part = linkage::shard_part(in.value(), t, id, cut, limit, o.series);
    auto st = linkage::save_text(o.part_out, linkage::part_json(part));
    if (!st) return fail(ctx, st.error().to_string());
    std::printf("wrote %s: shard %zu/%zu, %llu pairs, %llu flagged for sure, %zu in the threshold's bin\n", o.part_out.c_str(), id.shard, id.shards,
                static_cast<unsigned long long>(part.pairs), static_cast<unsigned long long>(part.sure), part.band.size());
}

// `n` cases resampled with replacement from `base`: each copy keeps a real case's attributes, moves up to 250 m
// (or 0.005 units) and up to 3 days; ids R0, R1, ...
linkage::CaseSet resample_cases(const linkage::CaseSet& base, size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, base.size() - 1);
    const double move = base.metres_per_unit > 0 ? 250.0 / base.metres_per_unit : 0.005;
    std::uniform_real_distribution<double> jitter(-1, 1);
    std::vector<uint32_t> picked(n);
    std::vector<double> dx(n), dy(n), dd(n);
    for (size_t c = 0; c < n; ++c) {
        picked[c] = static_cast<uint32_t>(pick(rng));
        dx[c] = move * jitter(rng);
        dy[c] = move * jitter(rng);
        dd[c] = std::round(3 * jitter(rng));
    }
    auto cs = linkage::select_cases(base, picked);
    for (size_t c = 0; c < n; ++c) {
        cs.id[c] = "R" + std::to_string(c);
        cs.x[c] += dx[c];
        cs.y[c] += dy[c];
        cs.day[c] += dd[c];
        if (!std::isnan(cs.weekday[c])) cs.weekday[c] = std::fmod(std::floor(cs.day[c]) + 3.0, 7.0);
        cs.entered[c] = 0;
    }
    return cs;
}

std::string csv_cell(const std::string& v) {
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// "YYYY-MM-DD HH:MM" of a time in days since 1970 (to the minute).
std::string date_time_of(double day) {
    const long long minutes = std::llround(day * 1440.0);
    const long long d = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    const int m = static_cast<int>(minutes - d * 1440);
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d", m / 60, m % 60);
    return format_day(static_cast<int32_t>(d)) + buf;
}

// `link resample`: the resampled set written as DIR/schema.json + DIR/cases.csv (+ expert_weights.json). The
// schema is the base set's (features, tables, trees, window, speed) with columns id, x, y (the set's planar
// units: a lat/lon set's local metres), time and time_to (a case without a time of day gets a two-day window
// about its time, as a censored case reads), series, f0, f1, ... (one per feature).
void run_resample(Context& ctx) {
    auto& o = g_opt;
    auto cs0 = load_set(ctx, o.set, o.dir);
    if (!cs0) return fail(ctx, cs0.error().to_string());
    if (cs0->size() == 0) return fail(ctx, cs0->name + ": no cases to resample");
    if (o.cases < 1) return fail(ctx, "--cases must be at least 1");
    const auto cs = resample_cases(cs0.value(), static_cast<size_t>(o.cases), o.seed);
    json schema = json::parse(linkage::schema_json(cs0.value()), nullptr, false);
    if (schema.is_discarded()) return fail(ctx, "internal: the set's schema does not parse");
    schema["name"] = cs0->name + " resampled (" + std::to_string(o.cases) + " cases, seed " + std::to_string(o.seed) + ")";
    schema["source"] = "crimescope-cli link resample --cases " + std::to_string(o.cases) + " --seed " + std::to_string(o.seed) + " of " + cs0->name +
                       ": cases drawn with replacement, moved up to 250 m (0.005 units) and 3 days";
    schema["file"] = "cases.csv";
    schema["id"] = "id";
    schema["x"] = "x";
    schema["y"] = "y";
    schema["coordinates"] = cs0->coords == linkage::Coordinates::PlanarUnknown ? "planar-unknown" : "planar-metres";
    schema.erase("y_scale");   // y is written scaled
    schema["time"] = "time";
    schema["time_to"] = "time_to";
    schema["time_formats"] = {"%Y-%m-%d %H:%M"};
    schema["missing"] = {""};
    schema["series"] = "series";
    for (size_t k = 0; k < schema["features"].size(); ++k) schema["features"][k]["column"] = "f" + std::to_string(k);
    std::string csv = "id,x,y,time,time_to,series";
    for (size_t k = 0; k < cs.features.size(); ++k) csv += ",f" + std::to_string(k);
    csv += "\n";
    char num[40];
    for (size_t c = 0; c < cs.size(); ++c) {
        const double half = std::isnan(cs.minute_of_day[c]) ? 1.0 : 0.0;
        csv += csv_cell(cs.id[c]);
        std::snprintf(num, sizeof num, ",%.17g", cs.x[c]);
        csv += num;
        std::snprintf(num, sizeof num, ",%.17g", cs.y[c]);
        csv += num;
        csv += "," + date_time_of(cs.day[c] - half) + "," + date_time_of(cs.day[c] + half) + "," + csv_cell(cs.series[c]);
        for (const auto& f : cs.features) {
            std::string v;
            if (f.kind == linkage::Kind::Categorical) {
                if (f.cat[c] >= 0) v = f.table.values[static_cast<size_t>(f.cat[c])];
            } else if (f.kind == linkage::Kind::Quantitative) {
                if (!std::isnan(f.num[c])) { std::snprintf(num, sizeof num, "%.17g", f.num[c]); v = num; }
            } else {
                for (int leaf : f.leaves[c]) v += (v.empty() ? "" : ";") + f.tree.name[static_cast<size_t>(leaf)];
            }
            csv += "," + csv_cell(v);
        }
        csv += "\n";
    }
    std::error_code ec;
    std::filesystem::create_directories(o.resample_out, ec);
    if (ec) return fail(ctx, o.resample_out + ": " + ec.message());
    json weights = json::object();
    for (const auto& [k, w] : cs0->expert_weights) weights[k] = w;
    for (const auto& [name, text] : {std::pair<std::string, std::string>{"cases.csv", csv}, {"schema.json", schema.dump(1) + "\n"},
                                     {"expert_weights.json", weights.dump(1) + "\n"}}) {
        auto st = write_file_atomic(o.resample_out + "/" + name, text);
        if (!st) return fail(ctx, st.error().to_string());
    }
    std::printf("wrote %s: %zu cases resampled from %s (seed %u)\n", o.resample_out.c_str(), cs.size(), cs0->name.c_str(), o.seed);
}

// 10k cases resampled with replacement from a bundled set: each copy keeps a real case's attributes, moves up
// to 250 m (or 0.005 units) and up to 3 days. Every pair within the window is scored twice (histogram, then
// the pairs above the top share), all threads vs one; and the stored-matrix path on a 2,000-case subset as
// the baseline for agreement and speed.
void run_bench(Context& ctx) {
    auto& o = g_opt;
    auto cs0 = load_set(ctx, o.set, o.dir);
    if (!cs0) return fail(ctx, cs0.error().to_string());
    const auto& base = cs0.value();
    auto pr = linkage::make_pairs(base, linkage::pair_params(base));
    std::vector<size_t> all(pr.m.n_pairs());
    std::iota(all.begin(), all.end(), size_t(0));
    const linkage::Recipe recipe;
    linkage::SimilarityNetwork net;
    net.train(pr.m, linkage::training_rows(pr.m, all, recipe.max_unlinked, recipe.sample_seed), recipe.net);
    auto resample = [&](size_t n, uint32_t seed) { return resample_cases(base, n, seed); };
    const auto big = resample(static_cast<size_t>(o.cases), 11);
    const auto pp = linkage::pair_params(big);
    std::printf("bench link: %zu cases resampled with replacement from %s (%zu cases; moved <= 250 m / 0.005 units, <= 3 days), "
                "pairs within %d days, %u threads\n", big.size(), base.name.c_str(), base.size(), pp.window_days, worker_count());
    auto t0 = std::chrono::steady_clock::now();
    auto scan = linkage::scan_pairs(big, pp, net, o.share);
    const double t_all = seconds_since(t0);
    std::printf("  streamed, all threads: %zu pairs scored (a 1/16 sample, then all) in %.2f s = %.1f M pairs/s; "
                "%zu pairs at or above the top-%.0f%% threshold %.4f\n", scan.n_pairs, t_all, double(scan.n_pairs) / t_all / 1e6,
                scan.above.size(), o.share * 100, scan.threshold);
    // One thread for the ratio: on a subset, so that the bench stays short.
    const auto small = resample(2000, 12);
    t0 = std::chrono::steady_clock::now();
    auto stored = linkage::make_pairs(small, [&] { auto p = linkage::pair_params(small); p.include_unsolved = true; return p; }());
    std::vector<double> sc(stored.m.n_pairs());
    for (size_t k = 0; k < sc.size(); ++k) sc[k] = net.predict(&stored.m.x[k * stored.m.n_inputs()]);
    const double t_stored = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    auto scan_small = linkage::scan_pairs(small, linkage::pair_params(small), net, o.share);
    const double t_scan_small = seconds_since(t0);
    size_t above = 0;
    for (double v : sc) above += v >= scan_small.threshold;
    std::printf("  2,000-case subset: stored matrix (make_pairs + predict, %zu pairs, %.0f MB) %.3f s; streamed %.3f s (%.2fx); "
                "same pairs at or above the threshold: %s (%zu vs %zu)\n", stored.m.n_pairs(), double(stored.m.x.size()) * 4 / 1e6, t_stored,
                t_scan_small, t_stored / std::max(1e-9, t_scan_small), above == scan_small.above.size() ? "yes" : "NO", above, scan_small.above.size());
    std::printf("  10k cases, all pairs within %d days: %.2f s (target < 10 s on 2 cores)\n", pp.window_days, t_all);
}

}  // namespace

void register_link(CLI::App& app, Context& ctx) {
    auto& o = g_opt;
    auto* cmd = app.add_subcommand("link", "Serial-crime linkage (paper 003)");
    cmd->require_subcommand(1);
    auto add_set = [&o](CLI::App* c) {
        c->add_option("--set", o.set, "crimelinkage, israel or robbery (bundled in assets/linkage)")->capture_default_str();
        c->add_option("--dir", o.dir, "a case-set folder (schema.json + CSV) instead (without schema.json: the bundled set's schema), or a CSV or JSON case file (its schema inferred from the columns)");
    };
    auto* ev = cmd->add_subcommand("eval", "Cross-validated AUC, top-4% precision/recall and confusion vs baselines");
    add_set(ev);
    ev->add_option("--folds", o.folds, "cross-validation folds (series never split)")->capture_default_str();
    ev->add_option("--window", o.window, "pairs within this many days")->capture_default_str();
    ev->add_option("--top", o.share, "share of pairs flagged (the paper's users chose 4%)")->capture_default_str();
    ev->add_flag("--json", o.as_json, "print JSON");
    ev->add_option("--repeats", o.repeats, "repeat the cross-validation over this many fold assignments (seeds 7, 8, ...) and print the spread")->capture_default_str()->check(CLI::Range(1, 100));
    ev->add_option("--l2", o.l2, "L2 penalty of the network and logistic regression (default: the app's, 1e-4)")->check(CLI::Range(0.0, 100.0));
    ev->add_flag("--in-sample", o.in_sample, "also fit and score every model on all pairs (optimistic: how the issue's reference AUCs were measured)");
    ev->add_flag("!--no-learn-tables", o.learn_tables, "keep the schema's categorical tables (default: learn them from each fold's training pairs)");
    ev->callback([&ctx] { run_eval(ctx); });
    auto* tr = cmd->add_subcommand("train", "Train the similarity network on every labelled pair and write it as JSON");
    add_set(tr);
    tr->add_option("--top", o.share, "threshold: the share of pairs flagged")->capture_default_str();
    tr->add_option("-o,--out", o.model_out, "model JSON")->required();
    tr->callback([&ctx] { run_train(ctx); });
    auto* rk = cmd->add_subcommand("rank", "Rank suspicious pairs with a trained model (JSON)");
    add_set(rk);
    rk->add_option("--model", o.model_in, "model JSON from `link train`")->required();
    rk->add_option("--limit", o.limit, "pairs listed")->capture_default_str();
    rk->add_flag("--series", o.series, "add the series: connected components of the pairs at or above the threshold");
    rk->add_option("--threshold", o.threshold, "flag the pairs at or above this probability instead of the model's top share");
    rk->add_option("--shard", o.shard, "I/N: rank shard I of N (the cases in time order cut into N ranges of about equal pairs)");
    rk->add_option("--histogram-out", o.histogram_out, "pass 1 of a shard: write its score histogram");
    rk->add_option("--histogram-in", o.histogram_in, "pass 2 of a shard: every shard's histogram (the threshold at the model's top share)")->expected(1, -1);
    rk->add_option("--part-out", o.part_out, "pass 2 of a shard: write its pairs at the threshold (for --merge)");
    rk->add_option("--layout-out", o.layout_out, "write the pair layout (local spacing, neighbours: an O(cases^2) search) for the shards' --layout-in");
    rk->add_option("--layout-in", o.layout_in, "shards and merge: read the pair layout written by --layout-out instead of searching again");
    rk->add_option("--merge", o.merge, "print the ranking from every shard's --part-out file")->expected(1, -1);
    rk->callback([&ctx] { run_rank(ctx); });
    auto* rs = cmd->add_subcommand("resample", "Write a case set resampled with replacement (as bench link resamples) for tests and benchmarks");
    add_set(rs);
    rs->add_option("--cases", o.cases, "cases")->capture_default_str();
    rs->add_option("--seed", o.seed, "random seed")->capture_default_str();
    rs->add_option("-o,--out", o.resample_out, "folder to write (schema.json, cases.csv, expert_weights.json)")->required();
    rs->callback([&ctx] { run_resample(ctx); });
}

void register_bench_link(CLI::App& bench, Context& ctx) {
    auto& o = g_opt;
    auto* cmd = bench.add_subcommand("link", "Score every pair within 365 days of 10k resampled cases; pairs/s");
    cmd->add_option("--set", o.set, "bundled set to resample")->capture_default_str();
    cmd->add_option("--cases", o.cases, "cases")->capture_default_str();
    cmd->add_option("--top", o.share, "share of pairs kept")->capture_default_str();
    cmd->callback([&ctx] { run_bench(ctx); });
}

}  // namespace crimescope::cli
