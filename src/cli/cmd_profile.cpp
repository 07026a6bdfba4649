// cmd_profile: `profile infer FILE [-o profile.json]`: print (or write atomically) the profile inferred from a CSV.
#include <cstdio>

#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/profile_infer.hpp"

namespace crimescope::cli {

void register_profile(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("profile", "Column-mapping profiles");
    cmd->require_subcommand(1);
    auto* inf = cmd->add_subcommand("infer", "Infer a format-v2 profile from a CSV's header and first rows (one note per choice)");
    static std::string path, out;
    inf->add_option("csv", path, "input CSV (or .csv.gz)")->required();
    inf->add_option("-o,--output", out, "write the profile JSON here (atomically) instead of stdout");
    inf->callback([&ctx] {
        auto p = data::infer_profile_file(path);
        if (!p) { std::fprintf(stderr, "error: %s\n", p.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const std::string js = data::profile_to_json(p.value(), 2) + "\n";
        if (out.empty()) {
            std::fputs(js.c_str(), stdout);
            return;
        }
        auto st = write_file_atomic(out, js);
        if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); ctx.exit_code = 2; return; }
        for (const auto& n : p->notes) std::printf("%s\n", n.c_str());
        std::printf("wrote %s\n", out.c_str());
    });
}

}  // namespace crimescope::cli
