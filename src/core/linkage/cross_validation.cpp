// cross_validation.cpp: see cross_validation.hpp (moved from cmd_link.cpp; the same figures).
#include "linkage/cross_validation.hpp"

#include <algorithm>
#include <cmath>

#include "eval/naive_bayes.hpp"

namespace crimescope::linkage {

const char* const kEvalMethodNames[kEvalMethods] = {"distance only", "expert weighting", "logistic regression", "naive Bayes (binned)", "similarity network"};

namespace {
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
}  // namespace

CrossValidation cross_validate(const CaseSet& cs, const Pairs& pr0, const PairParams& pp, Pairs& pr, std::vector<int> fold, int folds,
                               bool in_sample, const Recipe& recipe) {
    const auto& m = pr.m;
    const size_t np = m.n_pairs(), ni = m.n_inputs();
    const auto w_expert = expert_weights_of(cs, m);
    CrossValidation run;
    run.score.assign(kEvalMethods, std::vector<double>(np, 0.0));
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
        if (recipe.learn_tables || cs.y_scale_fit) {
            auto fold_set = cs;
            if (cs.y_scale_fit) {   // refit on the training cases only (the load fitted it on all of them)
                std::vector<uint8_t> use(cs.size());
                for (size_t i = 0; i < use.size(); ++i) use[i] = in_sample || run.fold[i] != f;
                set_y_scale(fold_set, fit_y_scale(fold_set, &use));
                y_scale = fold_set.y_scale;
            }
            if (recipe.learn_tables) learn_tables(fold_set, pr0, train);
            refresh_inputs(fold_set, pp, pr);
        }
        const auto fit = training_rows(m, train, recipe.max_unlinked, recipe.sample_seed + static_cast<uint32_t>(f));
        TrainParams tp = recipe.net, tp_lr = recipe.net;   // the same L2 for both
        tp_lr.linear = true;
        SimilarityNetwork net, lr;
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
            run.score[1][k] = expert_score(m, w_expert, k);
            run.score[2][k] = lr.predict(&m.x[k * ni]);
            code(k, row);
            auto lp = nb.log_posterior(row.data());
            run.score[3][k] = lp[1] - lp[0];
            run.score[4][k] = net.predict(&m.x[k * ni]);
        }
        run.fold_info.push_back({f, train.size(), test.size(), net.m1(), net.kept(), y_scale, tp.l2});
    }
    return run;
}

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

AucSummary auc_of(const CrossValidation& run, int method, const Pairs& pr) {
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
    a.pooled = roc_auc(s, y);
    for (int f = 0; f < run.folds; ++f) a.folds.push_back(roc_auc(fs[static_cast<size_t>(f)], fy[static_cast<size_t>(f)]));
    const auto sp = spread_of(a.folds);
    a.fold_mean = sp.mean;
    a.fold_sd = sp.sd;
    return a;
}

}  // namespace crimescope::linkage
