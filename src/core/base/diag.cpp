#include "base/diag.hpp"

namespace crimescope {

const char* issue_kind_name(IssueKind kind) {
    switch (kind) {
        case IssueKind::BadDate: return "bad date";
        case IssueKind::MissingCoord: return "missing coordinates";
        case IssueKind::ZeroCoord: return "zero coordinates";
        case IssueKind::OutOfRange: return "out of range";
        case IssueKind::BadNumber: return "bad number";
        case IssueKind::RaggedRow: return "ragged row";
        case IssueKind::Duplicate: return "duplicate";
        case IssueKind::BadQuote: return "unterminated quote";
        case IssueKind::Count_: break;
    }
    return "issue";
}

bool issue_rejects_row(IssueKind kind) { return kind != IssueKind::BadNumber; }

void IngestReport::add(IssueKind kind, long line, std::string field, std::string message) {
    by_kind[static_cast<size_t>(kind)]++;
    if (first_issues.size() < max_issues_kept)
        first_issues.push_back(Issue{kind, file, line, std::move(field), std::move(message)});
}

std::string IngestReport::format_issue(const Issue& issue) {
    std::string out = issue.file + ":" + std::to_string(issue.line);
    if (!issue.field.empty()) out += ":" + issue.field;
    return out + ": " + issue.message;
}

static std::string with_commas(long n) {
    std::string s = std::to_string(n < 0 ? -n : n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return (n < 0 ? "-" : "") + s;
}

std::string IngestReport::summary() const {
    std::string out = with_commas(rows_read) + " rows read, " + with_commas(rows_kept) + " kept, " +
                      with_commas(rows_skipped) + " skipped";
    std::string reasons;
    for (int k = 0; k < kIssueKindCount; ++k) {
        long n = by_kind[static_cast<size_t>(k)];
        if (n == 0) continue;
        if (!reasons.empty()) reasons += ", ";
        reasons += with_commas(n) + " " + issue_kind_name(static_cast<IssueKind>(k));
    }
    if (!reasons.empty()) out += ": " + reasons;
    return out;
}

void IngestReport::merge(const IngestReport& other) {
    rows_read += other.rows_read;
    rows_kept += other.rows_kept;
    rows_skipped += other.rows_skipped;
    blank_lines += other.blank_lines;
    for (size_t k = 0; k < by_kind.size(); ++k) by_kind[k] += other.by_kind[k];
    for (const Issue& i : other.first_issues)
        if (first_issues.size() < max_issues_kept) first_issues.push_back(i);
}

}  // namespace crimescope
