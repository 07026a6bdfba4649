#include "linkage/decisions.hpp"

#include <unordered_map>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/csv_write.hpp"
#include "base/dates.hpp"

namespace crimescope::linkage {

using nlohmann::json;

namespace {
void order(std::string& a, std::string& b) {
    if (b < a) std::swap(a, b);
}
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}
// The ordered pair as one map key (ids hold no NUL: they come from text cells).
std::string pair_key(const std::string& a, const std::string& b) { return a < b ? a + '\0' + b : b + '\0' + a; }
}  // namespace

const Decision* UserData::find(const std::string& a0, const std::string& b0) const {
    std::string a = a0, b = b0;
    order(a, b);
    for (const auto& d : decisions)
        if (d.a == a && d.b == b) return &d;
    return nullptr;
}

void UserData::decide(std::string a, std::string b, bool linked, std::string note) {
    order(a, b);
    for (auto& d : decisions)
        if (d.a == a && d.b == b) { d.linked = linked; d.note = std::move(note); return; }
    decisions.push_back({std::move(a), std::move(b), linked, std::move(note)});
}

void UserData::forget(std::string a, std::string b) {
    order(a, b);
    decisions.erase(std::remove_if(decisions.begin(), decisions.end(), [&](const Decision& d) { return d.a == a && d.b == b; }), decisions.end());
}

std::string user_data_json(const UserData& u) {
    json j;
    j["format"] = "crimescope-linkage-user-data";
    j["version"] = 1;
    j["set"] = u.set;
    json ds = json::array();
    for (const auto& d : u.decisions) ds.push_back({{"a", d.a}, {"b", d.b}, {"decision", d.linked ? "linked" : "not linked"}, {"note", d.note}});
    j["decisions"] = ds;
    json cs = json::array();
    for (const auto& c : u.cases) {
        json v = json::object();
        for (const auto& [k, val] : c.values) v[k] = val;
        cs.push_back({{"id", c.id}, {"x", c.x}, {"y", c.y}, {"date_time", c.date_time}, {"values", v}});
    }
    j["cases"] = cs;
    return j.dump(1, ' ', false, json::error_handler_t::replace);
}

Result<UserData> parse_user_data(const std::string& text, const std::string& file) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(ErrorKind::Format, "not valid JSON", file);
    // Checked by type first: json::value() throws when the key holds another type (found by fuzz_decisions).
    if (!j.contains("format") || !j["format"].is_string() || j["format"].get<std::string>() != "crimescope-linkage-user-data")
        return make_error(ErrorKind::Format, "not a crimescope linkage file (format field)", file, 0, "format");
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int64_t>() != 1)
        return make_error(ErrorKind::Version, "unsupported version", file, 0, "version");
    UserData u;
    try {
        u.set = j.value("set", std::string());
        size_t k = 0;
        std::unordered_map<std::string, size_t> at;   // pair -> index: a later decision on a pair replaces the earlier
        for (const auto& d : j.value("decisions", json::array())) {
            const std::string what = d.at("decision").get<std::string>();
            if (what != "linked" && what != "not linked")
                return make_error(ErrorKind::Format, "decision must be 'linked' or 'not linked'", file, 0, "decisions[" + std::to_string(k) + "]");
            std::string a = d.at("a").get<std::string>(), b = d.at("b").get<std::string>();
            order(a, b);
            Decision dec{a, b, what == "linked", d.value("note", std::string())};
            auto [it, fresh] = at.emplace(pair_key(a, b), u.decisions.size());
            if (fresh) u.decisions.push_back(std::move(dec));
            else u.decisions[it->second] = std::move(dec);
            ++k;
        }
        for (const auto& c : j.value("cases", json::array())) {
            NewCase n;
            n.id = c.at("id").get<std::string>();
            n.x = c.at("x").get<double>();
            n.y = c.at("y").get<double>();
            n.date_time = c.at("date_time").get<std::string>();
            for (auto it = c.at("values").begin(); it != c.at("values").end(); ++it) n.values.push_back({it.key(), it.value().get<std::string>()});
            u.cases.push_back(std::move(n));
        }
    } catch (const json::exception& e) {
        return make_error(ErrorKind::Format, e.what(), file);
    }
    return u;
}

std::string decisions_csv(const UserData& u) {
    std::string out = "case_a,case_b,decision,note\n";
    for (const auto& d : u.decisions)
        out += csv_field(d.a) + "," + csv_field(d.b) + "," + (d.linked ? "linked" : "not linked") + "," + csv_field(d.note) + "\n";
    return out;
}

