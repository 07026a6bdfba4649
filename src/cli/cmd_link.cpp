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
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "base/parallel.hpp"
#include "commands.hpp"
#include "eval/naive_bayes.hpp"
#include "linkage/cases.hpp"

namespace crimescope::cli {

namespace {

using nlohmann::json;

// Quantile bin edges from training values; code = bin index.
std::vector<float> edges_of(std::vector<float> v, int bins) {
    std::sort(v.begin(), v.end());
    std::vector<float> e;
    if (v.empty()) return e;
    for (int b = 1; b < bins; ++b) e.push_back(v[v.size() * static_cast<size_t>(b) / static_cast<size_t>(bins)]);
    e.erase(std::unique(e.begin(), e.end()), e.end());
    return e;
}
uint32_t bin_of(const std::vector<float>& e, float x) { return static_cast<uint32_t>(std::upper_bound(e.begin(), e.end(), x) - e.begin()); }

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
constexpr uint32_t kFoldSeed = 7;   // the fold assignment of `link eval` (the README's figures)
Options g_opt;

void fail(Context& ctx, const std::string& msg) {
    std::fprintf(stderr, "error: %s\n", msg.c_str());
    ctx.exit_code = 1;
}

// The five methods of `link eval`, in the order they are printed.
constexpr const char* kMethods[] = {"distance only", "expert weighting", "logistic regression", "naive Bayes (binned)", "similarity network"};
constexpr int kNumMethods = 5;

// Every method's score for the pairs it was tested on: each fold's held-out pairs scored by the models fitted on
// the other folds, or (in-sample) every pair scored by models fitted on every pair.
struct EvalRun {
    std::vector<std::vector<double>> score;   // [method][pair]
    std::vector<uint8_t> in_test;
    std::vector<int> fold;                     // each case's fold (all 0 in-sample)
    int folds = 1;
    json folds_j = json::array();
};

EvalRun fit_and_score(const linkage::CaseSet& cs, const linkage::Pairs& pr0, const linkage::PairParams& pp, linkage::Pairs& pr,
                      std::vector<int> fold, int folds, bool in_sample, bool say) {
    auto& o = g_opt;
    const auto& m = pr.m;
    const size_t np = m.n_pairs(), ni = m.n_inputs();
    const auto w_expert = linkage::expert_weights_of(cs, m);
    EvalRun run;
    run.score.assign(kNumMethods, std::vector<double>(np, 0.0));
    run.in_test.assign(np, 0);
    run.fold = std::move(fold);
    run.folds = folds;
    for (int f = 0; f < folds; ++f) {
        std::vector<size_t> train, test;
        for (size_t k = 0; k < np; ++k) {
            const int fa = run.fold[pr.a[k]], fb = run.fold[pr.b[k]];
            if (in_sample) { train.push_back(k); test.push_back(k); }
            else if (fa == f && fb == f) test.push_back(k);
            else if (fa != f && fb != f) train.push_back(k);
        }
        double y_scale = cs.y_scale;
        if (o.learn_tables || cs.y_scale_fit) {
            auto fold_set = cs;
            if (cs.y_scale_fit) {   // refit on the training cases only (the load fitted it on all of them)
                std::vector<uint8_t> use(cs.size());
                for (size_t i = 0; i < use.size(); ++i) use[i] = in_sample || run.fold[i] != f;
                linkage::set_y_scale(fold_set, linkage::fit_y_scale(fold_set, &use));
                y_scale = fold_set.y_scale;
            }
            if (o.learn_tables) linkage::learn_tables(fold_set, pr0, train);
            linkage::refresh_inputs(fold_set, pp, pr);
        }
        const auto fit = linkage::training_rows(m, train, 100000, 3 + static_cast<uint32_t>(f));
        linkage::TrainParams tp, tp_lr;   // the same L2 for both (--l2, else the default)
        if (o.l2 >= 0) tp.l2 = o.l2;
        tp_lr = tp;
        tp_lr.linear = true;
        linkage::SimilarityNetwork net, lr;
        net.train(m, fit, tp);
        lr.train(m, fit, tp_lr);
        // Naive Bayes on binned inputs (crimelinkage's approach: each input binned, independent given the class).
        std::vector<std::vector<float>> edges(ni);
        std::vector<uint32_t> nv(ni);
        for (size_t i = 0; i < ni; ++i) {
            std::vector<float> v;
            for (size_t k : fit) v.push_back(m.x[k * ni + i]);
            edges[i] = edges_of(v, 10);
            nv[i] = static_cast<uint32_t>(edges[i].size() + 1);
        }
        auto code = [&](size_t k, std::vector<uint32_t>& out) {
            out.resize(ni);
            for (size_t i = 0; i < ni; ++i) out[i] = bin_of(edges[i], m.x[k * ni + i]);
        };
        std::vector<uint32_t> X, y, row;
        for (size_t k : train) {
            code(k, row);
            X.insert(X.end(), row.begin(), row.end());
            y.push_back(m.y[k]);
        }
        eval::CategoricalNB nb;
        nb.fit(X, y, nv, 2);
        for (size_t k : test) {
            run.in_test[k] = 1;
            run.score[0][k] = m.x[k * ni];   // distance QSF: closer = more similar
            run.score[1][k] = linkage::expert_score(m, w_expert, k);
            run.score[2][k] = lr.predict(&m.x[k * ni]);
            code(k, row);
            auto lp = nb.log_posterior(row.data());
            run.score[3][k] = lp[1] - lp[0];
            run.score[4][k] = net.predict(&m.x[k * ni]);
        }
        json kept = json::object();
        for (size_t i = 0; i < ni; ++i) kept[m.input_names[i]] = {{"ks_m1", std::round(net.m1()[i] * 1000) / 1000}, {"kept", net.kept()[i] != 0}};
        run.folds_j.push_back({{"fold", f}, {"train_pairs", train.size()}, {"test_pairs", test.size()}, {"inputs", kept}, {"y_scale", y_scale},
                               {"l2", tp.l2}});
        if (!say) continue;
        if (cs.y_scale_fit) std::printf("  fold %d: y scale fitted on the training cases: %.3f\n", f, y_scale);
        if (f == 0) {
            std::printf("  fold 0 network: KS M1 per input:");
            for (size_t i = 0; i < ni; ++i) std::printf(" %s %.2f%s;", m.input_names[i].c_str(), net.m1()[i], net.kept()[i] ? "" : " (pruned)");
            std::printf("\n");
        }
    }
    return run;
}

// Mean, sample sd and range of a few figures (AUCs per fold or per repeat).
struct Spread {
    double mean = 0, sd = 0, lo = 0, hi = 0;
};
Spread spread_of(const std::vector<double>& v) {
    Spread s;
    if (v.empty()) return s;
    s.lo = *std::min_element(v.begin(), v.end());
    s.hi = *std::max_element(v.begin(), v.end());
    for (double x : v) s.mean += x / double(v.size());
    for (double x : v) s.sd += (x - s.mean) * (x - s.mean) / double(std::max<size_t>(1, v.size() - 1));
    s.sd = std::sqrt(s.sd);
    return s;
}

// AUC of one method over the pooled test pairs, and per fold (each fold's model on its own test pairs: the mean is
// the usual "cross-validated AUC"; the pooled figure also asks the folds' models to agree on one scale).
struct AucSummary {
    double pooled = 0, fold_mean = 0, fold_sd = 0;
    std::vector<double> folds;
};
AucSummary auc_of(const EvalRun& run, int method, const linkage::Pairs& pr) {
    AucSummary a;
    std::vector<double> s;
    std::vector<uint8_t> y;
    std::vector<std::vector<double>> fs(static_cast<size_t>(run.folds));
    std::vector<std::vector<uint8_t>> fy(static_cast<size_t>(run.folds));
    for (size_t k = 0; k < run.in_test.size(); ++k) {
        if (!run.in_test[k]) continue;
        const double v = run.score[static_cast<size_t>(method)][k];
        s.push_back(v);
        y.push_back(pr.m.y[k]);
        const auto f = static_cast<size_t>(run.fold[pr.a[k]]);
        fs[f].push_back(v);
        fy[f].push_back(pr.m.y[k]);
    }
    a.pooled = linkage::roc_auc(s, y);
    for (int f = 0; f < run.folds; ++f) a.folds.push_back(linkage::roc_auc(fs[static_cast<size_t>(f)], fy[static_cast<size_t>(f)]));
    const auto sp = spread_of(a.folds);
    a.fold_mean = sp.mean;
    a.fold_sd = sp.sd;
    return a;
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
    const auto run = fit_and_score(cs.value(), pr0, pp, pr, linkage::series_folds(cs.value(), o.folds, kFoldSeed), o.folds, false, !o.as_json);
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
    out["fold_seed"] = kFoldSeed;
    out["test_pairs"] = idx.size();
    out["test_linked"] = tlinked;
    out["top_share"] = o.share;
    out["folds"] = run.folds_j;
    if (!o.as_json) {
        std::printf("  %zu test pairs (%zu linked) pooled over the folds\n", idx.size(), tlinked);
        std::printf("  %-26s %7s %14s %9s %7s %10s   confusion at the top %.0f%% (TP FP FN TN)\n", "method", "AUC pool", "AUC fold mean", "P@top", "R@top", "top-50", o.share * 100);
    }
    json methods = json::array();
    std::vector<AucSummary> auc(kNumMethods);   // of the fold seed's assignment (the first of the repeats)
    for (int mi = 0; mi < kNumMethods; ++mi) {
        std::vector<double> s;
        for (size_t k : idx) s.push_back(run.score[static_cast<size_t>(mi)][k]);
        auto at = linkage::at_top_share(s, ty, o.share);
        const auto& a = auc[static_cast<size_t>(mi)] = auc_of(run, mi, pr);
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
            const auto seed = kFoldSeed + static_cast<uint32_t>(r);
            const auto rr = fit_and_score(cs.value(), pr0, pp, pr, linkage::series_folds(cs.value(), o.folds, seed), o.folds, false, false);
            for (int mi = 0; mi < kNumMethods; ++mi) {
                const auto a = auc_of(rr, mi, pr);
                pooled[static_cast<size_t>(mi)].push_back(a.pooled);
                fold_mean[static_cast<size_t>(mi)].push_back(a.fold_mean);
            }
        }
        json rep = json::array();
        if (!o.as_json)
            std::printf("  repeated over %d fold assignments (seeds %u-%u): mean ± sd [min, max] of each AUC\n  %-26s %30s %30s\n", o.repeats, kFoldSeed,
                        kFoldSeed + static_cast<uint32_t>(o.repeats - 1), "method", "AUC pooled", "AUC fold mean");
        for (int mi = 0; mi < kNumMethods; ++mi) {
            const auto p = spread_of(pooled[static_cast<size_t>(mi)]), f = spread_of(fold_mean[static_cast<size_t>(mi)]);
            rep.push_back({{"method", kMethods[mi]}, {"auc_pooled", pooled[static_cast<size_t>(mi)]}, {"auc_fold_mean", fold_mean[static_cast<size_t>(mi)]},
                           {"auc_pooled_mean", p.mean}, {"auc_pooled_sd", p.sd}, {"auc_fold_mean_mean", f.mean}, {"auc_fold_mean_sd", f.sd}});
            if (!o.as_json)
                std::printf("  %-26s  %.3f ± %.3f [%.3f, %.3f]     %.3f ± %.3f [%.3f, %.3f]\n", kMethods[mi], p.mean, p.sd, p.lo, p.hi, f.mean, f.sd, f.lo, f.hi);
        }
        out["repeats"] = {{"fold_seeds", {kFoldSeed, kFoldSeed + static_cast<uint32_t>(o.repeats - 1)}}, {"methods", rep}};
    }

