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
        case PlaceKind::Street: return "street";
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
        {"blv", "blvd"}, {"bl", "blvd"}, {"road", "rd"}, {"drive", "dr"}, {"lane", "ln"}, {"place", "pl"}, {"court", "ct"},
        {"highway", "hwy"}, {"loop", "lp"}, {"parkway", "pkwy"}, {"pky", "pkwy"}, {"terrace", "ter"}, {"circle", "cir"},
        {"square", "sq"}, {"expressway", "expy"}, {"freeway", "fwy"}, {"north", "n"}, {"south", "s"}, {"east", "e"},
        {"west", "w"}, {"northeast", "ne"}, {"northwest", "nw"}, {"southeast", "se"}, {"southwest", "sw"},
        {"mount", "mt"}, {"fort", "ft"}, {"crescent", "cres"}, {"trail", "trl"}, {"plaza", "plz"}, {"alley", "aly"},
        {"cove", "cv"}, {"crossing", "xing"}, {"bend", "bnd"}, {"hollow", "holw"}, {"manor", "mnr"}, {"creek", "crk"},
        {"bypass", "byp"}, {"expwy", "expy"}, {"frwy", "fwy"}, {"pkway", "pkwy"}, {"lp", "lp"}, {"calle", "c"}, {"avenida", "ave"}, {"colonia", "col"}};
    return m;
}

bool is_filler(const std::string& t) { return t == "and" || t == "at" || t == "of" || t == "the" || t == "de" || t == "la" || t == "del"; }

// Least-squares slope (degrees per house number) of lat and lon over blocks [first, first + k) of a street.
void fit_slope(const std::vector<StreetBlock>& bl, size_t first, size_t k, double& dlat, double& dlon) {
    dlat = dlon = 0;
    double sx = 0, sla = 0, slo = 0;
    for (size_t i = first; i < first + k; ++i) {
        sx += bl[i].block * 100.0 + 50;
        sla += bl[i].lat_deg;
        slo += bl[i].lon_deg;
    }
    const double mx = sx / k, mla = sla / k, mlo = slo / k;
    double sxx = 0, sxla = 0, sxlo = 0;
    for (size_t i = first; i < first + k; ++i) {
        const double dx = bl[i].block * 100.0 + 50 - mx;
        sxx += dx * dx;
        sxla += dx * (bl[i].lat_deg - mla);
        sxlo += dx * (bl[i].lon_deg - mlo);
    }
    if (sxx <= 0) return;
    dlat = sxla / sxx;
    dlon = sxlo / sxx;
}

// Ground metres per house number of a slope.
double slope_rate_m(double dlat, double dlon, double lat_deg) {
    const double m_per_deg = geo::kEarthRadius_m * geo::kPi / 180;
    return std::hypot(dlat * m_per_deg, dlon * m_per_deg * std::cos(lat_deg * geo::kPi / 180));
}

