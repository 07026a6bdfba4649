#include "omega/patterns.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"

namespace crimescope::omega {

int time_quadrant(int minute_of_day) { return minute_of_day < 0 ? 0 : minute_of_day / 180 + 1; }

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Maps a value through {"map"} (exact, optionally on a `prefix` of N characters) or {"rules"} (substring).
std::string apply(const nlohmann::json& spec, const std::string& value) {
    if (spec.contains("rules")) {
        const std::string v = lower(value);
        for (const auto& rule : spec["rules"])
            for (const auto& needle : rule[1])
                if (v.find(needle.get<std::string>()) != std::string::npos) return rule[0].get<std::string>();
        return {};
    }
    std::string key = value;
    if (spec.contains("prefix") && spec["prefix"].is_number_unsigned()) key = key.substr(0, spec["prefix"].get<size_t>());
    if (spec.contains("map") && spec["map"].contains(key)) return spec["map"][key].get<std::string>();
    return {};
}

}  // namespace

Result<PatternSet> build_patterns(const data::IncidentTable& t, const std::string& mappings_json, const std::string& source,
                                  ClassMode mode) {
    auto all = nlohmann::json::parse(mappings_json, nullptr, false);
    if (all.is_discarded()) return make_error(ErrorKind::Format, "class mappings are not JSON", "families.json");
    if (!all.contains(source)) return make_error(ErrorKind::Invalid, "no class mapping for source '" + source + "'", "families.json");
    const auto& m = all[source];
    const auto& spec = m[mode == ClassMode::Family ? "family" : "place"];
    const std::string col_name = spec.value("column", "");
    const data::CategoryColumn* col = t.category(col_name);
    const data::CategoryColumn* zone = t.category(m.value("zone", ""));
    if (!col) return make_error(ErrorKind::MissingColumn, "the data has no '" + col_name + "' column", "families.json", 0, source);
    if (!zone) return make_error(ErrorKind::MissingColumn, "the data has no zone column '" + m.value("zone", "") + "'", "families.json", 0, source);
    const data::CategoryColumn* override_col = nullptr;
    if (spec.contains("override")) override_col = t.category(spec["override"].value("column", ""));
    const bool use_month = !m.value("no_month", false);
    PatternSet ps;
    ps.feature_names = {"time quadrant"};
    if (use_month) ps.feature_names.push_back("month");
    ps.feature_names.push_back(m.value("zone_label", "zone"));
    ps.values.assign(ps.feature_names.size(), {""});
    std::map<std::string, uint32_t> class_code;
    std::vector<std::map<std::string, uint32_t>> value_code(ps.feature_names.size());
    auto code_of = [&](size_t f, const std::string& v) {
        auto [it, fresh] = value_code[f].emplace(v, static_cast<uint32_t>(ps.values[f].size()));
        if (fresh) ps.values[f].push_back(v);
        return it->second;
    };
    // Map every code of the class column once.
    std::vector<std::string> cls_of_code(col->dict.size());
    for (size_t c = 0; c < col->dict.size(); ++c) cls_of_code[c] = apply(spec, col->dict[c]);
    static const char* kMonths[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
    for (uint32_t r = 0; r < t.size(); ++r) {
        std::string cls = cls_of_code[col->codes[r]];
        if (override_col) {
            std::string o = apply(spec["override"], override_col->value_at(r));
            if (!o.empty()) cls = o;
        }
        if (cls.empty()) { ps.unmapped++; continue; }
        if (t.minute_of_day[r] < 0) { ps.unknown_time++; continue; }
        auto [it, fresh] = class_code.emplace(cls, static_cast<uint32_t>(ps.classes.size()));
        if (fresh) ps.classes.push_back(cls);
        size_t f = 0;
        ps.X.push_back(code_of(f++, std::to_string(time_quadrant(t.minute_of_day[r]))));
        if (use_month) ps.X.push_back(code_of(f++, kMonths[civil_from_days(t.day[r]).month - 1]));
        ps.X.push_back(code_of(f++, zone->value_at(r)));
        ps.y.push_back(it->second);
        ps.day.push_back(t.day[r]);
        ps.row.push_back(r);
    }
    return ps;
}

}  // namespace crimescope::omega
