// cmd_ingest: read a CSV with a profile (auto-detected from the header) and print the ingest report.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/ingest.hpp"

namespace crimescope::cli {

void register_ingest(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("ingest", "Read a CSV (or .csv.gz) and report rows read, kept and skipped by reason");
    static std::string path, profile_path, issues_out;
    static bool as_json = false;
    cmd->add_option("csv", path, "input CSV")->required();
    cmd->add_option("--profile", profile_path, "profile JSON (default: auto-detect from assets/profiles)");
    cmd->add_option("--issues", issues_out, "write every kept issue as JSON to this file");
    cmd->add_flag("--json", as_json, "print the report as JSON");
    cmd->callback([&ctx] {
        auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
        if (!profiles) { std::fprintf(stderr, "error: %s\n", profiles.error().to_string().c_str()); ctx.exit_code = 2; return; }
        const data::Profile* chosen = nullptr;
        data::Profile custom;
        if (!profile_path.empty()) {
            auto p = data::load_profile(profile_path);
            if (!p) { std::fprintf(stderr, "error: %s\n", p.error().to_string().c_str()); ctx.exit_code = 2; return; }
            custom = p.value();
            chosen = &custom;
        }
        auto r = data::ingest_file(path, profiles.value(), chosen);
        if (!r) { std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& rep = r->report;
        const std::string js = data::report_json(rep, 2);
        if (as_json) {
            std::printf("%s\n", js.c_str());
        } else {
            std::printf("%s (profile %s)\n%s\n", rep.file.c_str(), rep.profile_id.c_str(), rep.summary().c_str());
            for (size_t k = 0; k < rep.first_issues.size() && k < 10; ++k)
                std::printf("  %s\n", IngestReport::format_issue(rep.first_issues[k]).c_str());
        }
        if (!issues_out.empty()) {
            auto st = write_file_atomic(issues_out, js);
            if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); ctx.exit_code = 2; }
        }
    });
}

}  // namespace crimescope::cli