// The slope over the up-to-four blocks at one end of a street. False when there are fewer than two blocks or
// the rate is implausible for a street (0.3-5 m per house number; Chicago's grid is 2 m).
bool fit_end_slope(const std::vector<StreetBlock>& bl, bool front, double& dlat, double& dlon) {
    const size_t k = std::min<size_t>(4, bl.size());
    if (k < 2) return false;
    fit_slope(bl, front ? 0 : bl.size() - k, k, dlat, dlon);
    const double rate_m = slope_rate_m(dlat, dlon, bl[front ? 0 : bl.size() - 1].lat_deg);
    return rate_m >= 0.3 && rate_m <= 5.0;
}


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
    // Block index: address places grouped by street, split where one street name is two streets far apart
    // (LA's W 5th St downtown and in San Pedro), then by hundred block, weighted by incidents.
    m_streets.clear();
    m_streets_by_name.clear();
    m_street_places_by_name.clear();
    struct Addr { uint32_t place, block; };
    std::map<std::string, std::pair<ParsedAddress, std::vector<Addr>>> by_street;
    for (uint32_t pi : m_block_places) {
        if (pi >= m_places.size()) continue;
        ParsedAddress a = parse_address(m_places[pi].name);
        if (!a.has_number || !a.has_street()) continue;
        const uint32_t block = a.block();
        a.has_number = false;
        a.number_lo = a.number_hi = 0;
        a.range = false;
        a.unit.clear();
        auto& entry = by_street[a.street_key()];
        entry.first = a;
        entry.second.push_back({pi, block});
    }
    for (auto& [key, entry] : by_street) {
        auto& addrs = entry.second;
        // Single-linkage runs: two blocks belong together when they are at most 600 m + 4 m per house number
        // apart (a street's own blocks are; a namesake across the city is not).
        std::vector<uint32_t> parent(addrs.size());
        for (uint32_t i = 0; i < addrs.size(); ++i) parent[i] = i;
        auto root = [&](uint32_t i) {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        };
        for (uint32_t i = 0; i < addrs.size(); ++i)
            for (uint32_t j = i + 1; j < addrs.size(); ++j) {
                if (root(i) == root(j)) continue;
                const Place& a = m_places[addrs[i].place];
                const Place& b = m_places[addrs[j].place];
                const double gap_numbers = 100.0 * std::fabs(static_cast<double>(addrs[i].block) - addrs[j].block);
                if (geo::haversine_m({a.lat_deg, a.lon_deg}, {b.lat_deg, b.lon_deg}) <= 600 + 4 * gap_numbers)
                    parent[root(i)] = root(j);
            }
        struct Acc { double lat = 0, lon = 0; uint32_t n = 0, best_n = 0, place = 0; };
        std::map<uint32_t, std::map<uint32_t, Acc>> runs;   // root -> block -> accumulated
        for (uint32_t i = 0; i < addrs.size(); ++i) {
            const Place& p = m_places[addrs[i].place];
            Acc& x = runs[root(i)][addrs[i].block];
            const uint32_t w = std::max<uint32_t>(1, p.weight);
            x.lat += p.lat_deg * w;
            x.lon += p.lon_deg * w;
            x.n += w;
            if (w > x.best_n) { x.best_n = w; x.place = addrs[i].place; }
        }
        for (const auto& [r, blocks] : runs) {
            Street st;
            st.parts = entry.first;
            for (const auto& [block, x] : blocks) {
                st.blocks.push_back({block, x.lat / x.n, x.lon / x.n, x.n, x.place});
                st.incidents += x.n;
            }
            m_streets_by_name[st.parts.name].push_back(static_cast<uint32_t>(m_streets.size()));
            m_streets.push_back(std::move(st));
        }
    }
    // A grid city's common slope per direction prefix: the component-wise median of the slopes of streets
    // with at least 3 blocks spanning 5+, kept when at least 60% of them lie within 30% of it.
    m_dir_slope.clear();
    for (const char* d : {"n", "s", "e", "w"}) {
        std::vector<std::pair<double, double>> sl;
        for (const auto& st : m_streets) {
            if (st.parts.prefix_dir != d || st.blocks.size() < 3 || st.blocks.back().block - st.blocks.front().block < 5) continue;
            double a = 0, b = 0;
            fit_slope(st.blocks, 0, st.blocks.size(), a, b);
            sl.push_back({a, b});
        }
        if (sl.size() < 20) continue;
        std::vector<double> la, lo;
        for (const auto& x : sl) { la.push_back(x.first); lo.push_back(x.second); }
        std::nth_element(la.begin(), la.begin() + static_cast<long>(la.size() / 2), la.end());
        std::nth_element(lo.begin(), lo.begin() + static_cast<long>(lo.size() / 2), lo.end());
        const double mla = la[la.size() / 2], mlo = lo[lo.size() / 2];
        const double lat0 = m_streets.front().blocks.front().lat_deg;
        const double rate = slope_rate_m(mla, mlo, lat0);
        if (rate < 0.3 || rate > 5.0) continue;
        size_t agree = 0;
        for (const auto& x : sl) agree += slope_rate_m(x.first - mla, x.second - mlo, lat0) <= 0.3 * rate;
        if (agree * 10 >= sl.size() * 6) m_dir_slope[d] = {mla, mlo};
    }
    for (uint32_t i = 0; i < m_places.size(); ++i)
        if (m_places[i].kind == PlaceKind::Street) {
            ParsedAddress a = parse_address(m_places[i].name);
            if (a.has_street()) m_street_places_by_name[a.name].push_back(i);
        }
    m_street_names.clear();
    for (const auto& kv : m_streets_by_name) m_street_names.push_back(kv.first);
    for (const auto& kv : m_street_places_by_name)
        if (!m_streets_by_name.count(kv.first)) m_street_names.push_back(kv.first);
    std::sort(m_street_names.begin(), m_street_names.end());
}

