// cmd_score_dataset: the MLP training set of paper 001 (queries at incident locations, S, 10-NN features),
// optionally with the paper's augmentation of the extremes. Written atomically as CSV.
#include <cstdio>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/pack.hpp"
#include "score/knn_features.hpp"

namespace crimescope::cli {

void register_score_dataset(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("score-dataset", "Write the crime-score MLP training set (paper 001) as CSV");
    static std::string pack, from, to, out;
    static score::DatasetParams prm;
    cmd->add_option("--pack", pack, "pack id or path")->required();
    cmd->add_option("--from", from, "first query day YYYY-MM-DD (default: the data's first day)");
    cmd->add_option("--to", to, "last query day YYYY-MM-DD (default: the data's last day)");
    cmd->add_flag("--augment", prm.augment, "resample S < 0.3 twenty times and S > 0.8 three times, jittered 50 m / 1 day");
    cmd->add_option("--seed", prm.seed, "jitter seed")->capture_default_str();
    cmd->add_option("-o,--out", out, "output CSV")->required();
    cmd->callback([&ctx] {
        std::string path = pack.find('/') != std::string::npos ? pack : ctx.assets_dir + "/packs/" + pack + ".cspack";
        auto city = data::load_pack(path);
        if (!city) { std::fprintf(stderr, "error: %s\n", city.error().to_string().c_str()); ctx.exit_code = 1; return; }
        for (auto [text, dst] : {std::pair{&from, &prm.first_day}, std::pair{&to, &prm.last_day}}) {
            if (text->empty()) continue;
            DateTime dt;
            if (!parse_datetime(*text, "%Y-%m-%d", dt)) { std::fprintf(stderr, "error: not a date YYYY-MM-DD: \"%s\"\n", text->c_str()); ctx.exit_code = 2; return; }
            *dst = dt.day;
        }
        const auto& t = city->incidents;
        index::GeoIndex idx(t);
        auto scale = score::scale_for(city.value(), idx, t.day.back(), prm.score);
        auto rows = score::make_dataset(t, idx, prm, scale.count_max);
        auto st = write_file_atomic(out, score::dataset_csv(rows));
        if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); ctx.exit_code = 1; return; }
        size_t aug = 0;
        for (const auto& r : rows) aug += r.copy > 0;
        std::printf("wrote %s: %zu rows (%zu augmented copies), C_max %u (200 m / 365 days as of %s)\n", out.c_str(), rows.size(), aug,
                    scale.count_max, format_day(t.day.back()).c_str());
    });
}

}  // namespace crimescope::cli
