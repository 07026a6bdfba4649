#include "layers/shapefile.hpp"

#include <cctype>
#include <cmath>
#include <cstring>

#include "base/file_io.hpp"
#include "geo/geo.hpp"
#include "layers/layer_builder.hpp"

namespace crimescope::layers {

namespace {

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
int32_t le32(const uint8_t* p) { int32_t v; std::memcpy(&v, p, 4); return v; }
double le64f(const uint8_t* p) { double v; std::memcpy(&v, p, 8); return v; }

}  // namespace

int utm_zone_of_prj(const std::string& prj, bool& north) {
    north = true;
    std::string low;
    for (char c : prj) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = low.find("utm");
    if (at == std::string::npos) return 0;
    auto z = low.find("zone", at);
    if (z == std::string::npos) return 0;
    size_t i = z + 4;
    while (i < low.size() && (low[i] == ' ' || low[i] == '_')) ++i;
    int zone = 0;
    while (i < low.size() && std::isdigit(static_cast<unsigned char>(low[i])) && zone < 100) zone = zone * 10 + (low[i++] - '0');
    if (i < low.size() && low[i] == 's') north = false;
    return zone >= 1 && zone <= 60 ? zone : 0;
}

Result<data::BaseLayer> parse_shapefile_polylines(const uint8_t* d, size_t n, const std::string& layer_name,
                                                  const std::string& file, const ShapefileOptions& opts) {
    auto bad = [&](const std::string& msg) { return make_error(ErrorKind::Format, msg, file); };
    if (n < 100 || be32(d) != 9994) return bad("not an ESRI shapefile (bad file code)");
    const int32_t shape_type = le32(d + 32);
    if (shape_type != 3 && shape_type != 13 && shape_type != 23)
        return bad("shape type " + std::to_string(shape_type) + " is not a PolyLine (3, 13 or 23)");
    LayerBuilder b(layer_name, "streets");
    size_t at = 100, vertices = 0, skipped = 0, record = 0;
    while (at + 8 <= n) {
        ++record;
        const uint64_t len = uint64_t(be32(d + at + 4)) * 2;   // content length in 16-bit words
        const size_t c = at + 8;
        if (len > n - c) return bad("record " + std::to_string(record) + " runs past the end of the file");
        at = c + static_cast<size_t>(len);
        if (len < 4) { ++skipped; continue; }
        const int32_t type = le32(d + c);
        if (type == 0) { ++skipped; continue; }   // null shape
        if (type != shape_type || len < 44) return bad("record " + std::to_string(record) + " is malformed");
        const int32_t parts = le32(d + c + 36), points = le32(d + c + 40);
        if (parts < 0 || points < 0 || 44 + 4ull * uint64_t(parts) + 16ull * uint64_t(points) > len)
            return bad("record " + std::to_string(record) + " has more parts or points than its length");
        vertices += static_cast<size_t>(points);
        if (vertices > opts.max_vertices)
            return bad("more than " + std::to_string(opts.max_vertices) + " vertices: too large for a base layer");
        const uint8_t* part_index = d + c + 44;
        const uint8_t* xy = part_index + 4 * static_cast<size_t>(parts);
        for (int32_t p = 0; p < parts; ++p) {
            const int32_t from = le32(part_index + 4 * p), to = p + 1 < parts ? le32(part_index + 4 * (p + 1)) : points;
            if (from < 0 || to > points || from > to) return bad("record " + std::to_string(record) + " has a bad part index");
            std::vector<geo::LatLon> line;
            for (int32_t k = from; k < to; ++k) {
                const double x = le64f(xy + 16 * static_cast<size_t>(k)), y = le64f(xy + 16 * static_cast<size_t>(k) + 8);
                if (!std::isfinite(x) || !std::isfinite(y)) continue;
                geo::LatLon ll = opts.utm_zone ? geo::utm_to_latlon({x, y, opts.utm_zone, opts.utm_north}) : geo::LatLon{y, x};
                if (!std::isfinite(ll.lat_deg) || !std::isfinite(ll.lon_deg) || std::fabs(ll.lat_deg) > 90 || std::fabs(ll.lon_deg) > 180) continue;
                line.push_back(ll);
            }
            if (opts.simplify_tolerance_m > 0 && line.size() > 2) line = geo::simplify(line, opts.simplify_tolerance_m);
            if (!b.add(line, 0, 1)) ++skipped;
        }
    }
    data::BaseLayer layer = b.take();
    layer.source = base_name(file);
    if (layer.features.empty()) return bad("no PolyLine records with coordinates");
    return layer;
}

Result<data::BaseLayer> read_shapefile_polylines(const std::string& path, const std::string& layer_name,
                                                 const ShapefileOptions& opts) {
    auto bytes = read_file_maybe_gzip(path);
    if (!bytes) return bytes.error();
    return parse_shapefile_polylines(bytes->data(), bytes->size(), layer_name, path, opts);
}

}  // namespace crimescope::layers