// What a person types is short; a longer text (a pasted file) is cut here so the work stays bounded (issue #17:
// 80 KB of "n n n ..." took seconds under the sanitizers).
constexpr size_t kMaxQueryBytes = 256;

std::vector<Match> Geocoder::search(std::string_view query, size_t max_results) const {
    query = query.substr(0, kMaxQueryBytes);
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
            case PlaceKind::Street: return 2;
            case PlaceKind::Intersection: return 3;
            case PlaceKind::Address: return 4;
            case PlaceKind::Zip: return 5;
        }
        return 6;
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
    Match addr;
    const bool have_addr = max_results > 0 && locate_address(query, addr);
    // A block of the typed street goes first; a street known only from a base layer (house number not
    // located) takes its place by score ("90028 Los Angeles" is a zip code before it is Los Angeles St).
    const bool addr_by_score = have_addr && m_places[addr.place].kind == PlaceKind::Street;
    bool addr_placed = false;
    if (have_addr && !addr_by_score) {
        out.push_back(addr);
        addr_placed = true;
    }
    for (size_t i = 0; i < n && out.size() < max_results; ++i) {
        if (have_addr && ranked[i].second == addr.place) continue;
        if (addr_by_score && !addr_placed && addr.score >= ranked[i].first) {
            out.push_back(addr);
            addr_placed = true;
            if (out.size() >= max_results) break;
        }
        const Place& p = m_places[ranked[i].second];
        Match m;
        m.place = ranked[i].second;
        m.score = std::clamp(ranked[i].first, 0.0, 1.0);
        m.lat_deg = p.lat_deg;
        m.lon_deg = p.lon_deg;
        m.label = p.name;
        out.push_back(std::move(m));
    }
    if (have_addr && !addr_placed && out.size() < max_results) out.push_back(addr);
    return out;
}

void Geocoder::add_block_address(uint32_t place) { m_block_places.push_back(place); }

namespace {

std::string street_label_with_block(const Street& st, uint32_t block) {
    return std::to_string(block * 100) + " block of " + st.parts.street_label();
}

// How well the typed street parts fit a known street: < 0 rejects. A typed direction or type that differs
// from a recorded one rejects; one missing on either side costs a little.
double parts_fit(const ParsedAddress& q, const ParsedAddress& s) {
    double fit = 1.0;
    auto field = [&](const std::string& a, const std::string& b, double missing) {
        if (a.empty() && b.empty()) return;
        if (a.empty() || b.empty()) fit -= missing;
        else if (a != b) fit = -1;
    };
    field(q.prefix_dir, s.prefix_dir, 0.04);
    field(q.suffix_dir, s.suffix_dir, 0.04);
    if (fit < 0) return fit;
    field(q.type, s.type, 0.06);
    return fit;
}

}  // namespace