    // In-sample: every model fitted on every pair and scored on the same pairs. Optimistic by construction; it is how
    // the issue's reference AUCs were measured, and it bounds what cross-validation can reach with these inputs.
    if (o.in_sample) {
        std::vector<int> one(cs->size(), 0);
        const auto rin = fit_and_score(cs.value(), pr0, pp, pr, one, 1, true, false);
        json ins = json::array();
        if (!o.as_json) std::printf("  in-sample (fitted and scored on all %zu pairs; optimistic, not a held-out figure):", np);
        for (int mi = 0; mi < kNumMethods; ++mi) {
            const double a = auc_of(rin, mi, pr).pooled;
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
    const auto pp = linkage::pair_params(cs.value());
    auto pr = linkage::make_pairs(cs.value(), pp);
    const auto& m = pr.m;
    const auto n_linked = std::count(m.y.begin(), m.y.end(), 1);
    if (n_linked == 0 || n_linked == static_cast<long>(m.n_pairs()))
        return fail(ctx, cs->name + ": " + std::to_string(m.n_pairs()) + " pairs of solved cases, " + std::to_string(n_linked) +
                             " of them linked: training needs both linked and unlinked pairs (a series column with series of two or more cases)");
    std::vector<size_t> all(m.n_pairs());
    std::iota(all.begin(), all.end(), size_t(0));
    linkage::learn_tables(cs.value(), pr, all);
    linkage::refresh_inputs(cs.value(), pp, pr);
    const auto fit = linkage::training_rows(m, all, 100000, 3);
    linkage::SimilarityNetwork net;
    net.train(m, fit, linkage::TrainParams{});
    std::vector<double> scores(m.n_pairs());
    for (size_t k = 0; k < m.n_pairs(); ++k) scores[k] = net.predict(&m.x[k * m.n_inputs()]);
    std::vector<double> sorted(scores);
    std::sort(sorted.begin(), sorted.end(), std::greater<double>());
    const double threshold = sorted.empty() ? 1.0 : sorted[std::min(sorted.size() - 1, static_cast<size_t>(o.share * static_cast<double>(sorted.size())))];
    json j;
    j["method"] = "similarity network (paper 003)";
    j["set"] = cs->name;
    j["input_names"] = m.input_names;
    j["feature_names"] = m.feature_names;
    j["feature_of_input"] = m.feature_of_input;
    j["params"] = net.params();
    j["kept"] = net.kept();
    json tables = json::object();
    for (const auto& f : cs->features)
        if (f.kind == linkage::Kind::Categorical) tables[f.name] = {{"values", f.table.values}, {"sim", f.table.sim}};
    j["tables"] = tables;
    j["ks_m1"] = net.m1();
    std::vector<double> m2;
    for (size_t i = 0; i < m.n_inputs(); ++i) {
        std::vector<float> pos, negv;
        for (size_t k = 0; k < m.n_pairs(); ++k) (m.y[k] ? pos : negv).push_back(m.x[k * m.n_inputs() + i]);
        m2.push_back(linkage::overlap_m2(pos, negv));
    }
    j["m2"] = m2;
    j["threshold"] = {{"top_share", o.share}, {"probability", threshold}};
    json curve = json::array();
    for (const auto& c : linkage::pr_curve(scores, m.y, 50)) curve.push_back({c.threshold, c.precision, c.recall});
    j["training_pr_curve"] = curve;
    j["training"] = {{"pairs", fit.size()}, {"linked", std::count(m.y.begin(), m.y.end(), 1)}, {"window_days", pp.window_days},
                     {"note", "all labelled pairs within the window; unlinked pairs subsampled to 100k, classes reweighted; the curve is in-sample"}};
    auto st = write_file_atomic(o.model_out, j.dump(1, ' ', false, json::error_handler_t::replace));
    if (!st) return fail(ctx, st.error().to_string());
    std::printf("wrote %s: %zu training pairs, threshold %.4f for the top %.0f%%\n", o.model_out.c_str(), fit.size(), threshold, o.share * 100);
}

void run_rank(Context& ctx) {
    auto& o = g_opt;
    auto cs = load_set(ctx, o.set, o.dir);
    if (!cs) return fail(ctx, cs.error().to_string());
    print_skips(cs.value());
    auto bytes = read_file_bytes(o.model_in);
    if (!bytes) return fail(ctx, bytes.error().to_string());
    auto j = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    auto pp = linkage::pair_params(cs.value());
    if (!j.is_discarded() && j.contains("tables")) {   // the tables the model was trained with
        try {
            for (auto& f : cs->features) {
                if (f.kind != linkage::Kind::Categorical || !j["tables"].contains(f.name)) continue;
                const auto& t = j["tables"][f.name];
                const auto values = t["values"].get<std::vector<std::string>>();
                const auto sim = t["sim"].get<std::vector<double>>();
                if (sim.size() != values.size() * values.size()) return fail(ctx, o.model_in + ": table " + f.name + " is not values x values");
                // Codes follow the model's value list; values this set adds get the mismatch similarity.
                const size_t nv = f.table.values.size();
                std::vector<double> mapped(nv * nv, 0.5);
                std::vector<int> at(nv, -1);
                for (size_t a = 0; a < nv; ++a)
                    for (size_t q = 0; q < values.size(); ++q)
                        if (values[q] == f.table.values[a]) at[a] = static_cast<int>(q);
                const double off = values.size() >= 2 ? sim[1] : 0.5;
                for (size_t a = 0; a < nv; ++a)
                    for (size_t b = 0; b < nv; ++b)
                        mapped[a * nv + b] = at[a] >= 0 && at[b] >= 0 ? sim[static_cast<size_t>(at[a]) * values.size() + static_cast<size_t>(at[b])] : off;
                f.table.sim = mapped;
            }
        } catch (const json::exception& e) {
            return fail(ctx, o.model_in + ": " + e.what());
        }
    }
    const auto spec = linkage::pair_spec(cs.value(), pp);
    linkage::PairMatrix shape;
    shape.input_names = spec.input_names;
    shape.feature_names = spec.feature_names;
    shape.feature_of_input = spec.feature_of_input;
    linkage::SimilarityNetwork net;
    try {
        if (j.is_discarded() || !j.contains("params") || j.value("input_names", std::vector<std::string>{}) != spec.input_names ||
            !net.load(shape, false, j["params"].get<std::vector<double>>(), j["kept"].get<std::vector<uint8_t>>()))
            return fail(ctx, o.model_in + ": not a model for this case set's inputs");
    } catch (const json::exception& e) {
        return fail(ctx, o.model_in + ": " + e.what());
    }
    const double share = j["threshold"].value("top_share", o.share);
    auto scan = linkage::scan_pairs(cs.value(), pp, net, share);
    json out;
    out["set"] = cs->name;
    out["pairs"] = scan.n_pairs;
    out["top_share"] = share;
    out["threshold"] = scan.threshold;
    out["above_threshold"] = scan.above.size();
    json list = json::array();
    std::vector<float> x(spec.n_inputs());
    std::vector<double> S;
    for (size_t r = 0; r < scan.above.size() && r < static_cast<size_t>(o.limit); ++r) {
        const auto& sp = scan.above[r];
        const bool ok = linkage::pair_inputs(cs.value(), spec, sp.a, sp.b, x.data());
        net.predict(x.data(), S);
        json why = json::object();
        for (size_t f = 0; f < spec.feature_names.size(); ++f) why[spec.feature_names[f]] = std::round(S[f] * 1000) / 1000;
        list.push_back({{"a", cs->id[sp.a]}, {"b", cs->id[sp.b]}, {"probability", std::round(sp.p * 1e4) / 1e4},
                        {"distance", std::round(std::hypot(cs->x[sp.a] - cs->x[sp.b], cs->y[sp.a] - cs->y[sp.b]) * 1000) / 1000},
                        {"gap_days", std::round(std::fabs(cs->day[sp.a] - cs->day[sp.b]) * 10) / 10}, {"feasible", ok},
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
    linkage::SimilarityNetwork net;
    net.train(pr.m, linkage::training_rows(pr.m, all, 100000, 3), linkage::TrainParams{});
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
