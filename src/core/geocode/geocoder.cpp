#include "geocode/geocoder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "base/file_io.hpp"

#include <fast_float/fast_float.h>

namespace crimescope::geocode {

const char* place_kind_name(PlaceKind k) {
    switch (k) {
        case PlaceKind::Address: return "address";
        case PlaceKind::Intersection: return "intersection";
        case PlaceKind::Area: return "area";
        case PlaceKind::Place: return "place";
        case PlaceKind::Zip: return "zip code";
    }
    return "place";
}

namespace {

// UTF-8 Latin-1 supplement and a few Latin Extended-A letters folded to ASCII.
char fold(uint32_t cp) {
    static const char* kLatin1 = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // U+00C0..U+00DF (upper) -> lower
                                 "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
    if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {
        static const char* kExtA = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiijjjjkkklllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        return kExtA[cp - 0x100];
    }
    return ' ';
}

const std::unordered_map<std::string, std::string>& abbreviations() {
    static const std::unordered_map<std::string, std::string> m = {
        {"street", "st"}, {"str", "st"}, {"avenue", "ave"}, {"av", "ave"}, {"avn", "ave"}, {"boulevard", "blvd"},
        {"blv", "blvd"}, {"road", "rd"}, {"drive", "dr"}, {"lane", "ln"}, {"place", "pl"}, {"court", "ct"},
        {"highway", "hwy"}, {"loop", "lp"}, {"parkway", "pkwy"}, {"pky", "pkwy"}, {"terrace", "ter"}, {"circle", "cir"},
        {"square", "sq"}, {"expressway", "expy"}, {"freeway", "fwy"}, {"north", "n"}, {"south", "s"}, {"east", "e"},
        {"west", "w"}, {"northeast", "ne"}, {"northwest", "nw"}, {"southeast", "se"}, {"southwest", "sw"},
        {"mount", "mt"}, {"fort", "ft"}, {"calle", "c"}, {"avenida", "av"}, {"colonia", "col"}};
    return m;
}

bool is_filler(const std::string& t) { return t == "and" || t == "at" || t == "of" || t == "the" || t == "de" || t == "la" || t == "del"; }

}  // namespace

std::vector<std::string> Geocoder::normalise(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (cur.empty()) return;
        auto it = abbreviations().find(cur);
        if (it != abbreviations().end()) cur = it->second;
        if (!is_filler(cur)) out.push_back(cur);
        cur.clear();
    };
    for (size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0xC0 && c < 0xE0 && i + 1 < text.size()) { cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu); len = 2; }
        else if (c >= 0xE0 && c < 0xF0 && i + 2 < text.size()) { cp = 0x2000; len = 3; }
        else if (c >= 0xF0) { cp = 0x2000; len = 4; }
        i += len;
        char a;
        if (cp < 0x80) a = static_cast<char>(std::tolower(static_cast<int>(cp)));
        else a = fold(cp);
        if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9')) cur.push_back(a);
        else flush();
    }
    flush();
    return out;
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
    if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) return limit + 1;
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        int row_min = cur[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], limit + 1);
}

void Geocoder::add(Place p) { m_places.push_back(std::move(p)); }

void Geocoder::build() {
    m_place_tokens.assign(m_places.size(), {});
    m_vocab.clear();
    m_token_id.clear();
    m_postings.clear();
    for (uint32_t i = 0; i < m_places.size(); ++i) {
        for (const auto& tok : normalise(m_places[i].name)) {
            auto [it, fresh] = m_token_id.emplace(tok, static_cast<uint32_t>(m_vocab.size()));
            if (fresh) {
                m_vocab.push_back(tok);
                m_postings.emplace_back();
            }
            auto& pt = m_place_tokens[i];
            if (std::find(pt.begin(), pt.end(), it->second) == pt.end()) {
                pt.push_back(it->second);
                m_postings[it->second].push_back(i);
            }
        }
    }
    m_idf.resize(m_vocab.size());
    const double n = static_cast<double>(std::max<size_t>(1, m_places.size()));
    for (size_t t = 0; t < m_vocab.size(); ++t) m_idf[t] = static_cast<float>(std::log(1.0 + n / static_cast<double>(m_postings[t].size())));
    m_sorted_vocab.resize(m_vocab.size());
    for (uint32_t t = 0; t < m_vocab.size(); ++t) m_sorted_vocab[t] = t;
    std::sort(m_sorted_vocab.begin(), m_sorted_vocab.end(), [&](uint32_t a, uint32_t b) { return m_vocab[a] < m_vocab[b]; });
}

