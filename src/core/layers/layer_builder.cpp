#include "layers/layer_builder.hpp"

#include <algorithm>
#include <cmath>

namespace crimescope::layers {

LayerBuilder::LayerBuilder(std::string name, std::string kind) {
    m_layer.name = std::move(name);
    m_layer.kind = std::move(kind);
}

uint32_t LayerBuilder::intern(const std::string& name) {
    if (name.empty()) return 0;
    auto it = m_index.find(name);
    if (it != m_index.end()) return it->second;
    const auto k = static_cast<uint32_t>(m_layer.names.size());
    m_layer.names.push_back(name);
    m_index.emplace(name, k);
    return k;
}

bool LayerBuilder::add(const std::vector<geo::LatLon>& points, uint32_t name, uint8_t rank) {
    const bool place = m_layer.kind == "places";
    if (place ? points.size() != 1 : points.size() < 2) return false;
    // Every builder's points pass here: a NaN or out-of-range point (a projection overflow, "nan" in a
    // gazetteer) makes the whole feature unusable rather than a vertex at 0,0 in the pack.
    for (const auto& p : points)
        if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) || std::fabs(p.lat_deg) > 90 || std::fabs(p.lon_deg) > 180)
            return false;
    data::BaseFeature f;
    f.name = name;
    f.rank = rank;
    f.first = static_cast<uint32_t>(m_layer.lat_deg.size());
    f.count = static_cast<uint32_t>(points.size());
    for (const auto& p : points) {
        m_layer.lat_deg.push_back(static_cast<float>(p.lat_deg));
        m_layer.lon_deg.push_back(static_cast<float>(p.lon_deg));
    }
    m_layer.features.push_back(f);
    return true;
}

namespace {

std::vector<geo::LatLon> points_of(const data::BaseLayer& layer, const data::BaseFeature& f) {
    std::vector<geo::LatLon> pts(f.count);
    for (uint32_t k = 0; k < f.count; ++k) pts[k] = {layer.lat_deg[f.first + k], layer.lon_deg[f.first + k]};
    return pts;
}

template <class Keep>
data::BaseLayer filter(const data::BaseLayer& layer, Keep keep) {
    LayerBuilder b(layer.name, layer.kind);
    for (const auto& f : layer.features)
        if (keep(f)) b.add(points_of(layer, f), b.intern(layer.names[f.name]), f.rank);
    data::BaseLayer out = b.take();
    out.source = layer.source;
    out.attribution = layer.attribution;
    return out;
}

bool any_inside(const data::BaseLayer& layer, const data::BaseFeature& f, const geo::BBox& box) {
    for (uint32_t k = 0; k < f.count; ++k)
        if (box.contains(layer.lat_deg[f.first + k], layer.lon_deg[f.first + k])) return true;
    return false;
}

}  // namespace

data::BaseLayer clip_to_box(const data::BaseLayer& layer, const geo::BBox& box) {
    return filter(layer, [&](const data::BaseFeature& f) { return any_inside(layer, f, box); });
}

data::BaseLayer keep_minor_within(const data::BaseLayer& layer, const geo::BBox& keep) {
    return filter(layer, [&](const data::BaseFeature& f) { return f.rank == 0 || any_inside(layer, f, keep); });
}

geo::BBox grow_box(const geo::BBox& box, double margin_m) {
    if (box.empty()) return box;
    geo::BBox b = box;
    const double dlat = margin_m / geo::kEarthRadius_m * 180 / geo::kPi;
    const double mid = (box.lat_min_deg + box.lat_max_deg) / 2;
    const double dlon = dlat / std::max(0.01, std::cos(mid * geo::kPi / 180));
    b.lat_min_deg -= dlat;
    b.lat_max_deg += dlat;
    b.lon_min_deg -= dlon;
    b.lon_max_deg += dlon;
    return b;
}

geo::BBox incident_extent(const data::IncidentTable& t, double trim_share) {
    geo::BBox box;
    if (t.size() == 0) return box;
    std::vector<float> lat(t.lat_deg), lon(t.lon_deg);
    std::sort(lat.begin(), lat.end());
    std::sort(lon.begin(), lon.end());
    const size_t k = static_cast<size_t>(trim_share * static_cast<double>(t.size()));
    const size_t hi = t.size() - 1 - std::min(k, t.size() - 1);
    const size_t lo = std::min(k, hi);
    box.extend(lat[lo], lon[lo]);
    box.extend(lat[hi], lon[hi]);
    return box;
}

double feature_length_m(const data::BaseLayer& layer, const data::BaseFeature& f) {
    double len = 0;
    for (uint32_t k = 1; k < f.count; ++k)
        len += geo::haversine_m({layer.lat_deg[f.first + k - 1], layer.lon_deg[f.first + k - 1]},
                                {layer.lat_deg[f.first + k], layer.lon_deg[f.first + k]});
    return len;
}

size_t rank_long_streets_major(data::BaseLayer& layer, double min_length_m) {
    std::vector<double> by_name(layer.names.size(), 0.0);
    for (const auto& f : layer.features) by_name[f.name] += feature_length_m(layer, f);
    size_t n = 0;
    for (auto& f : layer.features)
        if (f.name != 0 && by_name[f.name] >= min_length_m && f.rank != 0) { f.rank = 0; ++n; }
    return n;
}

size_t rank_named_streets_major(data::BaseLayer& layer, const std::vector<std::string>& major, bool ignore_direction) {
    std::vector<bool> is_major(layer.names.size(), false);
    for (size_t k = 1; k < layer.names.size(); ++k) {
        std::string n = layer.names[k];
        if (ignore_direction && n.size() > 2 && n[1] == ' ' && (n[0] == 'N' || n[0] == 'S' || n[0] == 'E' || n[0] == 'W'))
            n = n.substr(2);
        is_major[k] = std::find(major.begin(), major.end(), n) != major.end();
    }
    size_t count = 0;
    for (auto& f : layer.features) {
        f.rank = is_major[f.name] ? 0 : 1;
        count += f.rank == 0;
    }
    return count;
}

void simplify_streets(data::BaseLayer& layer, double tolerance_m) {
    if (layer.kind == "places" || tolerance_m <= 0) return;
    std::vector<float> lat, lon;
    lat.reserve(layer.lat_deg.size());
    lon.reserve(layer.lon_deg.size());
    for (auto& f : layer.features) {
        auto pts = geo::simplify(points_of(layer, f), tolerance_m);
        f.first = static_cast<uint32_t>(lat.size());
        f.count = static_cast<uint32_t>(pts.size());
        for (const auto& p : pts) {
            lat.push_back(static_cast<float>(p.lat_deg));
            lon.push_back(static_cast<float>(p.lon_deg));
        }
    }
    layer.lat_deg = std::move(lat);
    layer.lon_deg = std::move(lon);
}

}  // namespace crimescope::layers
