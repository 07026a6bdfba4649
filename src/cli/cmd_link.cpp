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
//   bench link: 10k cases resampled from a bundled set, every pair within 365 days scored; pairs/s.
// The workflow (recipe, cross-validation, training, the threshold, ranking, the model file) is core's
// (linkage/workflow.hpp, cross_validation.hpp, model_io.hpp), shared with the app; this file parses options and prints.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "base/parallel.hpp"
#include "commands.hpp"
#include "linkage/cases.hpp"
#include "linkage/cross_validation.hpp"
#include "linkage/model_io.hpp"
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

void run_rank(Context& ctx) {
    auto& o = g_opt;
    auto cs = load_set(ctx, o.set, o.dir);
    if (!cs) return fail(ctx, cs.error().to_string());
    print_skips(cs.value());
    auto model = linkage::load_model(o.model_in);
    if (!model) return fail(ctx, model.error().to_string());
    auto r = linkage::rank(model.value(), cs.value(), static_cast<size_t>(std::max(0, o.limit)), o.model_in);
    if (!r) return fail(ctx, r.error().to_string());
    json out;
    out["set"] = cs->name;
    out["pairs"] = r->n_pairs;
    out["top_share"] = r->top_share;
    out["threshold"] = r->threshold;
    out["above_threshold"] = r->above;
    json list = json::array();
    for (const auto& p : r->top) {
        json why = json::object();
        for (size_t f = 0; f < r->feature_names.size(); ++f) why[r->feature_names[f]] = std::round(p.feature_similarity[f] * 1000) / 1000;
        list.push_back({{"a", cs->id[p.a]}, {"b", cs->id[p.b]}, {"probability", linkage::rounded_probability(p.probability)},
                        {"distance", std::round(p.distance * 1000) / 1000}, {"gap_days", std::round(p.gap_days * 10) / 10}, {"feasible", p.feasible},
                        {"feature_similarity", why}});
    }
    out["ranked"] = list;
    std::printf("%s\n", out.dump(1, ' ', false, json::error_handler_t::replace).c_str());
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
    auto resample = [&](size_t n, uint32_t seed) {
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
    };
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
    rk->callback([&ctx] { run_rank(ctx); });
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
