// crimescope-cli: the analyst's command-line tool. Everything the app computes is reachable from here.
#include <cstdlib>
#include <sys/stat.h>

#include "commands.hpp"

namespace crimescope::cli {

std::string default_assets_dir() {
    if (const char* env = std::getenv("CRIMESCOPE_ASSETS")) return env;
#ifdef CS_DEFAULT_ASSETS
    return CS_DEFAULT_ASSETS;
#else
    return "assets";
#endif
}

}  // namespace crimescope::cli

int main(int argc, char** argv) {
    using namespace crimescope::cli;
    CLI::App app{"crimescope-cli: crime data packs, scores, classifiers and linkage, offline"};
    app.require_subcommand(1);
    Context ctx;
    ctx.assets_dir = default_assets_dir();
    app.add_option("--assets", ctx.assets_dir, "assets folder (profiles, packs)")->capture_default_str();
    register_ingest(app, ctx);
    register_profile(app, ctx);
    register_pack(app, ctx);
    register_info(app, ctx);
    register_bench(app, ctx);
    register_infer(app, ctx);
    register_classify(app, ctx);
    register_score(app, ctx);
    register_score_dataset(app, ctx);
    register_eval(app, ctx);
    register_geocode(app, ctx);
    register_omega(app, ctx);
    register_forecast(app, ctx);
    register_link(app, ctx);
    register_export(app, ctx);
    register_near_repeat(app, ctx);
    register_concentration(app, ctx);
    register_hotspots(app, ctx);
    CLI11_PARSE(app, argc, argv);
    return ctx.exit_code;
}
