// commands.hpp: crimescope-cli subcommands, one file each (cmd_<name>.cpp). Each registers itself on
// the CLI11 app and returns the process exit code through `exit_code`.
#pragma once
#include <CLI/CLI.hpp>
#include <map>
#include <string>

namespace crimescope::cli {

struct Context {
    std::string assets_dir;   // profiles and packs (default: the source tree's assets/)
    int exit_code = 0;
};

void register_ingest(CLI::App& app, Context& ctx);
void register_profile(CLI::App& app, Context& ctx);
void register_pack(CLI::App& app, Context& ctx);
void register_info(CLI::App& app, Context& ctx);
void register_bench(CLI::App& app, Context& ctx);
void register_infer(CLI::App& app, Context& ctx);
void register_score(CLI::App& app, Context& ctx);
void register_score_dataset(CLI::App& app, Context& ctx);
void register_eval(CLI::App& app, Context& ctx);
void register_geocode(CLI::App& app, Context& ctx);
void register_omega(CLI::App& app, Context& ctx);
void register_forecast(CLI::App& app, Context& ctx);
void register_link(CLI::App& app, Context& ctx);
void register_bench_geocode(CLI::App& bench, Context& ctx);
void register_bench_link(CLI::App& bench, Context& ctx);
void register_bench_classify(CLI::App& bench, Context& ctx);
void register_eval_classify(CLI::App& eval, Context& ctx);
void register_classify(CLI::App& app, Context& ctx);
void register_export(CLI::App& app, Context& ctx);
void register_near_repeat(CLI::App& app, Context& ctx);
void register_concentration(CLI::App& app, Context& ctx);
void register_hotspots(CLI::App& app, Context& ctx);

std::string default_assets_dir();

}  // namespace crimescope::cli
