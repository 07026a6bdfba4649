// diag.hpp: row-level problems found while reading input. They never stop a load: each skipped row is
// counted by kind, and the first issues are kept in full as `file:line:field: message`.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace crimescope {

enum class IssueKind : uint8_t {
    BadDate,         // date/time field that does not parse or is out of range
    MissingCoord,    // empty latitude/longitude (or X/Y)
    ZeroCoord,       // 0,0 or X=Y=0: no location was recorded
    OutOfRange,      // coordinates outside the profile's bounding box, or not numbers in range
    BadNumber,       // a numeric field that does not parse (row kept, value missing)
    RaggedRow,       // a row with a different number of fields than the header
    Duplicate,       // same id as an earlier row (profile's dedupe key)
    BadQuote,        // unterminated quoted field at end of file
    Count_
};
constexpr int kIssueKindCount = static_cast<int>(IssueKind::Count_);

const char* issue_kind_name(IssueKind kind);   // "bad date", "missing coordinates", ...
bool issue_rejects_row(IssueKind kind);        // BadNumber keeps the row; the rest skip it

struct Issue {
    IssueKind kind;
    std::string file;
    long line = 0;       // 1-based physical line (header = 1)
    std::string field;   // header name, or `#col`
    std::string message;
};

struct IngestReport {
    std::string file;
    long rows_read = 0;        // data rows seen (blank lines excluded)
    long rows_kept = 0;
    long rows_skipped = 0;
    long blank_lines = 0;
    std::array<long, kIssueKindCount> by_kind{};   // rows (or values, for BadNumber) per kind
    std::vector<Issue> first_issues;               // at most max_issues_kept, in file order
    std::vector<std::string> unmapped_columns;     // header columns the profile does not use
    std::string profile_id;
    size_t max_issues_kept = 50;

    void add(IssueKind kind, long line, std::string field, std::string message);
    static std::string format_issue(const Issue& issue);   // file:line:field: message
    std::string summary() const;                           // one line: "N rows read, M kept, K skipped: ..."
    void merge(const IngestReport& other);
};

}  // namespace crimescope