bool Geocoder::street_match(const ParsedAddress& q, Match& out) const {
    // The street's name as typed, or the closest known name within one or two edits.
    std::vector<std::pair<std::string, double>> names;   // name, quality
    if (m_streets_by_name.count(q.name) || m_street_places_by_name.count(q.name)) {
        names.push_back({q.name, 1.0});
    } else if (q.name.size() >= 4) {
        const int limit = q.name.size() >= 8 ? 2 : 1;
        int best = limit + 1;
        for (const auto& nm : m_street_names) {
            if (nm[0] != q.name[0] && limit == 1) continue;
            int d = edit_distance(q.name, nm, limit);
            if (d < best) { best = d; names.clear(); }
            if (d == best && d <= limit) names.push_back({nm, d == 1 ? 0.85 : 0.75});
        }
    }
    const uint32_t b = q.block();
    double best_score = -1;
    for (const auto& [nm, quality] : names) {
        auto it = m_streets_by_name.find(nm);
        if (it == m_streets_by_name.end()) continue;
        for (uint32_t si : it->second) {
            const Street& st = m_streets[si];
            double fit = parts_fit(q, st.parts);
            if (fit < 0) continue;
            const auto& bl = st.blocks;
            const uint32_t lo = bl.front().block, hi = bl.back().block;
            const uint32_t beyond = b < lo ? lo - b : (b > hi ? b - hi : 0);
            // A number far beyond a street's recorded blocks is more likely something else ("90028 Los Angeles").
            // Extrapolation goes no further than the street's own run of blocks (or 10 blocks).
            const bool far = beyond > std::max<uint32_t>(10, hi - lo);
            if (far && q.type.empty() && q.prefix_dir.empty() && q.suffix_dir.empty()) continue;
            auto at = std::lower_bound(bl.begin(), bl.end(), b, [](const StreetBlock& x, uint32_t v) { return x.block < v; });
            const bool exact = at != bl.end() && at->block == b;
            double score = quality * fit * (exact ? 1.0 : (beyond == 0 ? 0.9 : 0.8 - 0.01 * std::min<uint32_t>(beyond, 20)));
            score += 1e-6 * std::log1p(static_cast<double>(st.incidents));   // the busier of two equal streets
            if (score <= best_score) continue;
            best_score = score;
            Match m;
            m.score = std::clamp(score, 0.0, 1.0);
            const std::string block_label = street_label_with_block(st, b);
            if (exact) {
                m.place = at->place;
                m.lat_deg = at->lat_deg;
                m.lon_deg = at->lon_deg;
                m.label = block_label;
            } else if (beyond == 0) {
                // Between two recorded blocks: linear in the house number between their middles (x50).
                const StreetBlock& b1 = *at;
                const StreetBlock& b0 = *(at - 1);
                const double n = std::clamp(static_cast<double>(q.number_lo), b * 100.0, b * 100.0 + 99);
                const double t = (n - (b0.block * 100.0 + 50)) / ((b1.block - b0.block) * 100.0);
                m.lat_deg = b0.lat_deg + t * (b1.lat_deg - b0.lat_deg);
                m.lon_deg = b0.lon_deg + t * (b1.lon_deg - b0.lon_deg);
                m.place = t < 0.5 ? b0.place : b1.place;
                m.label = block_label + " (approximate)";
                m.approximate = true;
            } else {
                // Beyond the ends: along the line fitted to the (up to) four recorded blocks nearest that end,
                // when it gives a plausible metres-per-number rate; otherwise the end block itself.
                const bool before = b < lo;
                const StreetBlock& end = before ? bl.front() : bl.back();
                m.place = end.place;
                m.lat_deg = end.lat_deg;
                m.lon_deg = end.lon_deg;
                double dlat = 0, dlon = 0;
                bool have_slope = fit_end_slope(bl, before, dlat, dlon);
                if (!have_slope) {   // one block, or a noisy fit: the city's grid for this direction, if any
                    auto ds = m_dir_slope.find(st.parts.prefix_dir);
                    if (ds != m_dir_slope.end()) {
                        dlat = ds->second.first;
                        dlon = ds->second.second;
                        have_slope = true;
                    }
                }
                if (!far && have_slope) {
                    const double dn = static_cast<double>(q.number_lo) - (end.block * 100.0 + 50);
                    m.lat_deg += dlat * dn;
                    m.lon_deg += dlon * dn;
                }
                m.label = block_label + " (approximate)";
                m.approximate = true;
            }
            out = std::move(m);
        }
    }
    if (best_score >= 0) return true;
    // A street known only from a base layer: its place, approximate (the house number is not located).
    for (const auto& [nm, quality] : names) {
        auto it = m_street_places_by_name.find(nm);
        if (it == m_street_places_by_name.end()) continue;
        for (uint32_t pi : it->second) {
            const Place& p = m_places[pi];
            double fit = parts_fit(q, parse_address(p.name));
            if (fit < 0) continue;
            double score = 0.6 * quality * fit;
            if (score <= best_score) continue;
            best_score = score;
            Match m;
            m.place = pi;
            m.score = score;
            m.lat_deg = p.lat_deg;
            m.lon_deg = p.lon_deg;
            m.label = p.name + " (approximate: house number not located)";
            m.approximate = true;
            out = std::move(m);
        }
    }
    return best_score >= 0;
}

