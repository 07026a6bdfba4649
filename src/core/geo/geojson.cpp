#include "geo/geojson.hpp"

#include <nlohmann/json.hpp>

#include "base/file_io.hpp"

namespace crimescope::geo {

using nlohmann::json;

namespace {

std::vector<LatLon> read_ring(const json& ring) {
    std::vector<LatLon> out;
    out.reserve(ring.size());
    for (const auto& pt : ring)
        if (pt.is_array() && pt.size() >= 2 && pt[0].is_number() && pt[1].is_number())
            out.push_back(LatLon{pt[1].get<double>(), pt[0].get<double>()});   // GeoJSON is [lon, lat]
    return out;
}

std::string property_name(const json& props, const std::string& wanted) {
    if (!props.is_object()) return {};
    auto as_text = [](const json& v) -> std::string {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_number_integer()) return std::to_string(v.get<long long>());
        if (v.is_number()) return v.dump();
        return {};
    };
    if (!wanted.empty()) return props.contains(wanted) ? as_text(props[wanted]) : std::string{};
    for (const char* k : {"name", "NAME", "Name", "nhood", "NOM_MUN", "sector", "cca_name", "APREC", "district",
                          "precinct", "BoroName", "cuadrante"})
        if (props.contains(k)) return as_text(props[k]);
    return {};
}

}  // namespace

PolygonLookup::PolygonLookup(const data::BoundaryLayer& layer) : m_layer(layer) {
    for (const auto& p : layer.polygons) {
        BBox b;
        for (const auto& r : p.rings)
            for (const auto& pt : r) b.extend(pt.lat_deg, pt.lon_deg);
        m_boxes.push_back(b);
    }
}

int PolygonLookup::find(LatLon p) const {
    for (size_t i = 0; i < m_boxes.size(); ++i)
        if (m_boxes[i].contains(p.lat_deg, p.lon_deg) && point_in_rings(p, m_layer.polygons[i].rings))
            return static_cast<int>(i);
    return -1;
}

Result<data::BoundaryLayer> read_geojson_layer(const std::string& path, const std::string& layer_name,
                                               const GeoJsonOptions& opts) {
    auto bytes = read_file_maybe_gzip(path);
    if (!bytes) return bytes.error();
    json j = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Format, "not valid JSON", path);
    if (!j.is_object() || !j.contains("features") || !j["features"].is_array())
        return make_error(ErrorKind::Format, "not a GeoJSON FeatureCollection", path);
    data::BoundaryLayer layer;
    layer.name = layer_name;
    layer.source = base_name(path);
    size_t index = 0;
    for (const auto& f : j["features"]) {
        ++index;
        if (!f.contains("geometry") || !f["geometry"].is_object()) continue;
        const json& g = f["geometry"];
        std::string type = g.value("type", "");
        data::BoundaryPolygon poly;
        poly.name = property_name(f.value("properties", json::object()), opts.name_property);
        if (poly.name.empty() && !opts.name_property.empty())
            return make_error(ErrorKind::Format, "feature " + std::to_string(index) + " has no property \"" + opts.name_property + "\"",
                              path, 0, opts.name_property);
        if (poly.name.empty()) poly.name = "#" + std::to_string(index);
        auto add_polygon = [&](const json& rings) {
            for (const auto& r : rings) {
                auto ring = read_ring(r);
                if (opts.simplify_tolerance_m > 0) ring = simplify(ring, opts.simplify_tolerance_m);
                if (ring.size() >= 4) poly.rings.push_back(std::move(ring));
            }
        };
        if (type == "Polygon") {
            add_polygon(g["coordinates"]);
        } else if (type == "MultiPolygon") {
            for (const auto& p : g["coordinates"]) add_polygon(p);
        } else {
            continue;
        }
        if (!poly.rings.empty()) layer.polygons.push_back(std::move(poly));
    }
    if (layer.polygons.empty()) return make_error(ErrorKind::Format, "no Polygon or MultiPolygon features", path);
    return layer;
}

}  // namespace crimescope::geo
