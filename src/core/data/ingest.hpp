// ingest.hpp: CSV (+ profile) -> IncidentTable, with every skipped row counted by reason in an
// IngestReport. Whole-input failures (cannot open, required column missing) return an Error.
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/diag.hpp"
#include "base/result.hpp"
#include "data/csv_reader.hpp"
#include "data/incident_table.hpp"
#include "data/profile.hpp"

namespace crimescope::data {

// Places an address (coords.kind "address"): true with the position, and whether it was interpolated
// between or beyond recorded blocks (approximate) rather than a recorded block or intersection.
using Locator = std::function<bool(const std::string& address, geo::LatLon& at, bool& approximate)>;

struct GeocodedAddress {
    bool placed = false, approximate = false;
    geo::LatLon at;
};
struct GeocodeCounts {
    long exact = 0, approximate = 0, not_placed = 0;   // rows (not distinct addresses)
    long placed() const { return exact + approximate; }
};

struct IngestState {
    std::unordered_set<std::string> seen_ids;   // dedupe keys across several files of one source
    Locator locate;                             // set for a profile whose coords.kind is "address"
    std::unordered_map<std::string, GeocodedAddress> geocoded;   // each distinct address asked once
    GeocodeCounts counts;
};

// Reads all rows of `reader` into `table` (columns are created from the profile on first use).
// `report.file` is set from the reader. The header is the first record.
Status ingest_csv(CsvReader& reader, const Profile& profile, IncidentTable& table, IngestReport& report,
                  IngestState& state);

// Opens `path`, auto-detects the profile from the header when `profile` is null, and ingests.
struct IngestResult {
    IncidentTable table;
    IngestReport report;
    std::string profile_id;
    bool profile_inferred = false;   // no shipped profile matched: `profile` was inferred (profile_infer.hpp)
    Profile profile;                 // the profile used
    int32_t first_day = 0, last_day = -1;   // date range of kept rows (days since 1970); last < first when none
    bool geocoded = false;                   // rows were placed by address (coords.kind "address")
    GeocodeCounts geocode;
};
// `locate` places rows of a file that has addresses and no coordinates (ingest --geocode PACK).
Result<IngestResult> ingest_file(const std::string& path, const std::vector<Profile>& profiles,
                                 const Profile* profile = nullptr, const Locator& locate = {});

// The report as JSON plus "date_range": [first, last] of kept rows (null when none) and, for an inferred
// profile, "profile_inferred": true and "inferred_profile": {...}.
std::string result_json(const IngestResult& result, int indent = -1);
// "2019-01-01 .. 2019-12-31" or "none".
std::string date_range_text(const IngestResult& result);

// The report as JSON (file, profile, counts, by_reason, first_issues as file:line:field: message, unmapped columns).
std::string report_json(const IngestReport& report, int indent = -1);

// Sorts rows by (day, minute) in place, keeping the relative order of ties (stable).
void sort_by_time(IncidentTable& table);

// Reads only the header of a CSV (for detection and error messages).
Result<std::vector<std::string>> read_header(const std::string& path);

}  // namespace crimescope::data
