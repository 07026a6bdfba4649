// cmd_omega: CR-Ω+ (paper 002) on real data.
//   omega eval  --pack houston|los_angeles | --csv FILE   [--mode family|place] [--split YYYY-MM-DD]
//     prints the paper-style table (learning rate, test rate, coverage, precision, recall) for KORA-Ω, CR-Ω+
//     and CR-Ω+M with subsets of 1+ and 2+ features, and a naive Bayes baseline, on a time split.
//   omega train ... --out model.json: the θ sets of each class, readable.
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "eval/naive_bayes.hpp"
#include "omega/cr_omega.hpp"
#include "omega/workflow.hpp"
#include "omega/patterns.hpp"

namespace crimescope::cli {

namespace {

struct OmegaArgs {
    std::string pack, csv, mode = "family", split, out;
    omega::Thresholds t{10, 2, 10, 2, 10, 5, 2, 2};
    bool scale_from_validation = true;
};

struct Loaded {
    data::CityData city;
    std::string source;
    omega::PatternSet ps;
};

Result<Loaded> load(Context& ctx, const OmegaArgs& a) {
    Loaded L;
    if (!a.csv.empty()) {
        auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
        if (!profiles) return profiles.error();
        auto r = data::ingest_file(a.csv, profiles.value());
        if (!r) return r.error();
        L.city.incidents = std::move(r->table);
        L.source = r->profile_id;
    } else {
        auto c = data::load_pack(ctx.assets_dir + "/packs/" + a.pack + ".cspack");
        if (!c) return c.error();
        L.city = std::move(c.value());
        L.source = L.city.profile_id;
    }
    auto maps = read_file_bytes(ctx.assets_dir + "/omega/families.json");
    if (!maps) return maps.error();
    auto ps = omega::build_patterns(L.city.incidents, std::string(maps->begin(), maps->end()), L.source,
                                    a.mode == "place" ? omega::ClassMode::Place : omega::ClassMode::Family);
    if (!ps) return ps.error();
    L.ps = std::move(ps.value());
    return L;
}

struct Rates { double learning = 0, test = 0, coverage = 0, precision = 0, recall = 0, macro_recall = 0; };

Rates rates(const omega::Model& m, const omega::PatternSet& ps, const std::vector<size_t>& train, const std::vector<size_t>& test) {
    Rates r;
    const int nf = ps.n_features();
    size_t ok_train = 0, ok = 0, covered = 0;
    std::vector<size_t> per(ps.classes.size(), 0), per_ok(ps.classes.size(), 0);
    for (size_t i : train) ok_train += omega::classify(m, &ps.X[i * static_cast<size_t>(nf)]).cls == static_cast<int>(ps.y[i]);
    for (size_t i : test) {
        auto p = omega::classify(m, &ps.X[i * static_cast<size_t>(nf)]);
        if (p.cls >= 0) covered++;
        ok += p.cls == static_cast<int>(ps.y[i]);
        per[ps.y[i]]++;
        per_ok[ps.y[i]] += p.cls == static_cast<int>(ps.y[i]);
    }
    size_t present = 0;
    for (size_t c = 0; c < per.size(); ++c)
        if (per[c]) { r.macro_recall += double(per_ok[c]) / double(per[c]); ++present; }
    if (present) r.macro_recall /= double(present);
    r.learning = train.empty() ? 0 : double(ok_train) / double(train.size());
    r.coverage = test.empty() ? 0 : double(covered) / double(test.size());
    r.precision = covered ? double(ok) / double(covered) : 0;
    r.recall = r.test = test.empty() ? 0 : double(ok) / double(test.size());
    return r;
}

omega::Model fit(const omega::PatternSet& ps, const std::vector<size_t>& idx, omega::Algorithm algo, const omega::Thresholds& t) {
    return omega::train_rows(ps.X, ps.y, ps.n_features(), static_cast<int>(ps.classes.size()), idx, algo, t);
}

}  // namespace

void register_omega(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("omega", "CR-Ω+ spatio-temporal classifier (paper 002)");
    cmd->require_subcommand(1);
    static OmegaArgs a;
    auto* ev = cmd->add_subcommand("eval", "Paper-style table: KORA-Ω, CR-Ω+, CR-Ω+M (1+ and 2+ features) and naive Bayes, time split");
    for (auto* sub : {ev}) {
        sub->add_option("--pack", a.pack, "pack id (houston, los_angeles)");
        sub->add_option("--csv", a.csv, "a CSV with a known profile (e.g. Sacramento)");
        sub->add_option("--mode", a.mode, "family (robbery/injury/homicide/property damage) or place (public road/home/shop)")->capture_default_str();
        sub->add_option("--split", a.split, "first test day YYYY-MM-DD (default: the last fifth of the days)");
    }
    auto* tr = cmd->add_subcommand("train", "Learn the θ sets of every class on all the data and write them as JSON");
    static std::string algo_name = "CR-Ω+";
    static int min_subset = 2, scale = 0;
    tr->add_option("--pack", a.pack, "pack id (houston, los_angeles)");
    tr->add_option("--csv", a.csv, "a CSV with a known profile (e.g. Sacramento)");
    tr->add_option("--mode", a.mode, "family or place")->capture_default_str();
    tr->add_option("--algorithm", algo_name, "KORA-Ω, CR-Ω+ or CR-Ω+M (ASCII: kora, cr, crm)")->capture_default_str();
    tr->add_option("--min-features", min_subset, "smallest feature subset (1 or 2)")->capture_default_str();
    tr->add_option("--scale", scale, "threshold scale (b1 = s, b1' = s/3, b2 = s/2); 0 = choose on the last fifth of the days");
    static int b1p = -1, b1p_other = -1, b1n = -1, b1n_self = -1, b0 = -1, b2p = -1, b2p_other = -1;
    tr->add_option("--b1p", b1p, "characteristic: at least this many times in the class (overrides the scale)");
    tr->add_option("--b1p-other", b1p_other, "characteristic: at most this many times in another class");
    tr->add_option("--b1n", b1n, "negative: at least this many times in another class");
    tr->add_option("--b1n-self", b1n_self, "negative: at most this many times in the class");
    tr->add_option("--b0", b0, "neutral: at least this many times in every class");
    tr->add_option("--b2p", b2p, "complementary: at least this many times in the class");
    tr->add_option("--b2p-other", b2p_other, "complementary: at most this many times in another class");
    tr->add_option("-o,--out", a.out, "output JSON")->required();
    tr->callback([&ctx] {
        auto L = load(ctx, a);
        if (!L) { std::fprintf(stderr, "error: %s\n", L.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& ps = L->ps;
        omega::Algorithm algo = omega::Algorithm::CrOmegaPlus;
        if (algo_name == "KORA-Ω" || algo_name == "kora") algo = omega::Algorithm::KoraOmega;
        else if (algo_name == "CR-Ω+M" || algo_name == "crm") algo = omega::Algorithm::CrOmegaPlusM;
        else if (algo_name != "CR-Ω+" && algo_name != "cr") { std::fprintf(stderr, "error: unknown --algorithm %s\n", algo_name.c_str()); ctx.exit_code = 2; return; }
        const int nc = static_cast<int>(ps.classes.size());
        const std::vector<size_t> all = omega::all_rows(ps);
        int s = scale;
        if (s <= 0) s = omega::choose_scale_by_time(ps, all, algo, min_subset);   // the app's choice too
        omega::Thresholds th = omega::scaled_thresholds(s, min_subset);
        for (auto [v, dst] : {std::pair{b1p, &th.b1p}, std::pair{b1p_other, &th.b1p_other}, std::pair{b1n, &th.b1n}, std::pair{b1n_self, &th.b1n_self},
                              std::pair{b0, &th.b0}, std::pair{b2p, &th.b2p}, std::pair{b2p_other, &th.b2p_other}})
            if (v >= 0) *dst = v;
        auto t0 = std::chrono::steady_clock::now();
        auto m = omega::train_rows(ps.X, ps.y, ps.n_features(), nc, all, algo, th);
        const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        auto text = [&](uint32_t p) {
            nlohmann::json o;
            for (int f = 0; f < ps.n_features(); ++f)
                if (m.properties[p].mask & (1u << f)) o[ps.feature_names[static_cast<size_t>(f)]] = ps.values[static_cast<size_t>(f)][m.properties[p].v[static_cast<size_t>(f)]];
            nlohmann::json counts = nlohmann::json::object();
            for (int c = 0; c < nc; ++c) counts[ps.classes[static_cast<size_t>(c)]] = m.counts[p * static_cast<size_t>(nc) + static_cast<size_t>(c)];
            return nlohmann::json{{"property", o}, {"counts", counts}};
        };
        nlohmann::json j;
        j["algorithm"] = omega::algorithm_name(algo);
        j["source"] = L->source;
        j["mode"] = a.mode;
        j["thresholds"] = {{"b1p", m.thresholds.b1p}, {"b1p_other", m.thresholds.b1p_other}, {"b1n", m.thresholds.b1n}, {"b1n_self", m.thresholds.b1n_self},
                           {"b0", m.thresholds.b0}, {"b2p", m.thresholds.b2p}, {"b2p_other", m.thresholds.b2p_other}, {"min_subset", min_subset}};
        j["features"] = ps.feature_names;
        j["patterns"] = ps.y.size();
        nlohmann::json classes = nlohmann::json::object();
        for (int c = 0; c < nc; ++c) {
            nlohmann::json cl;
            for (auto [name, role] : {std::pair{"characteristic", omega::kCharacteristic}, std::pair{"negative", omega::kNegative},
                                      std::pair{"complementary", omega::kComplementary}}) {
                nlohmann::json arr = nlohmann::json::array();
                for (uint32_t p : m.theta(c, role)) arr.push_back(text(p));
                cl[name] = arr;
            }
            classes[ps.classes[static_cast<size_t>(c)]] = cl;
        }
        j["classes"] = classes;
        nlohmann::json neutral = nlohmann::json::array();
        for (uint32_t p : m.theta0()) neutral.push_back(text(p));
        j["neutral"] = neutral;
        auto st = write_file_atomic(a.out, j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
        if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); ctx.exit_code = 1; return; }
        std::printf("wrote %s: %s, scale %d, %zu patterns, %zu properties counted, trained in %.3f s\n", a.out.c_str(), omega::algorithm_name(algo), s,
                    ps.y.size(), m.properties.size(), train_s);
        for (int c = 0; c < nc; ++c)
            std::printf("  %-16s θ1+ %zu  θ1- %zu  θ2+ %zu\n", ps.classes[static_cast<size_t>(c)].c_str(), m.theta(c, omega::kCharacteristic).size(),
                        m.theta(c, omega::kNegative).size(), m.theta(c, omega::kComplementary).size());
    });
    ev->callback([&ctx] {
        auto L = load(ctx, a);
        if (!L) { std::fprintf(stderr, "error: %s\n", L.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& ps = L->ps;
        std::optional<int32_t> given;
        if (!a.split.empty()) {
            DateTime dt;
            if (!parse_datetime(a.split, "%Y-%m-%d", dt)) { std::fprintf(stderr, "error: --split: not a date\n"); ctx.exit_code = 2; return; }
            given = dt.day;
        }
        // Test: the last fifth of the days (or from --split); validation: the last fifth of the training days, for
        // the threshold scale only (core omega::time_split, as the app's Patterns view).
        const omega::TimeSplit tt = omega::time_split(ps.day, omega::all_rows(ps), given);
        const int32_t split = tt.split_day;
        const std::vector<size_t>& train = tt.before;
        const std::vector<size_t>& test = tt.after;
        const omega::TimeSplit vv = omega::time_split(ps.day, train);
        const int32_t vsplit = train.empty() ? split : vv.split_day;
        const std::vector<size_t>& fit_idx = vv.before;
        const std::vector<size_t>& val_idx = vv.after;
        std::printf("omega eval: %s (%s), mode %s, features:", L->city.display_name.empty() ? a.csv.c_str() : L->city.display_name.c_str(),
                    L->source.c_str(), a.mode.c_str());
        for (const auto& f : ps.feature_names) std::printf(" %s", f.c_str());
        std::printf("\n  classes:");
        std::vector<size_t> per(ps.classes.size(), 0);
        for (uint32_t c : ps.y) per[c]++;
        for (size_t c = 0; c < ps.classes.size(); ++c) std::printf(" %s %zu;", ps.classes[c].c_str(), per[c]);
        std::printf("\n  %zu patterns (%zu incidents matched no class rule, %zu had no time); train < %s <= test: %zu / %zu; threshold scale chosen on %zu validation patterns from %s\n",
                    ps.y.size(), ps.unmapped, ps.unknown_time, format_day(split).c_str(), train.size(), test.size(), val_idx.size(), format_day(vsplit).c_str());
        std::printf("  %-10s %-3s %5s | %8s %8s %8s %9s %7s %7s\n", "method", "min", "scale", "learning", "test", "coverage", "precision", "recall", "macro-R");
        for (int min_subset : {1, 2})
            for (auto algo : {omega::Algorithm::KoraOmega, omega::Algorithm::CrOmegaPlus, omega::Algorithm::CrOmegaPlusM}) {
                const int best_s = omega::choose_scale(ps.X, ps.y, ps.n_features(), static_cast<int>(ps.classes.size()), fit_idx, val_idx,
                                                       algo, min_subset);
                auto m = fit(ps, train, algo, omega::scaled_thresholds(best_s, min_subset));
                Rates r = rates(m, ps, train, test);
                std::printf("  %-10s %d+  %5d | %8.3f %8.3f %8.3f %9.3f %7.3f %7.3f\n", omega::algorithm_name(algo), min_subset, best_s,
                            r.learning, r.test, r.coverage, r.precision, r.recall, r.macro_recall);
            }
        // Naive Bayes on the same features.
        std::vector<uint32_t> nv;
        for (const auto& v : ps.values) nv.push_back(static_cast<uint32_t>(v.size()));
        std::vector<uint32_t> Xtr, ytr;
        const size_t nf = ps.feature_names.size();
        for (size_t i : train) {
            Xtr.insert(Xtr.end(), ps.X.begin() + static_cast<long>(i * nf), ps.X.begin() + static_cast<long>((i + 1) * nf));
            ytr.push_back(ps.y[i]);
        }
        eval::CategoricalNB nb;
        nb.fit(Xtr, ytr, nv, static_cast<int>(ps.classes.size()));
        size_t ok = 0, ok_tr = 0;
        std::vector<size_t> nper(ps.classes.size(), 0), nok(ps.classes.size(), 0);
        for (size_t i : train) ok_tr += nb.predict(&ps.X[i * nf]) == static_cast<int>(ps.y[i]);
        for (size_t i : test) {
            bool good = nb.predict(&ps.X[i * nf]) == static_cast<int>(ps.y[i]);
            ok += good;
            nper[ps.y[i]]++;
            nok[ps.y[i]] += good;
        }
        double macro = 0;
        size_t present = 0;
        for (size_t c = 0; c < nper.size(); ++c)
            if (nper[c]) { macro += double(nok[c]) / double(nper[c]); ++present; }
        macro /= double(std::max<size_t>(1, present));
        double rec = test.empty() ? 0 : double(ok) / double(test.size());
        std::printf("  %-10s %-3s %5s | %8.3f %8.3f %8.3f %9.3f %7.3f %7.3f\n", "NaiveBayes", "", "", train.empty() ? 0 : double(ok_tr) / double(train.size()), rec, 1.0, rec, rec, macro);
        std::vector<size_t> per_test(ps.classes.size(), 0), per_train(ps.classes.size(), 0);
        for (size_t i : test) per_test[ps.y[i]]++;
        for (size_t i : train) per_train[ps.y[i]]++;
        size_t major = static_cast<size_t>(std::max_element(per_train.begin(), per_train.end()) - per_train.begin());
        std::printf("  %-10s %-3s %5s | %8s %8.3f %8.3f %9.3f %7.3f %7.3f   (always %s)\n", "majority", "", "", "",
                    test.empty() ? 0 : double(per_test[major]) / double(test.size()), 1.0, test.empty() ? 0 : double(per_test[major]) / double(test.size()),
                    test.empty() ? 0 : double(per_test[major]) / double(test.size()), 1.0 / double(std::max<size_t>(1, ps.classes.size())), ps.classes[major].c_str());
    });
}

}  // namespace crimescope::cli
