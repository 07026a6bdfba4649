// cmd_export: the incidents a filter accepts (the app's map filter semantics, data::ExportFilter) as CSV or
// GeoJSON, written atomically (issue #14, "Results out").
//   crimescope-cli export (--pack ID_OR_FILE | --csv FILE [--profile VALUE]) [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//                         [--hours H1-H2] [--types T1,T2,...] [--bbox S,W,N,E] --format csv|geojson -o FILE
// Bad arguments (an unknown type, a malformed date or box) exit 2; unreadable input exits 1.
#include <cstdio>
#include <string>

#include "cli_common.hpp"
#include "commands.hpp"
#include "data/export.hpp"

namespace crimescope::cli {

void register_export(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("export", "Write the incidents a filter accepts (as on the map) to CSV or GeoJSON");
    static IncidentSource src;
    static std::string format, out;
    add_incident_source_options(cmd, src);
    cmd->add_option("--format", format, "csv or geojson (required)");
    cmd->add_option("-o,--out", out, "output file, written atomically (required)");
    cmd->callback([&ctx] {
        auto fail = [&](int code, const std::string& msg) {
            std::fprintf(stderr, "error: %s\n", msg.c_str());
            ctx.exit_code = code;
        };
        if (src.pack.empty() == src.csv.empty()) return fail(2, "give one of --pack ID_OR_FILE or --csv FILE");
        if (!src.profile.empty() && src.csv.empty()) return fail(2, "--profile goes with --csv (a pack knows how it was read)");
        if (format.empty() || out.empty()) return fail(2, "give --format csv|geojson and -o FILE");
        auto fmt = data::parse_export_format(format);
        if (!fmt) return fail(2, fmt.error().to_string());
        auto loaded = load_incidents(src, ctx.assets_dir);
        if (!loaded) return fail(exit_code_for(loaded.error()), loaded.error().to_string());
        auto stats = data::export_rows_file(loaded->table, loaded->rows, fmt.value(), out);   // rows selected by load_incidents
        if (!stats) return fail(stats.error().kind == ErrorKind::Io ? 1 : 2, stats.error().to_string());
        std::printf("%s: wrote %zu of %zu incidents to %s (%s, %zu bytes)\n", loaded->source.c_str(), stats->rows_written,
                    stats->rows_total, out.c_str(), data::export_format_name(fmt.value()), stats->bytes);
    });
}

}  // namespace crimescope::cli
