// column_detect.hpp: the one detector of column kinds shared by profile inference (data/profile_infer)
// and linkage schema inference (linkage/infer.cpp): name keys, missing-value tokens, numbers, the date
// formats that parse a sample, police time-of-day columns, and per-column sample statistics.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace crimescope::data {

// A field without its leading and trailing blanks and tabs (CSV fields are compared trimmed).
std::string_view trim_blanks(std::string_view s);


// Lower case, letters and digits only: "DT.FROM" -> "dtfrom", "Occur Date" -> "occurdate".
std::string column_key(std::string_view name);
// "", NA, N/A, NaN, null, "-" (after trimming spaces).
bool is_missing_token(std::string_view v);
const std::vector<std::string>& missing_tokens();
// A finite decimal number, whole text (spaces trimmed, leading '+' allowed).
bool parse_number(std::string_view v, double& out);

// Date(+time) formats tried by profile inference, most specific first (see base/dates.hpp directives).
const std::vector<std::string>& candidate_date_formats();
// Time-of-day formats for a separate time column; "hhmm" is the police integer (unpadded "100" = 01:00).
const std::vector<std::string>& candidate_time_formats();

// The formats of `candidates` that parse at least `min_share` of `values` (in candidate order).
std::vector<std::string> matching_date_formats(const std::vector<std::string>& values,
                                               const std::vector<std::string>& candidates, double min_share = 0.95);
// The first time format that parses at least `min_share` of `values`; "" when none.
std::string matching_time_format(const std::vector<std::string>& values, double min_share = 0.95);

struct ColumnStats {
    std::string name, key;
    std::vector<std::string> sample;   // non-missing values of the sampled rows
    size_t rows = 0;                   // sampled rows (missing included)
    bool numeric = false;              // >= 95% of the non-missing values are numbers
    double lo = 0, hi = 0;             // range of the numeric values
    size_t distinct = 0;
    double mean_length = 0;            // of non-missing values, in bytes
    bool unique = false;               // non-missing and distinct on (nearly: 95%) every row
};
// Fills the statistics from `sample`/`rows` (set those first).
void compute_stats(ColumnStats& c);

}  // namespace crimescope::data
