#include "data/incident_table.hpp"

namespace crimescope::data {

uint32_t CategoryColumn::intern(std::string_view value) {
    auto it = m_lookup.find(std::string(value));
    if (it != m_lookup.end()) return it->second;
    uint32_t code = static_cast<uint32_t>(dict.size());
    dict.emplace_back(value);
    m_lookup.emplace(dict.back(), code);
    return code;
}

void CategoryColumn::rebuild_lookup() {
    m_lookup.clear();
    for (uint32_t i = 0; i < dict.size(); ++i) m_lookup.emplace(dict[i], i);
}

int64_t CategoryColumn::find(std::string_view value) const {
    auto it = m_lookup.find(std::string(value));
    return it == m_lookup.end() ? -1 : static_cast<int64_t>(it->second);
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

}  // namespace crimescope::data
