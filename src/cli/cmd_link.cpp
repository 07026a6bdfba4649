// cmd_link: serial-crime linkage (paper 003). `link eval --set crimelinkage|israel`: 4-fold cross-validation
// that never splits a series, on all pairs within 365 days: ROC AUC, precision / recall at the top 4%, and
// the share of a case's series found in its top 50, for distance only, logistic regression, a naive Bayes in
// the spirit of crimelinkage (binned distance / time gap / MO matches) and the similarity network.
#include <algorithm>
#include <chrono>
#include <random>
#include <cstdio>

#include "commands.hpp"
#include "eval/naive_bayes.hpp"
#include "linkage/cases.hpp"

namespace crimescope::cli {

namespace {

// Quantile bin edges from training values; code = bin index.
std::vector<float> edges_of(std::vector<float> v, int bins) {
    std::sort(v.begin(), v.end());
    std::vector<float> e;
    for (int b = 1; b < bins; ++b) e.push_back(v[v.size() * static_cast<size_t>(b) / static_cast<size_t>(bins)]);
    return e;
}
uint32_t bin_of(const std::vector<float>& e, float x) { return static_cast<uint32_t>(std::upper_bound(e.begin(), e.end(), x) - e.begin()); }

}  // namespace

void register_link(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("link", "Serial-crime linkage (paper 003)");
    cmd->require_subcommand(1);
    auto* ev = cmd->add_subcommand("eval", "Cross-validated AUC and top-4% precision/recall vs baselines");
    static std::string set = "crimelinkage", data_dir = "../shared/data";
    static int folds = 4, window = 365;
    static double share = 0.04;
    ev->add_option("--set", set, "crimelinkage or israel")->capture_default_str();
    ev->add_option("--data", data_dir, "shared data folder")->capture_default_str();
    ev->add_option("--folds", folds, "cross-validation folds (series never split)")->capture_default_str();
    ev->add_option("--window", window, "pairs within this many days")->capture_default_str();
    ev->add_option("--top", share, "share of pairs flagged (the paper's users chose 4%)")->capture_default_str();
    ev->callback([&ctx] {
        auto cs = set == "israel" ? linkage::load_israel(data_dir + "/linkage/israel_burglary_2020h1")
                                  : linkage::load_crimelinkage(data_dir + "/linkage/crimelinkage");
        if (!cs) { std::fprintf(stderr, "error: %s\n", cs.error().to_string().c_str()); ctx.exit_code = 1; return; }
        auto t0 = std::chrono::steady_clock::now();
        linkage::PairParams pp;
        pp.window_days = window;
        auto pr = linkage::make_pairs(cs.value(), pp);
        const double pair_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const auto& m = pr.m;
        const size_t np = m.n_pairs(), ni = m.n_inputs();
        size_t linked = 0;
        for (auto v : m.y) linked += v;
        std::printf("link eval: %s: %zu cases, %zu pairs within %d days (%zu linked), built in %.2f s; %d folds by series\n",
                    cs->name.c_str(), cs->size(), np, window, linked, pair_s, folds);
        auto fold = linkage::series_folds(cs.value(), folds, 7);
        std::vector<double> s_dist(np), s_lr(np), s_nb(np), s_net(np);
        std::vector<uint8_t> in_test(np, 0);
        std::mt19937 rng(3);
        for (int f = 0; f < folds; ++f) {
            std::vector<size_t> train, test;
            for (size_t k = 0; k < np; ++k) {
                const int fa = fold[pr.a[k]], fb = fold[pr.b[k]];
                if (fa == f && fb == f) test.push_back(k);
                else if (fa != f && fb != f) train.push_back(k);
            }
            // All linked training pairs and at most 100k unlinked (the loss reweights the classes).
            std::vector<size_t> fit;
            std::vector<size_t> neg;
            for (size_t k : train) (m.y[k] ? fit : neg).push_back(k);
            std::shuffle(neg.begin(), neg.end(), rng);
            if (neg.size() > 100000) neg.resize(100000);
            fit.insert(fit.end(), neg.begin(), neg.end());
            linkage::TrainParams tp;
            linkage::SimilarityNetwork net, lr;
            net.train(m, fit, tp);
            tp.linear = true;
            lr.train(m, fit, tp);
            // Naive Bayes on binned inputs.
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
                in_test[k] = 1;
                s_dist[k] = m.x[k * ni];   // distance QSF: closer = more similar
                s_lr[k] = lr.predict(&m.x[k * ni]);
                s_net[k] = net.predict(&m.x[k * ni]);
                code(k, row);
                auto lp = nb.log_posterior(row.data());
                s_nb[k] = lp[1] - lp[0];
            }
            if (f == 0) {
                std::printf("  fold 0 network: KS M1 per input:");
                for (size_t i = 0; i < ni; ++i) std::printf(" %s %.2f%s", m.input_names[i].c_str(), net.m1()[i], net.kept()[i] ? "" : " (pruned)");
                std::printf("\n");
            }
        }
        // Pool the test pairs of every fold.
        std::vector<size_t> idx;
        for (size_t k = 0; k < np; ++k)
            if (in_test[k]) idx.push_back(k);
        linkage::Pairs tp;
        std::vector<uint8_t> ty;
        for (size_t k : idx) { tp.a.push_back(pr.a[k]); tp.b.push_back(pr.b[k]); ty.push_back(m.y[k]); }
        size_t tlinked = 0;
        for (auto v : ty) tlinked += v;
        std::printf("  %zu test pairs (%zu linked) pooled over the folds\n", idx.size(), tlinked);
        std::printf("  %-26s %7s %9s %7s %10s\n", "method", "AUC", "P@top", "R@top", "top-50");
        for (auto [name, sc] : {std::pair{"distance only", &s_dist}, std::pair{"logistic regression", &s_lr},
                                std::pair{"naive Bayes (binned)", &s_nb}, std::pair{"similarity network", &s_net}}) {
            std::vector<double> s;
            for (size_t k : idx) s.push_back((*sc)[k]);
            auto at = linkage::at_top_share(s, ty, share);
            std::printf("  %-26s %7.3f %9.3f %7.3f %10.3f\n", name, linkage::roc_auc(s, ty), at.precision, at.recall,
                        linkage::series_found_in_top(tp, s, cs.value(), 50));
        }
        std::printf("  (top = the %.0f%% highest-scoring pairs; top-50 = share of a case's series mates in its 50 best matches)\n", share * 100);
    });
}

}  // namespace crimescope::cli
