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
#include "data/csv_chunks.hpp"
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

// An exact set of dedupe keys, compact (the keys in one arena, an open-addressing table of offsets): about
// 30 bytes per key where std::unordered_set<std::string> takes about 70.
class KeySet {
public:
    bool insert(std::string_view key);   // true when the key was not in the set
    static uint64_t hash(std::string_view key);
    bool insert_hashed(std::string_view key, uint64_t hash);   // hash = hash(key), computed by the caller
    void prefetch(uint64_t hash) const;                        // the first slot `hash` probes
    bool contains(std::string_view key) const;
    size_t size() const { return m_count; }

private:
    size_t find_slot(std::string_view key, uint64_t hash) const;
    void grow();
    std::string m_arena;                // per key: u32 length, bytes
    std::vector<uint64_t> m_slots;      // 0 = empty, else (hash high 24 bits << 40) | (arena offset + 1)
    size_t m_count = 0;
};

struct IngestState {
    KeySet seen_ids;                            // dedupe keys across several files of one source
    Locator locate;                             // set for a profile whose coords.kind is "address"
    std::unordered_map<std::string, GeocodedAddress> geocoded;   // each distinct address asked once
    GeocodeCounts counts;
    int32_t first_day = 0, last_day = -1;       // kept rows' date range when the rows are not kept (IngestOptions)
};

// Reads all rows of `reader` into `table` (columns are created from the profile on first use).
// `report.file` is set from the reader. The header is the first record.
Status ingest_csv(CsvReader& reader, const Profile& profile, IncidentTable& table, IngestReport& report,
                  IngestState& state);

struct IngestOptions {
    unsigned threads = 0;                        // 0 = every core (always 1 in the web build)
    size_t chunk_bytes = size_t{1} << 20;        // text per parallel chunk (tests force tiny chunks)
    size_t window_bytes = size_t{8} << 20;       // text parsed between merges (bounds chunk results in memory)
    TextInputOptions input;                      // whole-file inflate limit, streamed block size
    // false: the report only (`crimescope-cli ingest`): rows are checked, counted and deduplicated and their
    // date range kept, but not stored, so memory does not grow with the file (only with its distinct ids).
    // The chunked path; a geocoded file (ingest_csv) is stored and dropped after each file.
    bool keep_rows = true;
    // More rows kept than this (0: no limit) is an error naming the file and the line reached: the app's limit
    // on the incidents it holds (app_limits.hpp), so that a huge file is refused instead of running out of memory.
    size_t max_rows_kept = 0;
};

std::string too_many_rows_message(size_t max_rows);   // "more than N incidents: ..."

// Reads the file at `path` (plain or gzip) in chunks parsed on every core and merged in file order: the
// table, report and state are those of ingest_csv on the same file, byte for byte (chunk boundaries found
// by guessing a line end and checking it against the previous chunk's real end; a wrong guess, a line end
// inside quotes, is parsed again). coords.kind "address" (a stateful geocoder) goes through ingest_csv.
Status ingest_csv_file(const std::string& path, const Profile& profile, IncidentTable& table, IngestReport& report,
                       IngestState& state, const IngestOptions& opts = {});

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
    std::vector<IngestReport> file_reports;  // one per file (ingest_files); `report` is their sum
};
// `locate` places rows of a file that has addresses and no coordinates (ingest --geocode PACK).
Result<IngestResult> ingest_file(const std::string& path, const std::vector<Profile>& profiles,
                                 const Profile* profile = nullptr, const Locator& locate = {}, const IngestOptions& opts = {});
// Several files read as one table (dedupe across them): the profile is detected (or inferred) from the
// first file's header; `report.file` lists the files joined by " + ".
Result<IngestResult> ingest_files(const std::vector<std::string>& paths, const std::vector<Profile>& profiles,
                                  const Profile* profile = nullptr, const Locator& locate = {}, const IngestOptions& opts = {});

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
