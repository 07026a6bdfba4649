// cmd_eval: `eval score`: the crime-score MLP (ONNX Runtime) on the later-period test split written in its
// sidecar, with the mean predictor and linear regression refit on the same training rows in the same run.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "commands.hpp"
#include "score/mlp_sidecar.hpp"
#include "data/pack.hpp"
#include "eval/regression.hpp"
#include "score/knn_features.hpp"
#ifdef CRIMESCOPE_HAVE_ORT
#include "infer/model_runner.hpp"
#endif

namespace crimescope::cli {

void register_eval(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("eval", "Evaluations on held-out data");
    cmd->require_subcommand(1);
    register_eval_classify(*cmd, ctx);
    auto* sc = cmd->add_subcommand("score", "Crime-score MLP vs mean and linear baselines on the later-period test split");
    static std::string city = "chicago", models_dir;
    sc->add_option("--city", city, "model city (models/score_mlp_<city>.onnx + .json)")->capture_default_str();
    sc->add_option("--models", models_dir, "models folder (default: next to assets/)");
    static std::string pack_arg;
    sc->add_option("--pack", pack_arg, "the pack the model was trained on, id or path (default: the city's; chicago: build/packs/chicago_5y.cspack)");
    sc->callback([&ctx] {
#ifdef CRIMESCOPE_HAVE_ORT
        std::string dir = models_dir.empty() ? ctx.assets_dir + "/../models" : models_dir;
        auto side_bytes = read_file_bytes(dir + "/score_mlp_" + city + ".json");
        if (!side_bytes) { std::fprintf(stderr, "error: %s\n", side_bytes.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const std::string side_text(side_bytes->begin(), side_bytes->end());
        auto sc_side = score::parse_mlp_sidecar(side_text, dir + "/score_mlp_" + city + ".json");
        if (!sc_side) { std::fprintf(stderr, "error: %s\n", sc_side.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const int32_t fit0 = sc_side->fit_first_day, dev0 = sc_side->dev_first_day, test0 = sc_side->test_first_day, test1 = sc_side->test_last_day;
        // The model's data: the pack it was trained on (chicago: the five-year pack of scripts/build_packs.sh --large).
        const std::string pack_value = !pack_arg.empty() ? pack_arg
                                       : city == "chicago" ? ctx.assets_dir + "/../build/packs/chicago_5y.cspack" : city;
        auto pack_path = data::resolve_pack_path(pack_value, ctx.assets_dir + "/packs");
        if (!pack_path) { std::fprintf(stderr, "error: %s\n", pack_path.error().to_string().c_str()); ctx.exit_code = 2; return; }
        auto cityd = data::load_pack(pack_path.value());
        if (!cityd) { std::fprintf(stderr, "error: %s\n", cityd.error().to_string().c_str()); ctx.exit_code = 1; return; }
        if (cityd->incidents.size() == 0 || cityd->incidents.day.front() > fit0 - 365) {
            std::fprintf(stderr, "error: %s does not reach back to a year before the model's fit period (%s): give the pack it was trained on with --pack\n",
                         pack_path->c_str(), format_day(fit0).c_str());
            ctx.exit_code = 2;
            return;
        }
        const auto& t = cityd->incidents;
        index::GeoIndex idx(t);
        auto scale = score::scale_for(cityd.value(), idx, t.day.back(), {});
        score::DatasetParams prm;
        prm.first_day = fit0;
        prm.last_day = test1;
        auto rows = score::make_dataset(t, idx, prm, scale.count_max);
        std::vector<float> Xfit, yfit, Xte, yte;
        for (const auto& r : rows) {
            if (r.query_day >= fit0 && r.query_day < dev0) { Xfit.insert(Xfit.end(), r.features.begin(), r.features.end()); yfit.push_back(static_cast<float>(r.score01)); }
            if (r.query_day >= test0 && r.query_day <= test1) { Xte.insert(Xte.end(), r.features.begin(), r.features.end()); yte.push_back(static_cast<float>(r.score01)); }
        }
        const size_t nf = score::kFeatureCount, nte = yte.size();
        double mean = 0;
        for (float v : yfit) mean += v;
        mean /= static_cast<double>(std::max<size_t>(1, yfit.size()));
        auto lm = eval::fit_linear(Xfit, yfit, nf);
        std::vector<double> p_mean(nte, mean), p_lin(nte), p_mlp(nte);
        for (size_t i = 0; i < nte; ++i) p_lin[i] = std::clamp(lm.predict(&Xte[i * nf], nf), 0.0, 1.0);
        auto runner = infer::load_onnx_model(dir + "/score_mlp_" + city + ".onnx", 2);
        if (!runner) { std::fprintf(stderr, "error: %s\n", runner.error().to_string().c_str()); ctx.exit_code = 1; return; }
        auto out = runner.value()->run({{"features", {{static_cast<int64_t>(nte), static_cast<int64_t>(nf)}, Xte}}});
        if (!out) { std::fprintf(stderr, "error: %s\n", out.error().to_string().c_str()); ctx.exit_code = 1; return; }
        for (size_t i = 0; i < nte; ++i) p_mlp[i] = (*out)[0].tensor.values[i];
        std::printf("eval score: %s, time split (from the sidecar): fit %s..%s (%zu rows), test %s..%s (%zu rows)\n", city.c_str(),
                    format_day(fit0).c_str(), format_day(dev0 - 1).c_str(), yfit.size(), format_day(test0).c_str(),
                    format_day(test1).c_str(), nte);
        std::printf("  test L1   mean predictor %.4f   linear regression %.4f   MLP (ONNX Runtime) %.4f\n",
                    eval::mean_abs_error(p_mean, yte), eval::mean_abs_error(p_lin, yte), eval::mean_abs_error(p_mlp, yte));
        const auto side = nlohmann::json::parse(side_text, nullptr, false);
        auto metric = [&](const char* ptr) {
            const auto p = nlohmann::json::json_pointer(ptr);
            return side.is_object() && side.contains(p) && side.at(p).is_number() ? side.at(p).get<double>() : NAN;
        };
        std::printf("  sidecar (PyTorch): MLP %.4f, mean %.4f, linear %.4f; paper protocol (random split of the augmented last year, optimistic): %.4f (paper: 0.0545)\n",
                    metric("/metrics/test_l1/mlp"), metric("/metrics/test_l1/mean"), metric("/metrics/test_l1/linear"),
                    metric("/metrics/paper_protocol/test_l1_mlp"));
#else
        std::fprintf(stderr, "error: this build has no ONNX Runtime\n");
        ctx.exit_code = 2;
#endif
    });
}

}  // namespace crimescope::cli
