// cmd_export: the incidents a filter accepts (the app's map filter semantics, data::ExportFilter) as CSV or
// GeoJSON, written atomically (issue #14, "Results out").
//   crimescope-cli export (--pack ID_OR_FILE | --csv FILE [--profile VALUE]) [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//                         [--hours H1-H2] [--types T1,T2,...] [--bbox S,W,N,E] --format csv|geojson -o FILE
// Bad arguments (an unknown type, a malformed date or box) exit 2; unreadable input exits 1.
#include <cstdio>
#include <string>

#include "base/file_io.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "data/export.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"

namespace crimescope::cli {

void register_export(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("export", "Write the incidents a filter accepts (as on the map) to CSV or GeoJSON");
    static std::string pack, csv, profile_value, format, out;
    static data::ExportFilterArgs args;
    // Checked in the callback rather than by CLI11 (required / excludes), so that every bad argument exits 2.
    cmd->add_option("--pack", pack, "pack id of assets/packs/packs.json, or a .cspack file");
    cmd->add_option("--csv", csv, "a CSV (or .csv.gz) read as `ingest` reads it");
    cmd->add_option("--profile", profile_value, "with --csv: profile id of assets/profiles, or a profile JSON file");
    cmd->add_option("--from", args.from, "first day, YYYY-MM-DD (included)");
    cmd->add_option("--to", args.to, "last day, YYYY-MM-DD (included)");
    cmd->add_option("--hours", args.hours, "hours of the day H1-H2: [H1, H2), 0..24; rows without a time are left out (as on the map) unless 0-24");
    cmd->add_option("--types", args.types, "crime types, comma-separated: values of the type column, case ignored; quote one that holds a comma (\"A, B\",C)");
    cmd->add_option("--bbox", args.bbox, "SOUTH,WEST,NORTH,EAST in degrees");
    cmd->add_option("--format", format, "csv or geojson (required)");
    cmd->add_option("-o,--out", out, "output file, written atomically (required)");
    cmd->callback([&ctx] {
        auto fail = [&](int code, const std::string& msg) {
            std::fprintf(stderr, "error: %s\n", msg.c_str());
            ctx.exit_code = code;
        };
        if (pack.empty() == csv.empty()) return fail(2, "give one of --pack ID_OR_FILE or --csv FILE");
        if (!profile_value.empty() && csv.empty()) return fail(2, "--profile goes with --csv (a pack knows how it was read)");
        if (format.empty() || out.empty()) return fail(2, "give --format csv|geojson and -o FILE");
        auto fmt = data::parse_export_format(format);
        if (!fmt) return fail(2, fmt.error().to_string());
        auto filter = data::parse_export_filter(args);
        if (!filter) return fail(2, filter.error().to_string());

        data::IncidentTable table;
        std::string source;
        if (!pack.empty()) {
            auto city = data::load_pack_by_id_or_path(pack, ctx.assets_dir + "/packs");
            if (!city) return fail(city.error().kind == ErrorKind::Invalid ? 2 : 1, city.error().to_string());
            table = std::move(city->incidents);
            source = city->id;
        } else {
            auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
            if (!profiles) return fail(2, profiles.error().to_string());
            data::Profile custom;
            const data::Profile* chosen = nullptr;
            if (!profile_value.empty()) {
                auto p = resolve_profile(profile_value, profiles.value());
                if (!p) return fail(2, p.error().to_string());
                custom = std::move(p.value());
                chosen = &custom;
            }
            auto r = data::ingest_file(csv, profiles.value(), chosen);
            if (!r) return fail(1, r.error().to_string());
            std::fprintf(stderr, "read %s (profile %s%s): %s\n", csv.c_str(), r->profile_id.c_str(),
                         r->profile_inferred ? ", inferred" : "", r->report.summary().c_str());
            table = std::move(r->table);
            source = base_name(csv);
        }
        auto stats = data::export_file(table, filter.value(), fmt.value(), out);
        if (!stats) return fail(stats.error().kind == ErrorKind::Io ? 1 : 2, stats.error().to_string());
        std::printf("%s: wrote %zu of %zu incidents to %s (%s, %zu bytes)\n", source.c_str(), stats->rows_written,
                    stats->rows_total, out.c_str(), data::export_format_name(fmt.value()), stats->bytes);
    });
}

}  // namespace crimescope::cli
