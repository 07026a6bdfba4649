// cli_common.hpp: option handling shared by several subcommands (one copy of each rule).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/export.hpp"
#include "data/incident_table.hpp"
#include "data/profile.hpp"

namespace crimescope::cli {

// --profile VALUE (ingest, pack, export): a profile file when VALUE contains '/' or ends in .json, else an id
// of assets/profiles (`shipped`).
Result<data::Profile> resolve_profile(const std::string& value, const std::vector<data::Profile>& shipped);

// Where incidents come from and which of them a command works on: (--pack ID_OR_FILE | --csv FILE [--profile
// VALUE]) and the export filters (--from --to --hours --types --bbox), as `export` reads them. Used by export,
// hotspots, near-repeat and concentration.
struct IncidentSource {
    std::string pack, csv, profile;
    data::ExportFilterArgs filter;
};
void add_incident_source_options(CLI::App* cmd, IncidentSource& s);

struct LoadedIncidents {
    data::IncidentTable table;
    std::string source;             // the pack's id, or the CSV's file name
    data::ExportFilter filter;
    std::vector<size_t> rows;       // the rows the filter accepts, in table order (select_rows)
};
// Loads and filters. A CSV's read report goes to stderr ("read FILE (profile ...): ..."). Errors of kind Invalid
// are the user's arguments (exit 2); the others are unreadable input (exit 1): see exit_code_for.
Result<LoadedIncidents> load_incidents(const IncidentSource& s, const std::string& assets_dir);
int exit_code_for(const Error& e);

// A number option's text: all of it a finite number (std::from_chars), else false.
bool parse_number_text(const std::string& text, double& out);

// --cell-m of the hotspot and grid commands (hotspots, concentration, forecast grid): a grid cell side in
// [kCellMin_m, kCellMax_m] metres; false with `err` naming the option.
constexpr double kCellMin_m = 10, kCellMax_m = 5000;
bool parse_cell_m(const std::string& text, double& out, std::string& err);

}  // namespace crimescope::cli
