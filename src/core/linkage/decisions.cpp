#include "linkage/decisions.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

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
    if (j.value("format", std::string()) != "crimescope-linkage-user-data")
        return make_error(ErrorKind::Format, "not a crimescope linkage file (format field)", file, 0, "format");
    if (j.value("version", 0) != 1) return make_error(ErrorKind::Version, "unsupported version", file, 0, "version");
    UserData u;
    try {
        u.set = j.value("set", std::string());
        size_t k = 0;
        for (const auto& d : j.value("decisions", json::array())) {
            const std::string what = d.at("decision").get<std::string>();
            if (what != "linked" && what != "not linked")
                return make_error(ErrorKind::Format, "decision must be 'linked' or 'not linked'", file, 0, "decisions[" + std::to_string(k) + "]");
            u.decide(d.at("a").get<std::string>(), d.at("b").get<std::string>(), what == "linked", d.value("note", std::string()));
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
        char xy[96];
        std::snprintf(xy, sizeof xy, "%.6f,%.6f", c.x, c.y);
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

}  // namespace crimescope::linkage
