#include "layers/intersection_streets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "base/file_io.hpp"
#include "data/csv_reader.hpp"
#include "layers/chain.hpp"
#include "layers/layer_builder.hpp"

namespace crimescope::layers {

Result<data::BaseLayer> streets_from_intersections(const std::string& path, const std::string& layer_name,
                                                   const IntersectionStreetsOptions& opts) {
    auto r = data::CsvReader::open(path);
    if (!r) return r.error();
    auto& reader = *r.value();
    if (!reader.next_record()) return data::error_or(reader, make_error(ErrorKind::Format, "empty file", path));
    int c1 = -1, c2 = -1, clat = -1, clon = -1;
    for (size_t i = 0; i < reader.fields().size(); ++i) {
        const std::string_view h = reader.fields()[i];
        if (h == "street_1") c1 = static_cast<int>(i);
        if (h == "street_2") c2 = static_cast<int>(i);
        if (h == "latitude") clat = static_cast<int>(i);
        if (h == "longitude") clon = static_cast<int>(i);
    }
    if (c1 < 0 || c2 < 0 || clat < 0 || clon < 0)
        return make_error(ErrorKind::Format, "needs columns street_1, street_2, latitude, longitude", path, 1);
    std::map<std::string, std::vector<geo::LatLon>> by_street;
    const size_t need = static_cast<size_t>(std::max({c1, c2, clat, clon}));
    while (reader.next_record()) {
        const auto& f = reader.fields();
        if (f.size() <= need) continue;
        std::string la(f[static_cast<size_t>(clat)]), lo(f[static_cast<size_t>(clon)]);
        char *e1 = nullptr, *e2 = nullptr;
        geo::LatLon p{std::strtod(la.c_str(), &e1), std::strtod(lo.c_str(), &e2)};
        if (la.empty() || lo.empty() || *e1 || *e2 || !std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) || std::fabs(p.lat_deg) > 90 || std::fabs(p.lon_deg) > 180) continue;
        for (int c : {c1, c2}) {
            std::string name(f[static_cast<size_t>(c)]);
            if (!name.empty()) by_street[name].push_back(p);
        }
    }
    if (const auto* e = reader.error()) return *e;
    LayerBuilder b(layer_name, "streets");
    for (auto& [name, pts] : by_street) {   // std::map: streets in name order, the same bytes every build
        order_along_main_axis(pts);
        const uint32_t id = b.intern(name);
        for (const auto& run : chain_points(pts, opts.max_gap_m)) b.add(run, id, 1);
    }
    data::BaseLayer layer = b.take();
    if (layer.features.empty()) return make_error(ErrorKind::Format, "no street with two intersections close enough to join", path);
    rank_long_streets_major(layer, opts.major_length_m);
    layer.source = base_name(path);
    return layer;
}

}  // namespace crimescope::layers
