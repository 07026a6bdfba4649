// fuzz_csv_ingest.cpp: CSV bytes through data::CsvReader (from memory; gzip, BOM, quotes, CR/LF) and
// data::ingest_csv with a profile, as ingest_file does: the profile whose detect_columns the header matches
// (every shipped profile is compiled in, profiles.inc), else one picked by the first byte, so that every
// coordinate kind (lat/lon, UTM, projected, geometry, address through a deterministic test locator, as the real one needs a pack) and time layout runs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "data/csv_reader.hpp"
#include "data/ingest.hpp"
#include "data/profile.hpp"

using namespace crimescope;

namespace {

const std::vector<data::Profile>& profiles() {
    static const std::vector<data::Profile> all = [] {
        const std::pair<const char*, const char*> texts[] = {
#include "profiles.inc"
        };
        std::vector<data::Profile> out;
        for (const auto& [name, text] : texts) {
            auto p = data::parse_profile(text, name);
            if (!p) std::abort();   // a shipped profile must parse
            out.push_back(std::move(p.value()));
        }
        // Small synthetic ones with short column names, so mutations reach the rarer kinds quickly.
        const char* extra[] = {
            R"({"format_version": 2, "id": "g", "delimiter": ";", "time": {"column": "d", "formats": ["%Y-%m"], "precision": "month"},
                "coords": {"kind": "geometry", "column": "p"}, "categorical": {"type": "t"}, "dedupe": {"column": "id"}})",
            R"({"format_version": 2, "id": "x", "bbox_deg": {"lat_min": 41, "lat_max": 43, "lon_min": -89, "lon_max": -87},
                "time": {"column": "d", "formats": ["%m/%d/%Y %H:%M:%S %p"], "time_column": "h", "time_format": "hhmm"},
                "coords": {"kind": "projected", "epsg": 3435, "x": "x", "y": "y"}, "numeric": {"victim_age": "a"},
                "categorical": {"family": {"column": "t", "map": {"r": ["1", "2"]}, "default": "o"},
                                "id": {"column": "id", "strip_leading_zeros": true}}})",
            R"({"id": "u", "time": {"year_column": "y", "month_column": "m", "day_column": "d", "hour_column": "h", "minute_column": "mi"},
                "coords": {"kind": "utm", "x": "x", "y": "y", "zone": 10, "hemisphere": "N"},
                "categorical": {"type": {"constant": "c"}, "address": {"column": "ad", "collapse_spaces": true}}})",
            R"({"format_version": 2, "id": "a", "time": {"column": "d", "formats": ["%Y-%m-%d"]}, "coords": {"kind": "address"},
                "categorical": {"address": {"columns": ["n", "s", "k"]}, "type": "t"}})",
            R"({"id": "l", "delimiter": "tab", "time": {"column": "d", "formats": ["%d/%m/%y %H:%M", "%Y"]},
                "coords": {"kind": "latlon", "lat": "la", "lon": "lo"}, "categorical": {"type": {"column": "t", "lower_case": true}}})",
        };
        for (const char* text : extra) {
            auto p = data::parse_profile(text, "fuzz_profile.json");
            if (!p) std::abort();
            out.push_back(std::move(p.value()));
        }
        return out;
    }();
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto& ps = profiles();
    const data::Profile* profile = nullptr;
    {
        auto rd = data::CsvReader::from_memory("fuzz.csv", data, size);
        if (!rd) return 0;
        if (rd.value()->next_record()) {
            std::vector<std::string> header;
            for (auto f : rd.value()->fields()) header.emplace_back(f);
            profile = data::detect_profile(ps, header);
        }
    }
    if (!profile) profile = &ps[size ? data[size - 1] % ps.size() : 0];
    data::CsvOptions opts;
    opts.delimiter = profile->delimiter;
    auto rd = data::CsvReader::from_memory("fuzz.csv", data, size, opts);
    if (!rd) return 0;
    data::IncidentTable table;
    IngestReport report;
    data::IngestState state;
    state.locate = [](const std::string& address, geo::LatLon& at, bool& approximate) {
        if (address.empty() || address[0] == 'x') return false;
        at = {34.0 + static_cast<double>(address.size() % 7) * 0.01, -118.3};
        approximate = address.size() % 2;
        return true;
    };
    auto st = data::ingest_csv(*rd.value(), *profile, table, report, state);
    if (!st) {
        (void)st.error().to_string();
        return 0;
    }
    data::sort_by_time(table);
    (void)data::report_json(report);
    return 0;
}
