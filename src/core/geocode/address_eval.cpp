#include "geocode/address_eval.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "geo/geo.hpp"

namespace crimescope::geocode {

namespace {

std::string title_case(const std::string& s) {
    std::string out = s;
    bool start = true;
    for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = c == ' ';
    }
    return out;
}

const char* spelled_direction(const std::string& d) {
    if (d == "n") return "North";
    if (d == "s") return "South";
    if (d == "e") return "East";
    if (d == "w") return "West";
    if (d == "ne") return "Northeast";
    if (d == "nw") return "Northwest";
    if (d == "se") return "Southeast";
    if (d == "sw") return "Southwest";
    return "";
}

}  // namespace

std::vector<TypedAddress> draw_typed_addresses(const data::IncidentTable& t, size_t n, const std::string& city_name,
                                               uint32_t seed) {
    std::vector<TypedAddress> out;
    const auto* addr = t.category("address");
    if (!addr || t.size() == 0) return out;
    // Which dictionary entries are block addresses (parsed once per entry, not per row).
    std::vector<ParsedAddress> parsed(addr->dict.size());
    std::vector<char> usable(addr->dict.size(), 0);
    for (size_t c = 0; c < addr->dict.size(); ++c) {
        parsed[c] = parse_address(addr->dict[c]);
        usable[c] = parsed[c].has_number && parsed[c].has_street();
    }
    std::vector<uint32_t> rows;
    for (uint32_t r = 0; r < t.size(); ++r)
        if (usable[addr->codes[r]]) rows.push_back(r);
    std::mt19937 rng(seed);
    // Partial Fisher-Yates with rng() % k: the same draw under libstdc++ and libc++.
    const size_t take = std::min(n, rows.size());
    for (size_t i = 0; i < take; ++i) {
        size_t j = i + static_cast<size_t>(rng() % static_cast<uint32_t>(rows.size() - i));
        std::swap(rows[i], rows[j]);
    }
    rows.resize(take);
    std::sort(rows.begin(), rows.end());
    for (uint32_t r : rows) {
        const ParsedAddress& a = parsed[addr->codes[r]];
        const uint32_t lo = a.block() * 100;
        const uint32_t number = lo + static_cast<uint32_t>(rng() % 100);
        const bool spell = rng() % 2 == 0;
        const uint32_t suffix = rng() % 6;   // 0, 1: ", City"; 2: ", City, ST" style; else none
        std::string s = std::to_string(number);
        auto put = [&](const std::string& w) {
            if (w.empty()) return;
            s += ' ';
            s += w;
        };
        std::string pd = a.prefix_dir, sd = a.suffix_dir;
        for (char& c : pd) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (char& c : sd) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        put(spell && !pd.empty() ? spelled_direction(a.prefix_dir) : pd);
        put(title_case(a.name));
        const std::string spelled = street_type_spelled(a.type);
        put(spell && !spelled.empty() ? spelled : title_case(a.type));
        put(sd);
        if (suffix <= 1 && !city_name.empty()) s += ", " + city_name;
        else if (suffix == 2 && !city_name.empty()) s += ", " + city_name + ", USA";
        out.push_back({s, t.lat_deg[r], t.lon_deg[r], r});
    }
    return out;
}

data::IncidentTable without_rows(const data::IncidentTable& t, const std::vector<uint32_t>& rows) {
    std::vector<char> drop(t.size(), 0);
    for (uint32_t r : rows)
        if (r < t.size()) drop[r] = 1;
    data::IncidentTable out;
    out.categories.resize(t.categories.size());
    for (size_t c = 0; c < t.categories.size(); ++c) {
        out.categories[c].role = t.categories[c].role;
        out.categories[c].source_column = t.categories[c].source_column;
        out.categories[c].dict = t.categories[c].dict;
        out.categories[c].rebuild_lookup();
    }
    out.numerics.resize(t.numerics.size());
    for (size_t c = 0; c < t.numerics.size(); ++c) {
        out.numerics[c].role = t.numerics[c].role;
        out.numerics[c].source_column = t.numerics[c].source_column;
    }
    for (size_t r = 0; r < t.size(); ++r) {
        if (drop[r]) continue;
        out.day.push_back(t.day[r]);
        out.minute_of_day.push_back(t.minute_of_day[r]);
        out.lat_deg.push_back(t.lat_deg[r]);
        out.lon_deg.push_back(t.lon_deg[r]);
        for (size_t c = 0; c < t.categories.size(); ++c) out.categories[c].codes.push_back(t.categories[c].codes[r]);
        for (size_t c = 0; c < t.numerics.size(); ++c) out.numerics[c].values.push_back(t.numerics[c].values[r]);
    }
    return out;
}

AddressEval evaluate_typed_addresses(const Geocoder& g, const std::vector<TypedAddress>& queries, double radius_m,
                                     size_t max_misses) {
    AddressEval ev;
    std::vector<double> errors;
    double ms = 0;
    for (const auto& q : queries) {
        auto t0 = std::chrono::steady_clock::now();
        auto res = g.search(q.text, 5);
        ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ++ev.n;
        if (res.empty()) {
            ++ev.not_found;
            if (ev.misses.size() < max_misses) ev.misses.push_back(q.text + " -> (nothing)");
            continue;
        }
        const Match& m = res[0];
        const double err = geo::haversine_m({m.lat_deg, m.lon_deg}, {q.lat_deg, q.lon_deg});
        errors.push_back(err);
        ev.approximate += m.approximate;
        const bool recorded = !m.approximate && m.place < g.size() && g.place(m.place).kind == PlaceKind::Address;
        ev.recorded_block += recorded;
        if (err <= radius_m) {
            ++ev.hits;
            ev.approximate_hits += m.approximate;
            ev.recorded_block_hits += recorded;
        } else if (ev.misses.size() < max_misses) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " (%.0f m)", err);
            ev.misses.push_back(q.text + " -> " + m.label + buf);
        }
    }
    if (!errors.empty()) {
        std::sort(errors.begin(), errors.end());
        const size_t k = errors.size() / 2;
        ev.median_error_m = errors.size() % 2 ? errors[k] : (errors[k - 1] + errors[k]) / 2;
    }
    ev.ms_per_query = ev.n ? ms / static_cast<double>(ev.n) : 0;
    return ev;
}

Result<AddressEval> holdout_address_eval(const data::CityData& city, size_t n, const std::string& city_name,
                                         uint32_t seed, double radius_m, size_t max_misses) {
    auto queries = draw_typed_addresses(city.incidents, n, city_name, seed);
    if (queries.empty())
        return make_error(ErrorKind::Format, "no block addresses in the address column", city.id, 0, "address");
    std::vector<uint32_t> rows;
    for (const auto& q : queries) rows.push_back(q.row);
    data::CityData index_city;
    index_city.id = city.id;
    index_city.incidents = without_rows(city.incidents, rows);
    index_city.boundaries = city.boundaries;
    for (const auto& layer : city.base_layers)
        if (!(layer.kind == "streets" && layer.source.find("incident data") != std::string::npos))
            index_city.base_layers.push_back(layer);
    index_city.extras = city.extras;
    auto g = city_geocoder(index_city);
    if (!g) return g.error();
    return evaluate_typed_addresses(g.value(), queries, radius_m, max_misses);
}

}  // namespace crimescope::geocode
