#include "geo/geojson.hpp"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"

namespace crimescope::geo {

using nlohmann::json;

namespace {

std::vector<LatLon> read_ring(const json& ring) {
    std::vector<LatLon> out;
    out.reserve(ring.size());
    for (const auto& pt : ring)
        if (pt.is_array() && pt.size() >= 2 && pt[0].is_number() && pt[1].is_number() && std::fabs(pt[1].get<double>()) <= 90 &&
            std::fabs(pt[0].get<double>()) <= 180)   // points off the globe are dropped like non-numbers
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
        // Types checked before use: value() throws and operator[] const asserts on a missing key (fuzz_geojson_boundary).
        static const json kNoCoordinates;   // null
        const std::string type = g.contains("type") && g["type"].is_string() ? g["type"].get<std::string>() : std::string();
        const json& coords = g.contains("coordinates") ? g["coordinates"] : kNoCoordinates;
        if ((type == "Polygon" || type == "MultiPolygon") && !coords.is_array())
            return make_error(ErrorKind::Format, "feature " + std::to_string(index) + ": " + type + " without a coordinates array", path, 0,
                              "coordinates");
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
            add_polygon(coords);
        } else if (type == "MultiPolygon") {
            for (const auto& p : coords) add_polygon(p);
        } else {
            continue;
        }
        if (!poly.rings.empty()) layer.polygons.push_back(std::move(poly));
    }
    if (layer.polygons.empty()) return make_error(ErrorKind::Format, "no Polygon or MultiPolygon features", path);
    return layer;
}

}  // namespace crimescope::geo

namespace crimescope::geo {

namespace {

// OSM "highway" classes drawn at city zoom (rank 0); everything else is minor (rank 1).
bool is_major_class(const std::string& v) {
    static const char* const kMajor[] = {"motorway", "trunk", "primary", "secondary", "tertiary",
                                         "motorway_link", "trunk_link", "primary_link", "secondary_link"};
    for (const char* k : kMajor)
        if (v == k) return true;
    return false;
}

std::string first_name(const json& props) {
    if (!props.is_object()) return {};
    for (const char* k : {"name", "NAME", "Name", "label", "STREET", "street", "stop_name", "hwyname", "nombre"})
        if (props.contains(k) && props[k].is_string() && !props[k].get<std::string>().empty()) return props[k].get<std::string>();
    return {};
}

template <class L>
void set_skipped(L& layer, size_t n) {
    if constexpr (requires { layer.skipped_features; }) layer.skipped_features = n;
    (void)layer; (void)n;
}

}  // namespace

Result<data::BaseLayer> parse_geojson_base_layer(const std::string& text, const std::string& layer_name,
                                                 const std::string& file, const BaseLayerOptions& opts) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Format, "not valid JSON", file);
    if (!j.is_object() || !j.contains("features") || !j["features"].is_array())
        return make_error(ErrorKind::Format, "not a GeoJSON FeatureCollection", file);
    data::BaseLayer layer;
    layer.name = layer_name;
    layer.kind = opts.kind;
    layer.source = base_name(file);
    std::map<std::string, uint32_t> name_index;
    auto intern = [&](const std::string& s) -> uint32_t {
        if (s.empty()) return 0;
        auto it = name_index.find(s);
        if (it != name_index.end()) return it->second;
        uint32_t k = static_cast<uint32_t>(layer.names.size());
        layer.names.push_back(s);
        name_index.emplace(s, k);
        return k;
    };
    size_t vertices_read = 0, skipped = 0;
    bool over = false;
    auto add = [&](std::vector<LatLon> pts, uint32_t name, uint8_t rank, bool line) {
        if (line) {
            if (opts.simplify_tolerance_m > 0 && pts.size() > 2) pts = simplify(pts, opts.simplify_tolerance_m);
            if (pts.size() < 2) return false;
        } else if (pts.size() != 1) {
            return false;
        }
        data::BaseFeature f;
        f.name = name;
        f.rank = rank;
        f.first = static_cast<uint32_t>(layer.lat_deg.size());
        f.count = static_cast<uint32_t>(pts.size());
        for (const auto& p : pts) {
            layer.lat_deg.push_back(static_cast<float>(p.lat_deg));
            layer.lon_deg.push_back(static_cast<float>(p.lon_deg));
        }
        layer.features.push_back(f);
        return true;
    };
    auto valid = [](const LatLon& p) {
        return std::isfinite(p.lat_deg) && std::isfinite(p.lon_deg) && std::fabs(p.lat_deg) <= 90 && std::fabs(p.lon_deg) <= 180;
    };
    auto read_line = [&](const json& coords) {
        std::vector<LatLon> pts;
        if (!coords.is_array()) return pts;
        vertices_read += coords.size();
        if (vertices_read > opts.max_vertices) { over = true; return pts; }
        for (const auto& p : read_ring(coords))
            if (valid(p)) pts.push_back(p);
        return pts;
    };
    for (const auto& f : j["features"]) {
        if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object()) { ++skipped; continue; }
        const json& g = f["geometry"];
        const std::string type = g.contains("type") && g["type"].is_string() ? g["type"].get<std::string>() : "";
        const json& coords = g.contains("coordinates") ? g["coordinates"] : json();
        json props = f.contains("properties") ? f["properties"] : json::object();
        std::string nm = opts.name_property.empty() ? first_name(props) : property_name(props, opts.name_property);
        const uint32_t name = intern(nm);
        uint8_t rank = 1;
        if (!opts.rank_property.empty()) {
            std::string cls = property_name(props, opts.rank_property);
            rank = is_major_class(cls) ? 0 : 1;
        }
        size_t added = 0;
        if (type == "LineString") {
            added += add(read_line(coords), name, rank, true);
        } else if (type == "MultiLineString" && coords.is_array()) {
            for (const auto& part : coords) added += add(read_line(part), name, rank, true);
        } else if (type == "Point") {
            added += add(read_line(json::array({coords})), name, rank, false);
        } else if (type == "MultiPoint" && coords.is_array()) {
            for (const auto& part : coords) added += add(read_line(json::array({part})), name, rank, false);
        }
        if (over)
            return make_error(ErrorKind::Format,
                              "more than " + std::to_string(opts.max_vertices) + " vertices: too large for a base layer (simplify or clip it first)",
                              file);
        if (added == 0) ++skipped;
    }
    // Features without usable geometry are counted; BaseLayer carries the count once it has the field
    // (asked of the lead: `size_t skipped_features`), until then the count goes nowhere.
    set_skipped(layer, skipped);
    if (layer.features.empty())
        return make_error(ErrorKind::Format, "no LineString, MultiLineString, Point or MultiPoint features with usable coordinates", file);
    return layer;
}

Result<data::BaseLayer> read_geojson_base_layer(const std::string& path, const std::string& layer_name,
                                                const BaseLayerOptions& opts) {
    auto bytes = read_file_maybe_gzip(path);
    if (!bytes) return bytes.error();
    std::string text(bytes->begin(), bytes->end());
    bytes->clear();
    bytes->shrink_to_fit();
    return parse_geojson_base_layer(text, layer_name, path, opts);
}

}  // namespace crimescope::geo