std::string cases_csv(const UserData& u, const CaseSet& cs) {
    std::string out = "id,x,y,date_time";
    for (const auto& f : cs.features) out += "," + csv_field(f.name);
    out += "\n";
    for (const auto& c : u.cases) {
        // Sized by the values (a coordinate of 1e300 prints 300 digits; a fixed buffer would cut the row).
        std::string xy(static_cast<size_t>(std::snprintf(nullptr, 0, "%.6f,%.6f", c.x, c.y)), '\0');
        std::snprintf(xy.data(), xy.size() + 1, "%.6f,%.6f", c.x, c.y);
        out += csv_field(c.id) + "," + xy + "," + csv_field(c.date_time);
        for (const auto& f : cs.features) {
            std::string v;
            for (const auto& [k, val] : c.values)
                if (k == f.name) v = val;
            out += "," + csv_field(v);
        }
        out += "\n";
    }
    return out;
}

size_t apply_decisions(const CaseSet& cs, const UserData& u, Pairs& pr) {
    if (u.decisions.empty()) return 0;
    std::map<std::pair<std::string, std::string>, bool> by;
    for (const auto& d : u.decisions) by[{d.a, d.b}] = d.linked;
    size_t touched = 0;
    for (size_t k = 0; k < pr.a.size(); ++k) {
        std::string a = cs.id[pr.a[k]], b = cs.id[pr.b[k]];
        order(a, b);
        auto it = by.find({a, b});
        if (it == by.end()) continue;
        pr.m.y[k] = it->second;
        pr.labelled[k] = 1;
        ++touched;
    }
    return touched;
}

std::string ranked_pairs_csv(const CaseSet& cs, const Pairs& pairs, const std::vector<double>& score,
                             const std::vector<uint32_t>& shown, const std::vector<int>& series, const UserData& u) {
    std::string out = "rank,case_a,case_b,date_a,date_b,distance_m,probability,series_a,series_b,decision\n";
    auto day_text = [](double d) {
        if (!std::isfinite(d)) return std::string();
        return format_day(static_cast<int32_t>(std::floor(d)));
    };
    auto num = [](const char* fmt, double v) {
        std::string t(static_cast<size_t>(std::snprintf(nullptr, 0, fmt, v)), '\0');   // sized by the value
        std::snprintf(t.data(), t.size() + 1, fmt, v);
        return t;
    };
    std::unordered_map<std::string, const Decision*> decided;
    for (const auto& d : u.decisions) decided[pair_key(d.a, d.b)] = &d;
    size_t rank = 0;
    for (uint32_t k : shown) {
        if (k >= pairs.a.size() || k >= score.size()) continue;
        const uint32_t a = pairs.a[k], b = pairs.b[k];
        if (a >= cs.id.size() || b >= cs.id.size()) continue;
        const double dist = cs.metres_per_unit > 0 ? std::hypot(cs.x[a] - cs.x[b], cs.y[a] - cs.y[b]) * cs.metres_per_unit : NAN;
        auto found = decided.find(pair_key(cs.id[a], cs.id[b]));
        const Decision* d = found == decided.end() ? nullptr : found->second;
        // Numbered from 1, as the linkage view shows them.
        auto ser = [&](uint32_t c) { return c < series.size() && series[c] >= 0 ? std::to_string(series[c] + 1) : std::string(); };
        out += std::to_string(++rank) + "," + csv_field(cs.id[a]) + "," + csv_field(cs.id[b]) + "," + day_text(cs.day[a]) + "," +
               day_text(cs.day[b]) + "," + (std::isfinite(dist) ? num("%.1f", dist) : std::string()) + "," + num("%.6f", score[k]) + "," +
               ser(a) + "," + ser(b) + "," + (d ? (d->linked ? "linked" : "not linked") : "") + "\n";
    }
    return out;
}

std::string series_csv(const CaseSet& cs, const std::vector<int>& series) {
    std::string out = "series,cases,case,date,x,y\n";
    const size_t n = std::min(series.size(), cs.id.size());
    std::vector<size_t> size;
    for (size_t c = 0; c < n; ++c)
        if (series[c] >= 0) {
            if (static_cast<size_t>(series[c]) >= size.size()) size.resize(static_cast<size_t>(series[c]) + 1, 0);
            ++size[static_cast<size_t>(series[c])];
        }
    std::vector<size_t> rows;
    for (size_t c = 0; c < n; ++c)
        if (series[c] >= 0 && size[static_cast<size_t>(series[c])] >= 2) rows.push_back(c);
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
        if (series[a] != series[b]) return series[a] < series[b];
        const double da = std::isfinite(cs.day[a]) ? cs.day[a] : 1e300, db = std::isfinite(cs.day[b]) ? cs.day[b] : 1e300;
        return da < db;
    });
    for (size_t c : rows) {
        const double d = cs.day[c];
        out += csv_line({std::to_string(series[c] + 1), std::to_string(size[static_cast<size_t>(series[c])]), cs.id[c],
                         std::isfinite(d) ? format_day(static_cast<int32_t>(std::floor(d))) : std::string(), csv_number(cs.x[c]),
                         csv_number(cs.y[c])});
    }
    return out;
}

}  // namespace crimescope::linkage
