// profile_infer.hpp: a profile inferred from a CSV's header and a sample of rows, for an export that no
// shipped profile's detect_columns match. Every choice (coordinates, date [+ time] and format, crime type,
// address, dedupe id, delimiter) gets a note in Profile::notes; the profile is format v2 with inferred = true.
#pragma once
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/profile.hpp"

namespace crimescope::data {

// `rows` are data records (header excluded) split with the same delimiter; ragged rows are ignored.
Result<Profile> infer_profile(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                              const std::string& name_for_errors);

// Reads the header and up to `max_rows` rows of `path` (plain or .gz; `,` `;` tab or `|` picked from the
// header line) and infers. The profile id is "inferred:<file stem>".
Result<Profile> infer_profile_file(const std::string& path, size_t max_rows = 5000);

// The delimiter (, ; tab |) that splits `header_line` into the most fields outside quotes.
char sniff_delimiter(const std::string& header_line);

}  // namespace crimescope::data