bool Geocoder::locate_address(std::string_view query, Match& out) const {
    const ParsedAddress q = parse_address(query.substr(0, kMaxQueryBytes));
    if (!q.has_number || !q.has_street()) return false;
    return street_match(q, out);
}

namespace {

// The centre of one address's incidents: their mean, or, when some lie over 150 m from it (a few geocoded
// elsewhere), the mean of those within 150 m of the incident with the most neighbours that close.
geo::LatLon incident_centre(const data::IncidentTable& t, const std::vector<uint32_t>& rows) {
    auto mean_of = [&](auto keep) {
        double la = 0, lo = 0;
        size_t n = 0;
        for (uint32_t r : rows)
            if (keep(r)) { la += t.lat_deg[r]; lo += t.lon_deg[r]; ++n; }
        return n ? geo::LatLon{la / n, lo / n} : geo::LatLon{t.lat_deg[rows[0]], t.lon_deg[rows[0]]};
    };
    auto at = [&](uint32_t r) { return geo::LatLon{t.lat_deg[r], t.lon_deg[r]}; };
    const double near_m = 150;
    const geo::LatLon mean = mean_of([](uint32_t) { return true; });
    bool agree = true;
    for (uint32_t r : rows) agree = agree && geo::haversine_m(at(r), mean) <= near_m;
    if (agree) return mean;
    const size_t candidates = std::min<size_t>(rows.size(), 64);   // bounded work for a busy address
    uint32_t best = rows[0];
    size_t best_n = 0;
    for (size_t i = 0; i < candidates; ++i) {
        const uint32_t c = rows[i * rows.size() / candidates];
        size_t n = 0;
        for (uint32_t r : rows) n += geo::haversine_m(at(r), at(c)) <= near_m;
        if (n > best_n) { best_n = n; best = c; }
    }
    return mean_of([&](uint32_t r) { return geo::haversine_m(at(r), at(best)) <= near_m; });
}

}  // namespace

