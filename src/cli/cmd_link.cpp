// cmd_link: serial-crime linkage (paper 003). `link eval --set crimelinkage|israel`: 4-fold cross-validation
// that never splits a series, on all pairs within 365 days: ROC AUC, precision / recall at the top 4%, and
// the share of a case's series found in its top 50, for distance only, logistic regression, a naive Bayes in
// the spirit of crimelinkage (binned distance / time gap / MO matches) and the similarity network.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <cstdio>

#include "commands.hpp"
#include "eval/naive_bayes.hpp"
#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "linkage/cases.hpp"
#include <nlohmann/json.hpp>

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

Result<linkage::CaseSet> load_set(const Context& ctx, const std::string& set, const std::string& dir) {
    const std::string d = dir.empty() ? ctx.assets_dir + "/linkage/" + (set == "israel" ? "israel_burglary_2020h1" : "crimelinkage") : dir;
    return set == "israel" ? linkage::load_israel(d) : linkage::load_crimelinkage(d);
}

}  // namespace

void register_link(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("link", "Serial-crime linkage (paper 003)");
    cmd->require_subcommand(1);
    auto* ev = cmd->add_subcommand("eval", "Cross-validated AUC and top-4% precision/recall vs baselines");
    static std::string set = "crimelinkage", set_dir, model_out, model_in;   // sets are read from assets/linkage
    static int folds = 4, window = 365;
    static double share = 0.04;
    ev->add_option("--set", set, "crimelinkage or israel")->capture_default_str();
    ev->add_option("--dir", set_dir, "a case-set folder in the same layout instead");
    ev->add_option("--folds", folds, "cross-validation folds (series never split)")->capture_default_str();
    ev->add_option("--window", window, "pairs within this many days")->capture_default_str();
    ev->add_option("--top", share, "share of pairs flagged (the paper's users chose 4%)")->capture_default_str();
    // train: the network on every labelled pair; writes weights, KS M1 / M2 per input and the score threshold
    // at the top share of pairs, as JSON.
    auto* tr = cmd->add_subcommand("train", "Train the similarity network on every labelled pair and write it as JSON");
    static int limit = 100;
    tr->add_option("--set", set, "crimelinkage or israel (bundled in assets/linkage)")->capture_default_str();
    tr->add_option("--dir", set_dir, "a case-set folder in the same layout instead");
    tr->add_option("--top", share, "threshold: the share of pairs flagged")->capture_default_str();
    tr->add_option("-o,--out", model_out, "model JSON")->required();
    tr->callback([&ctx] {
        auto cs = load_set(ctx, set, set_dir);
        if (!cs) { std::fprintf(stderr, "error: %s\n", cs.error().to_string().c_str()); ctx.exit_code = 1; return; }
        linkage::PairParams pp;
        auto pr = linkage::make_pairs(cs.value(), pp);
        const auto& m = pr.m;
        std::vector<size_t> all(m.n_pairs());
        std::iota(all.begin(), all.end(), size_t(0));
        const auto fit = linkage::training_rows(m, all, 100000, 3);
        linkage::SimilarityNetwork net;
        net.train(m, fit, linkage::TrainParams{});
        std::vector<double> scores(m.n_pairs());
        for (size_t k = 0; k < m.n_pairs(); ++k) scores[k] = net.predict(&m.x[k * m.n_inputs()]);
        std::vector<double> sorted(scores);
        std::sort(sorted.begin(), sorted.end(), std::greater<double>());
        const double threshold = sorted.empty() ? 1.0 : sorted[std::min(sorted.size() - 1, static_cast<size_t>(share * static_cast<double>(sorted.size())))];
        nlohmann::json j;
        j["method"] = "similarity network (paper 003)";
        j["set"] = cs->name;
        j["input_names"] = m.input_names;
        j["feature_names"] = m.feature_names;
        j["feature_of_input"] = m.feature_of_input;
        j["params"] = net.params();
        j["kept"] = net.kept();
        j["ks_m1"] = net.m1();
        std::vector<double> m2;
        for (size_t i = 0; i < m.n_inputs(); ++i) {
            std::vector<float> pos, negv;
            for (size_t k = 0; k < m.n_pairs(); ++k) (m.y[k] ? pos : negv).push_back(m.x[k * m.n_inputs() + i]);
            m2.push_back(linkage::overlap_m2(pos, negv));
        }
        j["m2"] = m2;
        j["threshold"] = {{"top_share", share}, {"probability", threshold}};
        j["training"] = {{"pairs", fit.size()}, {"linked", std::count(m.y.begin(), m.y.end(), 1)}, {"window_days", pp.window_days},
                         {"note", "all labelled pairs within the window; unlinked pairs subsampled to 100k, classes reweighted"}};
        auto st = write_file_atomic(model_out, j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
        if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); ctx.exit_code = 1; return; }
        std::printf("wrote %s: %zu training pairs, threshold %.4f for the top %.0f%%\n", model_out.c_str(), fit.size(), threshold, share * 100);
    });
    // rank: every pair within the window (unsolved cases included) by linkage probability, with the reasons.
    auto* rk = cmd->add_subcommand("rank", "Rank suspicious pairs with a trained model (JSON)");
    rk->add_option("--set", set, "crimelinkage or israel")->capture_default_str();
    rk->add_option("--dir", set_dir, "a case-set folder in the same layout instead");
    rk->add_option("--model", model_in, "model JSON from `link train`")->required();
    rk->add_option("--limit", limit, "pairs listed")->capture_default_str();
    rk->callback([&ctx] {
        auto cs = load_set(ctx, set, set_dir);
        if (!cs) { std::fprintf(stderr, "error: %s\n", cs.error().to_string().c_str()); ctx.exit_code = 1; return; }
        auto bytes = read_file_bytes(model_in);
        if (!bytes) { std::fprintf(stderr, "error: %s\n", bytes.error().to_string().c_str()); ctx.exit_code = 1; return; }
        auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
        linkage::PairParams pp;
        pp.include_unsolved = true;
        auto pr = linkage::make_pairs(cs.value(), pp);
        linkage::SimilarityNetwork net;
        if (j.is_discarded() || !j.contains("params") ||
            !net.load(pr.m, false, j["params"].get<std::vector<double>>(), j["kept"].get<std::vector<uint8_t>>())) {
            std::fprintf(stderr, "error: %s: not a model for this case set's inputs\n", model_in.c_str());
            ctx.exit_code = 1;
            return;
        }
        const double threshold = j["threshold"].value("probability", 0.5);
        const size_t ni = pr.m.n_inputs();
        std::vector<std::pair<double, size_t>> order;
        for (size_t k = 0; k < pr.m.n_pairs(); ++k) order.push_back({net.predict(&pr.m.x[k * ni]), k});
        std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        size_t above = 0;
        for (const auto& o : order) above += o.first >= threshold;
        nlohmann::json out;
        out["set"] = cs->name;
        out["pairs"] = pr.m.n_pairs();
        out["threshold"] = threshold;
        out["above_threshold"] = above;
        nlohmann::json list = nlohmann::json::array();
        std::vector<double> S;
        for (size_t r = 0; r < order.size() && r < static_cast<size_t>(limit); ++r) {
            const size_t k = order[r].second;
            const uint32_t a = pr.a[k], b = pr.b[k];
            net.predict(&pr.m.x[k * ni], S);
            nlohmann::json why = nlohmann::json::object();
            for (size_t f = 0; f < pr.m.feature_names.size(); ++f) why[pr.m.feature_names[f]] = std::round(S[f] * 1000) / 1000;
            list.push_back({{"a", cs->id[a]}, {"b", cs->id[b]}, {"probability", std::round(order[r].first * 1e4) / 1e4},
                            {"distance", std::round(std::hypot(cs->x[a] - cs->x[b], cs->y[a] - cs->y[b]) * 1000) / 1000},
                            {"gap_days", std::round(std::fabs(cs->day[a] - cs->day[b]) * 10) / 10}, {"feature_similarity", why}});
        }
        out["ranked"] = list;
        std::printf("%s\n", out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    });
    ev->callback([&ctx] {
        auto cs = load_set(ctx, set, set_dir);
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
        for (int f = 0; f < folds; ++f) {
            std::vector<size_t> train, test;
            for (size_t k = 0; k < np; ++k) {
                const int fa = fold[pr.a[k]], fb = fold[pr.b[k]];
                if (fa == f && fb == f) test.push_back(k);
                else if (fa != f && fb != f) train.push_back(k);
            }
            const auto fit = linkage::training_rows(m, train, 100000, 3 + static_cast<uint32_t>(f));
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
