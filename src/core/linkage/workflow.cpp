// workflow.cpp: see workflow.hpp.
#include "linkage/workflow.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace crimescope::linkage {

size_t flagged_count(size_t n, double share) {
    if (n == 0) return 0;
    if (!(share > 0)) return 1;   // also NaN
    if (share >= 1) return n;
    const double k = std::ceil(share * static_cast<double>(n));
    return std::clamp<size_t>(static_cast<size_t>(k), 1, n);
}

double threshold_at_share(const std::vector<double>& scores, double share) {
    if (scores.empty()) return 1;
    const size_t k = flagged_count(scores.size(), share);
    std::vector<double> s(scores);
    std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(k - 1), s.end(), std::greater<double>());
    return s[k - 1];
}

double rounded_probability(double p) { return std::round(p * 1e4) / 1e4; }

std::vector<uint32_t> rank_order(const std::vector<double>& score, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
    std::vector<uint32_t> o(score.size());
    std::iota(o.begin(), o.end(), 0u);
    std::sort(o.begin(), o.end(), [&](uint32_t i, uint32_t j) {
        if (score[i] != score[j]) return score[i] > score[j];
        if (a[i] != a[j]) return a[i] < a[j];
        if (b[i] != b[j]) return b[i] < b[j];
        return i < j;
    });
    return o;
}

TrainingSet labelled_pairs(const CaseSet& cs, const UserData* decisions, bool all_cases) {
    TrainingSet ts;
    ts.pp = pair_params(cs);
    ts.pp.include_unsolved = all_cases;
    ts.pairs = make_pairs(cs, ts.pp);
    if (decisions) apply_decisions(cs, *decisions, ts.pairs);
    const auto& m = ts.pairs.m;
    for (size_t k = 0; k < m.n_pairs(); ++k)
        if (ts.pairs.labelled[k]) {
            ts.rows.push_back(k);
            ts.linked += m.y[k];
        }
    return ts;
}

Status prepare_training(CaseSet& cs, TrainingSet& ts, const Recipe& recipe) {
    if (ts.linked == 0 || ts.linked == ts.rows.size())
        return make_error(ErrorKind::Invalid, cs.name + ": " + std::to_string(ts.rows.size()) + " pairs of solved cases, " + std::to_string(ts.linked) +
                                                  " of them linked: training needs both linked and unlinked pairs (a series column with series of two or more cases)");
    if (recipe.learn_tables) learn_tables(cs, ts.pairs, ts.rows);
    refresh_inputs(cs, ts.pp, ts.pairs);
    ts.fit = training_rows(ts.pairs.m, ts.rows, recipe.max_unlinked, recipe.sample_seed);
    return Ok{};
}

Result<TrainingSet> training_set(CaseSet& cs, const UserData* decisions, const Recipe& recipe, bool all_cases) {
    auto ts = labelled_pairs(cs, decisions, all_cases);
    auto st = prepare_training(cs, ts, recipe);
    if (!st) return st.error();
    return ts;
}

Model model_of(const CaseSet& cs, const TrainingSet& ts, const SimilarityNetwork& net, const Recipe& recipe) {
    const auto& m = ts.pairs.m;
    const size_t ni = m.n_inputs();
    Model md;
    md.set = cs.name;
    md.input_names = m.input_names;
    md.feature_names = m.feature_names;
    md.feature_of_input = m.feature_of_input;
    md.params = net.params();
    md.kept = net.kept();
    for (const auto& f : cs.features)
        if (f.kind == Kind::Categorical) md.tables.push_back({f.name, f.table.values, f.table.sim});
    std::sort(md.tables.begin(), md.tables.end(), [](const ModelTable& x, const ModelTable& y) { return x.feature < y.feature; });
    md.ks_m1 = net.m1();
    std::vector<double> scores;
    std::vector<uint8_t> y;
    scores.reserve(ts.rows.size());
    for (size_t k : ts.rows) {
        scores.push_back(net.predict(&m.x[k * ni]));
        y.push_back(m.y[k]);
    }
    for (size_t i = 0; i < ni; ++i) {
        std::vector<float> pos, neg;
        for (size_t k : ts.rows) (m.y[k] ? pos : neg).push_back(m.x[k * ni + i]);
        md.m2.push_back(overlap_m2(pos, neg));
    }
    md.top_share = recipe.top_share;
    md.threshold = threshold_at_share(scores, recipe.top_share);
    md.training_curve = pr_curve(scores, y, recipe.curve_steps);
    md.training_pairs = ts.fit.size();
    md.linked_pairs = ts.linked;
    md.window_days = ts.pp.window_days;
    md.note = "all labelled pairs within the window; unlinked pairs subsampled to " + std::to_string(recipe.max_unlinked / 1000) +
              "k, classes reweighted; the curve is in-sample";
    return md;
}

