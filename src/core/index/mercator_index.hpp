// mercator_index.hpp: nanoflann k-d tree over incidents in Web Mercator units, for "what is under the
// cursor" (hover). Exact nearest neighbours; for metre-accurate geodesic queries see the score module.
#pragma once
#include <memory>
#include <vector>

#include "data/incident_table.hpp"

namespace crimescope::index {

class MercatorIndex {
public:
    explicit MercatorIndex(const data::IncidentTable& table);   // the table must outlive the index
    ~MercatorIndex();
    MercatorIndex(const MercatorIndex&) = delete;
    MercatorIndex& operator=(const MercatorIndex&) = delete;

    // Up to k nearest rows to (x, y) in mercator units, nearest first.
    std::vector<uint32_t> nearest(double x, double y, size_t k) const;
    double x(size_t row) const { return m_xy[2 * row]; }
    double y(size_t row) const { return m_xy[2 * row + 1]; }
    const std::vector<double>& xy() const { return m_xy; }   // (x, y) per row, interleaved (density::bin_filtered)

private:
    struct Impl;
    std::vector<double> m_xy;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace crimescope::index
