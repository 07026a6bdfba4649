// cmd_ingest: read a CSV with a profile (auto-detected from the header, else inferred) and print the ingest report.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/ingest.hpp"

namespace crimescope::cli {


// --profile VALUE: a profile file when VALUE contains '/' or ends in .json, else an id of assets/profiles.
Result<data::Profile> resolve_profile(const std::string& value, const std::vector<data::Profile>& shipped) {
    const bool file = value.find('/') != std::string::npos ||
                      (value.size() > 5 && value.compare(value.size() - 5, 5, ".json") == 0);
    if (file) return data::load_profile(value);
    std::string ids;
    for (const auto& p : shipped) {
        if (p.id == value) return p;
        ids += (ids.empty() ? "" : ", ") + p.id;
    }
    return make_error(ErrorKind::Profile, "no shipped profile has id '" + value + "' (ids: " + ids + ")", "--profile");
}

void register_ingest(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("ingest", "Read a CSV (or .csv.gz) and report rows read, kept and skipped by reason");
    static std::string path, profile_path, issues_out;
    static bool as_json = false;
    cmd->add_option("csv", path, "input CSV")->required();
    cmd->add_option("--profile", profile_path,
                    "profile id of assets/profiles, or a profile JSON file (default: auto-detect, else infer from the file)");
    cmd->add_option("--issues", issues_out, "write every kept issue as JSON to this file");
    cmd->add_flag("--json", as_json, "print the report as JSON");
    cmd->callback([&ctx] {
        auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
        if (!profiles) { std::fprintf(stderr, "error: %s\n", profiles.error().to_string().c_str()); ctx.exit_code = 2; return; }
        const data::Profile* chosen = nullptr;
        data::Profile custom;
        if (!profile_path.empty()) {
            auto p = resolve_profile(profile_path, profiles.value());
            if (!p) { std::fprintf(stderr, "error: %s\n", p.error().to_string().c_str()); ctx.exit_code = 2; return; }
            custom = p.value();
            chosen = &custom;
        }
        auto r = data::ingest_file(path, profiles.value(), chosen);
        if (!r) { std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& rep = r->report;
        const std::string js = data::result_json(r.value(), 2);
        if (as_json) {
            std::printf("%s\n", js.c_str());
        } else {
            std::printf("%s (profile %s%s)\n%s\ndate range: %s\n", rep.file.c_str(), rep.profile_id.c_str(),
                        r->profile_inferred ? ", inferred" : "", rep.summary().c_str(), data::date_range_text(r.value()).c_str());
            if (r->profile_inferred)
                for (const auto& n : r->profile.notes) std::printf("  inferred %s\n", n.c_str());
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