Result<Model> train(CaseSet& cs, const UserData* decisions, const Recipe& recipe, SimilarityNetwork* net_out) {
    auto ts = training_set(cs, decisions, recipe, decisions != nullptr);
    if (!ts) return ts.error();
    SimilarityNetwork net;
    net.train(ts->pairs.m, ts->fit, recipe.net);
    auto md = model_of(cs, ts.value(), net, recipe);
    if (net_out) *net_out = std::move(net);
    return md;
}

Status apply_tables(CaseSet& cs, const Model& model, const std::string& file) {
    for (auto& f : cs.features) {
        if (f.kind != Kind::Categorical) continue;
        auto it = std::find_if(model.tables.begin(), model.tables.end(), [&](const ModelTable& t) { return t.feature == f.name; });
        if (it == model.tables.end()) continue;
        const auto& values = it->values;
        const auto& sim = it->sim;
        if (sim.size() != values.size() * values.size())
            return make_error(ErrorKind::Model, "table " + f.name + " is not values x values", file, 0, "tables." + f.name + ".sim");
        // Codes follow the set's value list; values the model has not seen get its mismatch similarity.
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
    return Ok{};
}

Result<SimilarityNetwork> network_of(const Model& model, const PairMatrix& shape, const std::string& file) {
    SimilarityNetwork net;
    if (model.input_names != shape.input_names || !net.load(shape, false, model.params, model.kept))
        return make_error(ErrorKind::Model, "not a model for this case set's inputs", file, 0, "input_names");
    return net;
}

bool ranks_before(const ScoredPair& x, const ScoredPair& y) {
    const double rx = rounded_probability(x.p), ry = rounded_probability(y.p);
    if (rx != ry) return rx > ry;
    if (x.p != y.p) return x.p > y.p;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
}

Result<RankInputs> rank_inputs(const Model& model, const CaseSet& cs0, const std::string& file) {
    RankInputs in;
    in.cs = cs0;
    auto st = apply_tables(in.cs, model, file);
    if (!st) return st.error();
    in.pp = pair_params(in.cs);
    in.spec = pair_spec(in.cs, in.pp);
    PairMatrix shape;
    shape.input_names = in.spec.input_names;
    shape.feature_names = in.spec.feature_names;
    shape.feature_of_input = in.spec.feature_of_input;
    auto net = network_of(model, shape, file);
    if (!net) return net.error();
    in.net = std::move(net.value());
    return in;
}

std::vector<RankedPair> ranked_pairs(const RankInputs& in, const std::vector<ScoredPair>& pairs, size_t limit) {
    const auto& cs = in.cs;
    std::vector<RankedPair> out;
    std::vector<float> x(in.spec.n_inputs());
    for (size_t k = 0; k < pairs.size() && k < limit; ++k) {
        const auto& sp = pairs[k];
        RankedPair p;
        p.a = sp.a;
        p.b = sp.b;
        p.probability = sp.p;
        p.feasible = pair_inputs(cs, in.spec, sp.a, sp.b, x.data());
        in.net.predict(x.data(), p.feature_similarity);
        p.distance = std::hypot(cs.x[sp.a] - cs.x[sp.b], cs.y[sp.a] - cs.y[sp.b]);
        p.gap_days = std::fabs(cs.day[sp.a] - cs.day[sp.b]);
        out.push_back(std::move(p));
    }
    return out;
}

Result<Ranking> rank(const Model& model, const CaseSet& cs0, size_t limit, const std::string& file, bool with_series) {
    auto in = rank_inputs(model, cs0, file);
    if (!in) return in.error();
    // scan_pairs lists the pairs probability descending, then a, b: ranks_before's order (rounding to 1e-4 is
    // monotone, so the printed probability never orders two pairs otherwise than the raw one).
    const auto scan = scan_pairs(in->cs, in->pp, in->net, model.top_share);
    Ranking r;
    r.n_pairs = scan.n_pairs;
    r.top_share = model.top_share;
    r.threshold = scan.threshold;
    r.above = scan.above.size();
    r.feature_names = in->spec.feature_names;
    r.top = ranked_pairs(in.value(), scan.above, limit);
    if (with_series) {
        std::vector<uint32_t> a(scan.above.size()), b(scan.above.size());
        std::vector<double> s(scan.above.size());
        for (size_t k = 0; k < scan.above.size(); ++k) {
            a[k] = scan.above[k].a;
            b[k] = scan.above[k].b;
            s[k] = scan.above[k].p;
        }
        r.series = components(in->cs.size(), a, b, s, scan.threshold);
    }
    return r;
}

std::vector<int> series_of(size_t n_cases, const Pairs& pr, const std::vector<double>& score, SeriesMode mode, double threshold, double cut) {
    return mode == SeriesMode::Components ? components(n_cases, pr.a, pr.b, score, threshold) : average_linkage(n_cases, pr.a, pr.b, score, cut);
}

}  // namespace crimescope::linkage
