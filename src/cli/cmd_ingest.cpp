// cmd_ingest: read a CSV with a profile (auto-detected from the header, else inferred) and print the ingest report.
#include <cstdio>
#include <optional>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "geocode/geocoder.hpp"

namespace crimescope::cli {

void register_ingest(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("ingest", "Read CSVs (or .csv.gz) as one table and report rows read, kept and skipped by reason");
    static std::vector<std::string> paths;
    static std::string profile_path, issues_out, geocode_pack;
    static bool as_json = false;
    static unsigned threads = 0;
    cmd->add_option("csv", paths, "input CSV files, read as one table (dedupe across them)")->required();
    cmd->add_option("--threads", threads, "parsing threads (0 = every core)")->capture_default_str();
    cmd->add_option("--profile", profile_path,
                    "profile id of assets/profiles, or a profile JSON file (default: auto-detect, else infer from the file)");
    cmd->add_option("--issues", issues_out, "write every kept issue as JSON to this file");
    cmd->add_option("--geocode", geocode_pack,
                    "a file with addresses and no coordinates: place its rows against this pack's block addresses "
                    "(pack id or .cspack path)");
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
        // --geocode: the pack's geocoder places each distinct address once (a recorded block, or interpolated).
        std::optional<data::CityData> gcity;
        std::optional<geocode::Geocoder> geocoder;
        data::Locator locate;
        if (!geocode_pack.empty()) {
            auto pack_path = data::resolve_pack_path(geocode_pack, ctx.assets_dir + "/packs");
            if (!pack_path) { std::fprintf(stderr, "error: --geocode: %s\n", pack_path.error().to_string().c_str()); ctx.exit_code = 2; return; }
            auto c = data::load_pack(pack_path.value());
            if (!c) { std::fprintf(stderr, "error: --geocode: %s\n", c.error().to_string().c_str()); ctx.exit_code = 1; return; }
            gcity = std::move(c.value());
            auto g = geocode::city_geocoder(*gcity);
            if (!g) { std::fprintf(stderr, "error: --geocode: %s\n", g.error().to_string().c_str()); ctx.exit_code = 1; return; }
            geocoder = std::move(g.value());
            locate = geocode::block_locator(*geocoder);
        }
        data::IngestOptions opts;
        opts.threads = threads;
        opts.keep_rows = false;   // the report only: memory independent of the file's size
        auto r = data::ingest_files(paths, profiles.value(), chosen, locate, opts);
        if (!r) { std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& rep = r->report;
        const std::string js = data::result_json(r.value(), 2);
        if (as_json) {
            std::printf("%s\n", js.c_str());
        } else {
            if (r->file_reports.size() > 1)
                for (const auto& fr : r->file_reports) std::printf("  %s: %s\n", fr.file.c_str(), fr.summary().c_str());
            std::printf("%s (profile %s%s)\n%s\ndate range: %s\n", rep.file.c_str(), rep.profile_id.c_str(),
                        r->profile_inferred ? ", inferred" : "", rep.summary().c_str(), data::date_range_text(r.value()).c_str());
            if (r->profile_inferred)
                for (const auto& n : r->profile.notes) std::printf("  inferred %s\n", n.c_str());
            if (!geocode_pack.empty() && !r->geocoded)
                std::fprintf(stderr, "note: --geocode %s not used: this file has its own coordinates\n", geocode_pack.c_str());
            if (r->geocoded) {
                const auto& g = r->geocode;
                const long n = g.placed() + g.not_placed;
                std::printf("geocoded against %s: %ld of %ld rows placed (%.1f%%): %ld on a recorded block, %ld interpolated along "
                            "a street's blocks; %ld not placed (counted under missing coordinates)\n",
                            geocode_pack.c_str(), g.placed(), n, n ? 100.0 * static_cast<double>(g.placed()) / static_cast<double>(n) : 0.0,
                            g.exact, g.approximate, g.not_placed);
            }
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
