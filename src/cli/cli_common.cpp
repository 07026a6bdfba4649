#include "cli_common.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/file_io.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"

namespace crimescope::cli {

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

void add_incident_source_options(CLI::App* cmd, IncidentSource& s) {
    cmd->add_option("--pack", s.pack, "pack id of assets/packs/packs.json, or a .cspack file");
    cmd->add_option("--csv", s.csv, "a CSV (or .csv.gz) read as `ingest` reads it");
    cmd->add_option("--profile", s.profile, "with --csv: profile id of assets/profiles, or a profile JSON file");
    cmd->add_option("--from", s.filter.from, "first day, YYYY-MM-DD (included)");
    cmd->add_option("--to", s.filter.to, "last day, YYYY-MM-DD (included)");
    cmd->add_option("--hours", s.filter.hours, "hours of the day H1-H2: [H1, H2), 0..24; rows without a time are left out (as on the map) unless 0-24");
    cmd->add_option("--types", s.filter.types, "crime types, comma-separated: values of the type column, case ignored; quote one that holds a comma (\"A, B\",C)");
    cmd->add_option("--bbox", s.filter.bbox, "SOUTH,WEST,NORTH,EAST in degrees");
}

int exit_code_for(const Error& e) { return e.kind == ErrorKind::Invalid ? 2 : 1; }

bool parse_number_text(const std::string& text, double& out) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

bool parse_cell_m(const std::string& text, double& out, std::string& err) {
    double v = 0;
    if (!parse_number_text(text, v) || v < kCellMin_m || v > kCellMax_m) {
        err = "--cell-m: '" + text + "' is not a cell size in [10, 5000] m";
        return false;
    }
    out = v;
    return true;
}

Result<LoadedIncidents> load_incidents(const IncidentSource& s, const std::string& assets_dir) {
    if (s.pack.empty() == s.csv.empty()) return make_error(ErrorKind::Invalid, "give one of --pack ID_OR_FILE or --csv FILE");
    if (!s.profile.empty() && s.csv.empty())
        return make_error(ErrorKind::Invalid, "--profile goes with --csv (a pack knows how it was read)");
    auto filter = data::parse_export_filter(s.filter);
    if (!filter) return filter.error();
    LoadedIncidents out;
    out.filter = std::move(filter.value());
    if (!s.pack.empty()) {
        auto city = data::load_pack_by_id_or_path(s.pack, assets_dir + "/packs");
        if (!city) return city.error();
        out.table = std::move(city->incidents);
        out.source = city->id;
    } else {
        auto profiles = data::load_profiles_dir(assets_dir + "/profiles");
        if (!profiles) {
            Error e = profiles.error();
            e.kind = ErrorKind::Invalid;
            return e;
        }
        data::Profile custom;
        const data::Profile* chosen = nullptr;
        if (!s.profile.empty()) {
            auto p = resolve_profile(s.profile, profiles.value());
            if (!p) {
                Error e = p.error();
                e.kind = ErrorKind::Invalid;
                return e;
            }
            custom = std::move(p.value());
            chosen = &custom;
        }
        auto r = data::ingest_file(s.csv, profiles.value(), chosen);
        if (!r) {
            Error e = r.error();
            if (e.kind == ErrorKind::Invalid) e.kind = ErrorKind::Format;   // the file's fault, not the arguments'
            return e;
        }
        std::fprintf(stderr, "read %s (profile %s%s): %s\n", s.csv.c_str(), r->profile_id.c_str(),
                     r->profile_inferred ? ", inferred" : "", r->report.summary().c_str());
        out.table = std::move(r->table);
        out.source = base_name(s.csv);
    }
    auto rows = data::select_rows(out.table, out.filter);
    if (!rows) return rows.error();
    out.rows = std::move(rows.value());
    return out;
}

}  // namespace crimescope::cli
