#include "layers/gtfs_stops.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <tuple>

#include "base/file_io.hpp"
#include "data/csv_reader.hpp"
#include "layers/layer_builder.hpp"

namespace crimescope::layers {

namespace {

bool parse_deg(std::string_view s, double& out) {
    std::string t(s);
    const char* p = t.c_str();
    while (*p == ' ') ++p;
    if (!*p) return false;
    char* end = nullptr;
    out = std::strtod(p, &end);
    while (end && *end == ' ') ++end;
    return end && *end == 0 && std::isfinite(out);
}

}  // namespace

Result<data::BaseLayer> read_gtfs_stations(const std::string& path, const std::string& layer_name, const geo::BBox& box,
                                           GtfsStopsReport* report) {
    auto r = data::CsvReader::open(path);
    if (!r) return r.error();
    auto& reader = *r.value();
    if (!reader.next_record()) return data::error_or(reader, make_error(ErrorKind::Format, "empty file (no GTFS stops header)", path));
    int c_name = -1, c_lat = -1, c_lon = -1, c_parent = -1;
    const auto& header = reader.fields();
    for (size_t i = 0; i < header.size(); ++i) {
        std::string h(header[i]);
        if (!h.empty() && static_cast<unsigned char>(h[0]) == 0xEF && h.size() >= 3) h = h.substr(3);   // UTF-8 BOM
        if (h == "stop_name") c_name = static_cast<int>(i);
        if (h == "stop_lat") c_lat = static_cast<int>(i);
        if (h == "stop_lon") c_lon = static_cast<int>(i);
        if (h == "parent_station") c_parent = static_cast<int>(i);
    }
    if (c_name < 0 || c_lat < 0 || c_lon < 0)
        return make_error(ErrorKind::Format, "not a GTFS stops file (needs stop_name, stop_lat, stop_lon)", path, 1);
    GtfsStopsReport rep;
    LayerBuilder b(layer_name, "places");
    std::set<std::tuple<std::string, long, long>> seen;   // name, lat and lon on a 1e-4 degree (about 10 m) grid
    while (reader.next_record()) {
        const auto& f = reader.fields();
        ++rep.rows;
        const size_t need = static_cast<size_t>(std::max({c_name, c_lat, c_lon, c_parent}));
        if (f.size() <= need) { ++rep.bad_rows; continue; }
        if (c_parent >= 0 && !f[static_cast<size_t>(c_parent)].empty()) { ++rep.child_stops; continue; }
        geo::LatLon p;
        if (!parse_deg(f[static_cast<size_t>(c_lat)], p.lat_deg) || !parse_deg(f[static_cast<size_t>(c_lon)], p.lon_deg) ||
            std::fabs(p.lat_deg) > 90 || std::fabs(p.lon_deg) > 180) { ++rep.bad_rows; continue; }
        if (!box.empty() && !box.contains(p.lat_deg, p.lon_deg)) { ++rep.outside; continue; }
        std::string name(f[static_cast<size_t>(c_name)]);
        auto key = std::make_tuple(name, std::lround(p.lat_deg * 1e4), std::lround(p.lon_deg * 1e4));
        if (!seen.insert(key).second) { ++rep.duplicates; continue; }
        b.add({p}, b.intern(name), 1);
        ++rep.kept;
    }
    if (const auto* e = reader.error()) return *e;
    if (report) *report = rep;
    data::BaseLayer layer = b.take();
    layer.source = base_name(path);
    if (layer.features.empty()) return make_error(ErrorKind::Format, "no stations with coordinates inside the city's extent", path);
    return layer;
}

}  // namespace crimescope::layers
