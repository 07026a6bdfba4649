// patterns.hpp: incidents -> CR-Ω+ patterns (time quadrant, month, zone) and classes (crime family or
// place), through the mappings in assets/omega/families.json.
#pragma once
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::omega {

enum class ClassMode { Family, Place };

struct PatternSet {
    std::vector<std::string> feature_names;            // "time quadrant", "month", "zone"
    std::vector<std::vector<std::string>> values;      // per feature: code -> text (code 0 unused)
    std::vector<std::string> classes;
    std::vector<uint32_t> X;                           // n x n_features
    std::vector<uint32_t> y;
    std::vector<int32_t> day;                          // per pattern
    std::vector<uint32_t> row;                         // incident row per pattern
    size_t unmapped = 0;                               // incidents no class rule matched
    size_t unknown_time = 0;                           // incidents without a time of day
    int n_features() const { return static_cast<int>(feature_names.size()); }
};

int time_quadrant(int minute_of_day);   // 1..8: three-hour bins, 00:00-02:59 = 1

// `mappings_json` is families.json; `source` is the profile id (houston, lapd, sacramento).
Result<PatternSet> build_patterns(const data::IncidentTable& t, const std::string& mappings_json, const std::string& source,
                                  ClassMode mode);

}  // namespace crimescope::omega
