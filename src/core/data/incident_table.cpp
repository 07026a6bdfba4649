#include "data/incident_table.hpp"

namespace crimescope::data {

// m_slots holds pairs (hash tag, code + 1); code + 1 == 0 is an empty slot. The tag spares most probes a
// string compare (a cache miss into `dict`).
namespace {
// Shifted as 64 bits: size_t is 32 bits in the WASM build, where `h >> 32` would be undefined.
uint32_t tag_of(size_t h) { return static_cast<uint32_t>((static_cast<uint64_t>(h) >> 32) ^ static_cast<uint64_t>(h)) | 1u; }
}  // namespace

size_t CategoryColumn::slot_of(std::string_view value, size_t h) const {
    const uint32_t tag = tag_of(h);
    const size_t mask = m_slots.size() / 2 - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const uint32_t s = m_slots[2 * i + 1];
        if (s == 0 || (m_slots[2 * i] == tag && dict[s - 1] == value)) return i;
    }
}

uint32_t CategoryColumn::intern(std::string_view value) { return intern_hashed(value, std::hash<std::string_view>{}(value)); }

uint32_t CategoryColumn::intern_hashed(std::string_view value, size_t h) {
    if ((dict.size() + 1) * 20 > m_slots.size() * 7) {   // keep the load under 0.7
        std::vector<uint32_t>().swap(m_slots);
        rebuild_lookup();
    }
    const size_t i = slot_of(value, h);
    if (m_slots[2 * i + 1] != 0) return m_slots[2 * i + 1] - 1;
    const auto code = static_cast<uint32_t>(dict.size());
    dict.emplace_back(value);
    m_slots[2 * i] = tag_of(h);
    m_slots[2 * i + 1] = code + 1;
    return code;
}

void CategoryColumn::prefetch(size_t h) const {
    if (m_slots.empty()) return;
    __builtin_prefetch(m_slots.data() + 2 * (h & (m_slots.size() / 2 - 1)));
}

void CategoryColumn::rebuild_lookup() {
    size_t n = 16;
    while (n * 7 < (dict.size() + 1) * 10) n *= 2;
    m_slots.assign(n * 4, 0);   // 2n slots of two words
    for (uint32_t c = 0; c < dict.size(); ++c) {
        const size_t h = std::hash<std::string_view>{}(dict[c]);
        const size_t i = slot_of(dict[c], h);
        if (m_slots[2 * i + 1] == 0) {   // a repeated value keeps its first code
            m_slots[2 * i] = tag_of(h);
            m_slots[2 * i + 1] = c + 1;
        }
    }
}

int64_t CategoryColumn::find(std::string_view value) const {
    if (m_slots.empty()) return -1;
    const uint32_t s = m_slots[2 * slot_of(value, std::hash<std::string_view>{}(value)) + 1];
    return s == 0 ? -1 : static_cast<int64_t>(s - 1);
}

CategoryColumn* IncidentTable::category(std::string_view role) {
    for (auto& c : categories)
        if (c.role == role) return &c;
    return nullptr;
}

const CategoryColumn* IncidentTable::category(std::string_view role) const {
    for (const auto& c : categories)
        if (c.role == role) return &c;
    return nullptr;
}

const NumericColumn* IncidentTable::numeric(std::string_view role) const {
    for (const auto& c : numerics)
        if (c.role == role) return &c;
    return nullptr;
}

NumericColumn* IncidentTable::numeric_mut(std::string_view role) {
    for (auto& c : numerics)
        if (c.role == role) return &c;
    return nullptr;
}

geo::BBox IncidentTable::bbox() const {
    geo::BBox b;
    for (size_t i = 0; i < size(); ++i) b.extend(lat_deg[i], lon_deg[i]);
    return b;
}

void IncidentTable::reserve(size_t n) {
    day.reserve(n);
    minute_of_day.reserve(n);
    lat_deg.reserve(n);
    lon_deg.reserve(n);
}

size_t keep_rows(IncidentTable& t, const std::function<bool(size_t)>& keep) {
    const size_t n = t.size();
    std::vector<uint32_t> rows;
    rows.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (keep(i)) rows.push_back(static_cast<uint32_t>(i));
    if (rows.size() == n) return 0;
    auto take = [&](auto& v) {
        for (size_t k = 0; k < rows.size(); ++k) v[k] = v[rows[k]];   // rows[k] >= k: in place, front to back
        v.resize(rows.size());
    };
    take(t.day);
    take(t.minute_of_day);
    take(t.lat_deg);
    take(t.lon_deg);
    for (auto& n_col : t.numerics) take(n_col.values);
    for (auto& c : t.categories) {
        take(c.codes);
        std::vector<uint32_t> remap(c.dict.size(), UINT32_MAX);
        for (uint32_t code : c.codes) remap[code] = 0;
        std::vector<std::string> dict;
        for (size_t d = 0; d < c.dict.size(); ++d)
            if (remap[d] == 0) {
                remap[d] = static_cast<uint32_t>(dict.size());
                dict.push_back(std::move(c.dict[d]));
            }
        for (auto& code : c.codes) code = remap[code];
        c.dict = std::move(dict);
        c.rebuild_lookup();
    }
    return n - rows.size();
}

void order_by_first_use(CategoryColumn& c) {
    std::vector<uint32_t> remap(c.dict.size(), UINT32_MAX);
    std::vector<std::string> dict;
    dict.reserve(c.dict.size());
    for (auto& code : c.codes) {
        uint32_t& m = remap[code];
        if (m == UINT32_MAX) {
            m = static_cast<uint32_t>(dict.size());
            dict.push_back(std::move(c.dict[code]));
        }
        code = m;
    }
    c.dict = std::move(dict);
    c.rebuild_lookup();
}

bool is_identifier_like(const CategoryColumn& c) { return !c.codes.empty() && c.dict.size() * 4 > c.codes.size(); }

}  // namespace crimescope::data
