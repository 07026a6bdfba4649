#include "index/mercator_index.hpp"

#include <nanoflann.hpp>

namespace crimescope::index {

namespace {
struct Adaptor {
    const std::vector<double>* xy;
    size_t kdtree_get_point_count() const { return xy->size() / 2; }
    double kdtree_get_pt(size_t i, size_t dim) const { return (*xy)[2 * i + dim]; }
    template <class B>
    bool kdtree_get_bbox(B&) const { return false; }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Adaptor>, Adaptor, 2, uint32_t>;
}  // namespace

struct MercatorIndex::Impl {
    Adaptor adaptor;
    Tree tree;
    explicit Impl(const std::vector<double>* xy)
        : adaptor{xy}, tree(2, adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(16)) {}
};

MercatorIndex::MercatorIndex(const data::IncidentTable& t) {
    m_xy.resize(t.size() * 2);
    for (size_t i = 0; i < t.size(); ++i) {
        geo::Merc m = geo::to_mercator(geo::LatLon{t.lat_deg[i], t.lon_deg[i]});
        m_xy[2 * i] = m.x;
        m_xy[2 * i + 1] = m.y;
    }
    m_impl = std::make_unique<Impl>(&m_xy);
    if (!m_xy.empty()) m_impl->tree.buildIndex();
}

MercatorIndex::~MercatorIndex() = default;

std::vector<uint32_t> MercatorIndex::nearest(double x, double y, size_t k) const {
    if (m_xy.empty() || k == 0) return {};
    k = std::min(k, m_xy.size() / 2);
    std::vector<uint32_t> idx(k);
    std::vector<double> d2(k);
    double q[2] = {x, y};
    size_t n = m_impl->tree.knnSearch(q, k, idx.data(), d2.data());
    idx.resize(n);
    return idx;
}

}  // namespace crimescope::index