std::vector<Match> Geocoder::search(std::string_view query, size_t max_results) const {
    const auto q = normalise(query);
    if (q.empty() || m_places.empty()) return {};
    const bool ends_with_space = !query.empty() && (query.back() == ' ');
    // For each query token: the vocabulary tokens it matches, with a quality in (0, 1].
    struct Cand { uint32_t token; float quality; };
    std::vector<std::vector<Cand>> cands(q.size());
    std::vector<float> q_weight(q.size(), 1.0f);
    for (size_t i = 0; i < q.size(); ++i) {
        const std::string& w = q[i];
        auto exact = m_token_id.find(w);
        if (exact != m_token_id.end()) cands[i].push_back({exact->second, 1.0f});
        const bool last = i + 1 == q.size() && !ends_with_space;
        if (last && w.size() >= 2) {   // prefix: suggestions while typing
            auto lo = std::lower_bound(m_sorted_vocab.begin(), m_sorted_vocab.end(), w,
                                       [&](uint32_t t, const std::string& s) { return m_vocab[t] < s; });
            for (auto it = lo; it != m_sorted_vocab.end() && m_vocab[*it].compare(0, w.size(), w) == 0; ++it)
                if (m_vocab[*it] != w) cands[i].push_back({*it, 0.85f});
        }
        const bool numeric = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (exact == m_token_id.end() && !numeric && w.size() >= 4) {   // typos; numbers must match exactly
            const int limit = w.size() >= 8 ? 2 : 1;
            for (uint32_t t = 0; t < m_vocab.size(); ++t) {
                const std::string& v = m_vocab[t];
                if (v[0] != w[0] && limit == 1) continue;
                int d = edit_distance(w, v, limit);
                if (d > 0 && d <= limit) cands[i].push_back({t, d == 1 ? 0.7f : 0.5f});
            }
        }
        float best_idf = 0;
        for (const auto& c : cands[i]) best_idf = std::max(best_idf, m_idf[c.token]);
        q_weight[i] = exact != m_token_id.end() ? m_idf[exact->second] : (best_idf > 0 ? best_idf : 1.0f);
    }
    float total = 0;
    for (float x : q_weight) total += x;
    // Accumulate per place the best quality for each query token.
    std::unordered_map<uint32_t, std::vector<float>> got;
    for (size_t i = 0; i < q.size(); ++i)
        for (const auto& c : cands[i])
            for (uint32_t p : m_postings[c.token]) {
                auto& v = got[p];
                if (v.empty()) v.assign(q.size(), 0.0f);
                v[i] = std::max(v[i], c.quality);
            }
    std::vector<std::pair<double, uint32_t>> ranked;
    ranked.reserve(got.size());
    for (const auto& [p, v] : got) {
        double s = 0;
        size_t matched = 0;
        for (size_t i = 0; i < q.size(); ++i) {
            s += v[i] * q_weight[i];
            matched += v[i] > 0;
        }
        s /= total;
        if (q.size() >= 2 && matched + 1 < q.size()) continue;   // at most one query word may be missing
        if (q.size() == 2 && matched < 2 && s < 0.6) continue;
        const double unmatched_place = static_cast<double>(m_place_tokens[p].size() - std::min(matched, m_place_tokens[p].size()));
        s -= 0.02 * unmatched_place;
        if (s < 0.5) continue;   // a lone fuzzy word ("hollywood" ~ "kellywood") is not a match
        ranked.push_back({s, p});
    }
    auto kind_rank = [](PlaceKind k) {
        switch (k) {
            case PlaceKind::Area: return 0;
            case PlaceKind::Place: return 1;
            case PlaceKind::Intersection: return 2;
            case PlaceKind::Address: return 3;
            case PlaceKind::Zip: return 4;
        }
        return 5;
    };
    const size_t n = std::min(max_results, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(n), ranked.end(), [&](const auto& a, const auto& b) {
        if (std::fabs(a.first - b.first) > 1e-9) return a.first > b.first;
        const Place& pa = m_places[a.second];
        const Place& pb = m_places[b.second];
        if (kind_rank(pa.kind) != kind_rank(pb.kind)) return kind_rank(pa.kind) < kind_rank(pb.kind);
        if (pa.weight != pb.weight) return pa.weight > pb.weight;
        return a.second < b.second;
    });
    std::vector<Match> out;
    for (size_t i = 0; i < n; ++i) out.push_back({ranked[i].second, std::clamp(ranked[i].first, 0.0, 1.0)});
    return out;
}

