// csv_write.hpp: writing CSV (RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled;
// LF line ends) for the results the app and the CLI export.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace crimescope {

inline std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

inline std::string csv_line(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csv_field(fields[i]);
    }
    return out + "\n";
}

// A double as the shortest text that reads back to the same value ("%.17g" at most); "" for NaN.
std::string csv_number(double v);

}  // namespace crimescope