void add_pack_places(Geocoder& g, const data::CityData& city) {
    const auto& t = city.incidents;
    auto group = [&](const data::CategoryColumn& col, const data::CategoryColumn* cross, PlaceKind kind) {
        std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> acc;
        for (size_t r = 0; r < t.size(); ++r) {
            uint32_t a = col.codes[r], b = cross ? cross->codes[r] : 0;
            if (col.dict[a].empty() || (cross && cross->dict[b].empty())) continue;
            acc[{a, b}].push_back(static_cast<uint32_t>(r));
        }
        for (const auto& [k, rows] : acc) {
            std::string name = col.dict[k.first];
            if (cross) name += " & " + cross->dict[k.second];
            const geo::LatLon c = incident_centre(t, rows);
            g.add(Place{name, kind, c.lat_deg, c.lon_deg, static_cast<uint32_t>(rows.size())});
            if (kind == PlaceKind::Address) g.add_block_address(static_cast<uint32_t>(g.size() - 1));
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

void add_base_layer_places(Geocoder& g, const data::CityData& city) {
    for (const auto& layer : city.base_layers) {
        if (layer.kind == "places") {
            for (const auto& f : layer.features) {
                if (f.name == 0 || f.name >= layer.names.size() || f.count == 0 || f.first >= layer.lat_deg.size()) continue;
                g.add(Place{layer.names[f.name], PlaceKind::Place, layer.lat_deg[f.first], layer.lon_deg[f.first], 1});
            }
        } else if (layer.kind == "streets") {
            // Per name: the longest piece, and the point half-way along it.
            std::vector<double> best_len(layer.names.size(), -1);
            std::vector<size_t> best_feature(layer.names.size(), 0);
            std::vector<uint32_t> pieces(layer.names.size(), 0);
            auto pt = [&](size_t i) { return geo::LatLon{layer.lat_deg[i], layer.lon_deg[i]}; };
            for (size_t fi = 0; fi < layer.features.size(); ++fi) {
                const auto& f = layer.features[fi];
                if (f.name == 0 || f.name >= layer.names.size() || f.count == 0) continue;
                if (static_cast<size_t>(f.first) + f.count > layer.lat_deg.size() || layer.lat_deg.size() != layer.lon_deg.size()) continue;
                double len = 0;
                for (uint32_t k = 1; k < f.count; ++k) len += geo::haversine_m(pt(f.first + k - 1), pt(f.first + k));
                pieces[f.name]++;
                if (len > best_len[f.name]) { best_len[f.name] = len; best_feature[f.name] = fi; }
            }
            for (size_t nm = 1; nm < layer.names.size(); ++nm) {
                if (best_len[nm] < 0 || layer.names[nm].empty()) continue;
                const auto& f = layer.features[best_feature[nm]];
                geo::LatLon at = pt(f.first);
                double half = best_len[nm] / 2, walked = 0;
                for (uint32_t k = 1; k < f.count; ++k) {
                    const geo::LatLon a = pt(f.first + k - 1), b = pt(f.first + k);
                    const double d = geo::haversine_m(a, b);
                    if (walked + d >= half && d > 0) {
                        const double t = (half - walked) / d;
                        at = {a.lat_deg + t * (b.lat_deg - a.lat_deg), a.lon_deg + t * (b.lon_deg - a.lon_deg)};
                        break;
                    }
                    walked += d;
                    at = b;
                }
                g.add(Place{layer.names[nm], PlaceKind::Street, at.lat_deg, at.lon_deg, pieces[nm]});
            }
        }
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
    add_base_layer_places(g, city);
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
        if (r1.ec != std::errc() || r2.ec != std::errc() || !(std::fabs(p.lat_deg) <= 90) ||
            !(std::fabs(p.lon_deg) <= 180))   // NaN refused too
            return make_error(ErrorKind::Format, "bad coordinates", file, n, "lat/lon");
        p.weight = static_cast<uint32_t>(std::max(1L, std::atol(f[4].c_str())));
        g.add(std::move(p));
    }
    return Ok{};
}

data::Locator block_locator(const Geocoder& g) {
    return [&g](const std::string& address, geo::LatLon& at, bool& approximate) {
        Match m;
        if (!g.locate_address(address, m)) return false;
        if (m.place < g.size() && g.place(m.place).kind == PlaceKind::Street) return false;   // number not located
        at = {m.lat_deg, m.lon_deg};
        approximate = m.approximate;
        return true;
    };
}

}  // namespace crimescope::geocode