void add_pack_places(Geocoder& g, const data::CityData& city) {
    const auto& t = city.incidents;
    struct Acc { double lat = 0, lon = 0; uint32_t n = 0; };
    auto group = [&](const data::CategoryColumn& col, const data::CategoryColumn* cross, PlaceKind kind) {
        std::map<std::pair<uint32_t, uint32_t>, Acc> acc;
        for (size_t r = 0; r < t.size(); ++r) {
            uint32_t a = col.codes[r], b = cross ? cross->codes[r] : 0;
            if (col.dict[a].empty() || (cross && cross->dict[b].empty())) continue;
            Acc& x = acc[{a, b}];
            x.lat += t.lat_deg[r];
            x.lon += t.lon_deg[r];
            x.n++;
        }
        for (const auto& [k, x] : acc) {
            std::string name = col.dict[k.first];
            if (cross) name += " & " + cross->dict[k.second];
            g.add(Place{name, kind, x.lat / x.n, x.lon / x.n, x.n});
        }
    };
    if (const auto* addr = t.category("address")) {
        group(*addr, nullptr, PlaceKind::Address);
        if (const auto* cross = t.category("cross_street")) group(*addr, cross, PlaceKind::Intersection);
    }
    for (const auto& layer : city.boundaries)
        for (const auto& poly : layer.polygons) {
            geo::LatLon c;
            if (!geo::polygon_centroid(poly.rings, c)) continue;
            std::string name = poly.name;
            if (layer.name == "precincts") name = "Precinct " + name;
            else if (layer.name == "police_districts") name = "Police district " + name;
            else if (layer.name == "sectores") name = "Sector " + name;
            g.add(Place{name, PlaceKind::Area, c.lat_deg, c.lon_deg, 1});
        }
}

Result<std::vector<TypedQuery>> read_query_table(const std::string& path) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    std::istringstream in(std::string(bytes->begin(), bytes->end()));
    std::vector<TypedQuery> out;
    std::string line;
    long n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        std::stringstream ss(line);
        TypedQuery q;
        std::getline(ss, q.pack, '\t');
        std::getline(ss, q.query, '\t');
        std::getline(ss, q.expected, '\t');
        if (q.query.empty() || q.expected.empty()) return make_error(ErrorKind::Format, "expected pack, query, expected name", path, n);
        out.push_back(std::move(q));
    }
    return out;
}

bool same_place_name(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

Result<Geocoder> city_geocoder(const data::CityData& city) {
    Geocoder g;
    add_pack_places(g, city);
    if (auto it = city.extras.find("gazetteer"); it != city.extras.end()) {
        auto st = add_gazetteer(g, it->second, city.id + " pack gazetteer");
        if (!st) return st.error();
    }
    g.build();
    return g;
}

Status add_gazetteer(Geocoder& g, const std::string& tsv, const std::string& file) {
    std::istringstream in(tsv);
    std::string line;
    long n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        std::vector<std::string> f;
        size_t s = 0, e;
        while ((e = line.find('\t', s)) != std::string::npos) { f.push_back(line.substr(s, e - s)); s = e + 1; }
        f.push_back(line.substr(s));
        if (f.size() != 5) return make_error(ErrorKind::Format, "expected 5 tab-separated fields", file, n);
        Place p;
        p.name = f[1];
        if (f[0] == "place") p.kind = PlaceKind::Place;
        else if (f[0] == "zip") p.kind = PlaceKind::Zip;
        else if (f[0] == "intersection") p.kind = PlaceKind::Intersection;
        else if (f[0] == "area") p.kind = PlaceKind::Area;
        else if (f[0] == "address") p.kind = PlaceKind::Address;
        else return make_error(ErrorKind::Format, "unknown kind \"" + f[0] + "\"", file, n, "kind");
        auto r1 = fast_float::from_chars(f[2].data(), f[2].data() + f[2].size(), p.lat_deg);
        auto r2 = fast_float::from_chars(f[3].data(), f[3].data() + f[3].size(), p.lon_deg);
        if (r1.ec != std::errc() || r2.ec != std::errc() || std::fabs(p.lat_deg) > 90 || std::fabs(p.lon_deg) > 180)
            return make_error(ErrorKind::Format, "bad coordinates", file, n, "lat/lon");
        p.weight = static_cast<uint32_t>(std::max(1L, std::atol(f[4].c_str())));
        g.add(std::move(p));
    }
    return Ok{};
}

}  // namespace crimescope::geocode
