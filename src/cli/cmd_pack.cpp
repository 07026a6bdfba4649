// cmd_pack: build city packs from CSV + profile + boundary GeoJSON, either one pack from flags or every
// pack listed in a manifest (assets/packs/packs.json) with paths relative to a data folder.
#include <chrono>
#include <map>
#include <optional>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "geo/geojson.hpp"
#include "forecast/tendency.hpp"
#include "index/geo_index.hpp"
#include "layers/address_streets.hpp"
#include "layers/gtfs_stops.hpp"
#include "layers/intersection_streets.hpp"
#include "layers/layer_builder.hpp"
#include "layers/shapefile.hpp"
#include "score/radius_score.hpp"

namespace crimescope::cli {

namespace {

struct PackSpec {
    std::string id, display_name, profile, out_path, attribution, disclaimer;
    std::vector<std::string> sources;
    struct Layer { std::string name, path, name_property; };
    std::vector<Layer> boundaries;
    std::string derive_role, derive_layer;   // categorical column filled by point-in-polygon on a layer
    std::string geonames_metro, zip_metro, intersections;   // gazetteer sources (../shared/data/maps/gazetteer)
    std::string gazetteer_dir;
    std::string monthly_counts;   // CDMX cuadrantes counts file -> extras["monthly_counts"]
    // Only incidents on these days (inclusive; "" = open) go into the pack: e.g. the last 12 months of a longer file.
    std::string first_day, last_day;
    // A monthly count cube counted from other (longer) sources than the pack's incidents (issue #15: Chicago's
    // five years per district, beat and community area): extras["monthly_counts"] for the first unit,
    // extras["monthly_counts.<unit>"] for the others, extras["monthly_counts_meta"] naming them.
    struct CountCubeSpec {
        std::vector<std::string> sources;
        std::string family_role = "family";
        std::vector<std::string> unit_roles;
        std::map<std::string, std::string> unit_layers;   // unit role -> boundary layer drawn for it
        std::string description;
    };
    std::optional<CountCubeSpec> count_cube;
    nlohmann::json base_layers = nlohmann::json::array();   // the manifest's "layers" (issue #13)
    std::vector<std::string> caveats;                       // plain-language limits -> extras["caveats"]
    std::vector<std::string> caveats_es;                    // the same in Spanish -> extras["caveats_es"]
    std::string data_dir;
};

// One base-map layer from its manifest entry: {name, kind, builder, path, name_property, rank_property,
// simplify_m, source, licence, attribution, clip_margin_m, ...}. Paths are relative to the data folder.
Result<data::BaseLayer> build_base_layer(const nlohmann::json& e, const PackSpec& s, const data::CityData& city) {
    const std::string name = e.at("name"), kind = e.value("kind", "streets"), builder = e.value("builder", "geojson");
    const std::string path = e.contains("path") ? s.data_dir + "/" + e["path"].get<std::string>() : std::string{};
    const double simplify_m = e.value("simplify_m", 0.0);
    const geo::BBox extent = layers::incident_extent(city.incidents);
    const geo::BBox near = layers::grow_box(extent, e.value("clip_margin_m", 2000.0));
    data::BaseLayer layer;
    if (builder == "geojson") {
        geo::BaseLayerOptions o;
        o.kind = kind;
        o.name_property = e.value("name_property", "");
        o.rank_property = e.value("rank_property", "");
        o.simplify_tolerance_m = simplify_m;
        auto r = geo::read_geojson_base_layer(path, name, o);
        if (!r) return r.error();
        layer = std::move(r.value());
    } else if (builder == "gtfs_stops") {
        layers::GtfsStopsReport rep;
        auto r = layers::read_gtfs_stations(path, name, near, &rep);
        if (!r) return r.error();
        std::printf("    %s: %zu stops, %zu kept (%zu platforms/children, %zu duplicates, %zu outside the city, %zu bad rows)\n",
                    base_name(path).c_str(), rep.rows, rep.kept, rep.child_stops, rep.duplicates, rep.outside, rep.bad_rows);
        layer = std::move(r.value());
    } else if (builder == "intersections") {
        layers::IntersectionStreetsOptions o;
        o.max_gap_m = e.value("max_gap_m", o.max_gap_m);
        o.major_length_m = e.value("major_length_m", o.major_length_m);
        auto r = layers::streets_from_intersections(path, name, o);
        if (!r) return r.error();
        layer = std::move(r.value());
    } else if (builder == "addresses") {
        layers::AddressStreetsOptions o;
        o.role = e.value("role", o.role);
        o.max_gap_m = e.value("max_gap_m", o.max_gap_m);
        o.major_blocks = e.value("major_blocks", o.major_blocks);
        layers::AddressStreetsReport rep;
        layer = layers::streets_from_addresses(city.incidents, name, o, &rep);
        std::printf("    from incident addresses: %zu rows, %zu without a block number, %zu streets, %zu blocks\n", rep.addresses,
                    rep.unparsed, rep.streets, rep.blocks);
        if (layer.features.empty()) return make_error(ErrorKind::Format, "no streets could be followed through the '" + o.role + "' column");
        layer.source = "the incident data's own block addresses";
    } else if (builder == "shapefile") {
        layers::ShapefileOptions o;
        o.simplify_tolerance_m = simplify_m;
        if (e.contains("prj")) {
            auto prj = read_file_bytes(s.data_dir + "/" + e["prj"].get<std::string>());
            if (!prj) return prj.error();
            o.utm_zone = layers::utm_zone_of_prj(std::string(prj->begin(), prj->end()), o.utm_north);
        }
        auto r = layers::read_shapefile_polylines(path, name, o);
        if (!r) return r.error();
        layer = std::move(r.value());
    } else {
        return make_error(ErrorKind::Format, "layer '" + name + "': unknown builder '" + builder + "'", "packs.json");
    }
    layer.name = name;
    layer.kind = kind;
    if (builder != "gtfs_stops" && e.value("clip", true)) layer = layers::clip_to_box(layer, near);
    if (e.contains("major_length_m") && builder != "intersections") layers::rank_long_streets_major(layer, e["major_length_m"].get<double>());
    if (e.contains("major_names"))
        layers::rank_named_streets_major(layer, e["major_names"].get<std::vector<std::string>>(), e.value("major_ignore_direction", true));
    if (e.value("minor_within_incidents", false)) layer = layers::keep_minor_within(layer, layers::grow_box(extent, 500));
    if (builder != "geojson" && builder != "shapefile") layers::simplify_streets(layer, simplify_m);
    std::string src = e.value("source", layer.source);
    if (e.contains("licence")) src += " (licence: " + e["licence"].get<std::string>() + ")";
    layer.source = src;
    layer.attribution = e.value("attribution", "");
    return layer;
}

// Gazetteer lines "kind<TAB>name<TAB>lat<TAB>lon<TAB>weight" for the geocoder, from the shared gazetteers.
Result<std::string> build_gazetteer(const PackSpec& s, size_t& count) {
    std::string out;
    char buf[96];
    auto line = [&](const char* kind, const std::string& name, const std::string& lat, const std::string& lon, const std::string& w) {
        out += kind; out += '\t'; out += name; out += '\t'; out += lat; out += '\t'; out += lon; out += '\t'; out += w.empty() ? "1" : w; out += '\n';
        ++count;
    };
    (void)buf;
    auto read_rows = [](const std::string& path, char delim, auto&& fn) -> Status {
        auto r = data::CsvReader::open(path, data::CsvOptions{delim});
        if (!r) return r.error();
        r.value()->next_record();
        std::vector<std::string> header;
        for (auto f : r.value()->fields()) header.emplace_back(f);
        while (r.value()->next_record()) {
            const auto& f = r.value()->fields();
            if (f.size() != header.size()) continue;
            std::map<std::string, std::string> row;
            for (size_t i = 0; i < f.size(); ++i) row[header[i]] = std::string(f[i]);
            fn(row);
        }
        if (const auto* e = r.value()->error()) return *e;
        return Ok{};
    };
    if (!s.geonames_metro.empty()) {
        auto st = read_rows(s.gazetteer_dir + "/geonames_cities500_metros.tsv", '\t', [&](std::map<std::string, std::string>& r) {
            if (r["metro"] == s.geonames_metro) line("place", r["name"], r["latitude"], r["longitude"], r["population"]);
        });
        if (!st) return st.error();
    }
    if (!s.zip_metro.empty()) {
        auto st = read_rows(s.gazetteer_dir + "/us_zipcodes_metros.csv", ',', [&](std::map<std::string, std::string>& r) {
            if (r["metro"] == s.zip_metro) line("zip", r["zip"] + " " + r["city"], r["latitude"], r["longitude"], "1");
        });
        if (!st) return st.error();
    }
    if (!s.intersections.empty()) {
        auto st = read_rows(s.intersections, ',', [&](std::map<std::string, std::string>& r) {
            line("intersection", r["intersection"], r["latitude"], r["longitude"], "1");
        });
        if (!st) return st.error();
    }
    return out;
}

const data::Profile* find_profile(const std::vector<data::Profile>& ps, const std::string& id) {
    for (const auto& p : ps)
        if (p.id == id) return &p;
    return nullptr;
}

// Builds one pack; prints the ingest report of each source. Returns false on a whole-input error.
bool build_pack(const PackSpec& spec, const std::vector<data::Profile>& profiles, double simplify_m) {
    const data::Profile* profile = find_profile(profiles, spec.profile);
    if (!profile) {
        std::fprintf(stderr, "error: no profile '%s' in assets/profiles\n", spec.profile.c_str());
        return false;
    }
    data::CityData city;
    city.id = spec.id;
    city.display_name = spec.display_name.empty() ? spec.id : spec.display_name;
    city.attribution = spec.attribution;
    city.disclaimer = spec.disclaimer.empty() ? profile->disclaimer : spec.disclaimer;
    city.colour_by = profile->colour_by;
    city.profile_id = profile->id;
    if (profile->time.precision == "month") city.extras["time_precision"] = "\"month\"";   // the app says so on the card and filters
    data::IngestState state;   // shared: dedupe across overlapping samples
    for (const auto& src : spec.sources) {
        IngestReport rep;   // chunked on every core; the same table and report as ingest_csv (issue #15)
        auto st = data::ingest_csv_file(src, *profile, city.incidents, rep, state);
        if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); return false; }
        std::printf("  %s: %s\n", base_name(src).c_str(), rep.summary().c_str());
        for (size_t k = 0; k < rep.first_issues.size() && k < 3; ++k)
            std::printf("    e.g. %s\n", IngestReport::format_issue(rep.first_issues[k]).c_str());
        city.source_files.push_back(base_name(src));
    }
    data::sort_by_time(city.incidents);
    if (!spec.first_day.empty() || !spec.last_day.empty()) {
        int32_t lo = INT32_MIN, hi = INT32_MAX;
        DateTime dt;
        if (!spec.first_day.empty()) {
            if (!parse_datetime(spec.first_day, "%Y-%m-%d", dt)) { std::fprintf(stderr, "error: days.from: not a date YYYY-MM-DD (\"%s\")\n", spec.first_day.c_str()); return false; }
            lo = dt.day;
        }
        if (!spec.last_day.empty()) {
            if (!parse_datetime(spec.last_day, "%Y-%m-%d", dt)) { std::fprintf(stderr, "error: days.to: not a date YYYY-MM-DD (\"%s\")\n", spec.last_day.c_str()); return false; }
            hi = dt.day;
        }
        const auto& day = city.incidents.day;
        const size_t dropped = data::keep_rows(city.incidents, [&](size_t r) { return day[r] >= lo && day[r] <= hi; });
        std::printf("  kept %zu incidents from %s to %s (%zu outside left out)\n", city.incidents.size(),
                    spec.first_day.empty() ? "the start" : spec.first_day.c_str(),
                    spec.last_day.empty() ? "the end" : spec.last_day.c_str(), dropped);
    }
    for (const auto& b : spec.boundaries) {
        geo::GeoJsonOptions o;
        o.name_property = b.name_property;
        o.simplify_tolerance_m = simplify_m;
        auto layer = geo::read_geojson_layer(b.path, b.name, o);
        if (!layer) { std::fprintf(stderr, "error: %s\n", layer.error().to_string().c_str()); return false; }
        size_t pts = 0;
        for (const auto& p : layer->polygons)
            for (const auto& r : p.rings) pts += r.size();
        std::printf("  boundary %s: %zu polygons, %zu points after %.0f m simplification\n", b.name.c_str(),
                    layer->polygons.size(), pts, simplify_m);
        city.boundaries.push_back(std::move(layer.value()));
    }
    if (!spec.derive_role.empty()) {
        const data::BoundaryLayer* layer = nullptr;
        for (const auto& b : city.boundaries)
            if (b.name == spec.derive_layer) layer = &b;
        if (!layer) { std::fprintf(stderr, "error: derive: no boundary layer '%s'\n", spec.derive_layer.c_str()); return false; }
        auto index = geo::PolygonLookup(*layer);
        data::CategoryColumn col;
        col.role = spec.derive_role;
        col.source_column = "point in " + layer->source;
        const auto& t = city.incidents;
        col.codes.reserve(t.size());
        size_t outside = 0;
        for (size_t i = 0; i < t.size(); ++i) {
            int k = index.find(geo::LatLon{t.lat_deg[i], t.lon_deg[i]});
            if (k < 0) ++outside;
            col.codes.push_back(col.intern(k < 0 ? "(outside)" : layer->polygons[static_cast<size_t>(k)].name));
        }
        std::printf("  derived %s from %s: %zu of %zu points outside every polygon\n", spec.derive_role.c_str(),
                    layer->name.c_str(), outside, t.size());
        city.incidents.categories.push_back(std::move(col));
        city.colour_by = spec.derive_role;
    }
    for (auto& c : city.incidents.categories)   // a case number per row: stored as back-references (pack v3)
        if (data::is_identifier_like(c)) data::order_by_first_use(c);
    if (city.incidents.size() > 0) {   // crime-score constants for the default 200 m / 365 days, as of the last day
        index::GeoIndex idx(city.incidents);
        const auto& area = city.boundaries.empty() ? std::vector<data::BoundaryPolygon>{} : city.boundaries.front().polygons;
        auto scale = score::compute_scale(city.incidents, idx, city.incidents.day.back(), {}, area, 250);
        city.extras["score_scale"] = score::scale_to_json(scale);
        std::printf("  score scale: C_max %u within 200 m / 365 days, %zu places on a 250 m grid\n", scale.count_max,
                    scale.place_counts.size());
    }
    if (!spec.geonames_metro.empty() || !spec.zip_metro.empty() || !spec.intersections.empty()) {
        size_t n = 0;
        auto gz = build_gazetteer(spec, n);
        if (!gz) { std::fprintf(stderr, "error: %s\n", gz.error().to_string().c_str()); return false; }
        city.extras["gazetteer"] = gz.value();
        std::printf("  gazetteer: %zu places\n", n);
    }
    if (!spec.monthly_counts.empty()) {
        auto q = forecast::load_cdmx_counts(spec.monthly_counts);
        if (!q) { std::fprintf(stderr, "error: %s\n", q.error().to_string().c_str()); return false; }
        city.extras["monthly_counts"] = forecast::cube_to_tsv(q.value());
        std::printf("  monthly counts: %zu families x %zu units x %d months\n", q->families.size(), q->units.size(), q->n_months);
    }
    if (spec.count_cube) {
        const auto& cc = spec.count_cube.value();
        data::IncidentTable all;
        data::IngestState cstate;
        for (const auto& src : cc.sources) {
            IngestReport rep;
            auto st = data::ingest_csv_file(src, *profile, all, rep, cstate);
            if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); return false; }
            std::printf("  counts from %s: %s\n", base_name(src).c_str(), rep.summary().c_str());
        }
        nlohmann::json meta = {{"source", cc.description}, {"units", nlohmann::json::array()}};
        for (size_t u = 0; u < cc.unit_roles.size(); ++u) {
            const std::string& role = cc.unit_roles[u];
            if (!all.category(cc.family_role) || !all.category(role)) {
                std::fprintf(stderr, "error: count_cube: the profile gives no '%s' or '%s' column\n", cc.family_role.c_str(), role.c_str());
                return false;
            }
            const forecast::CountCube q = forecast::cube_from_incidents(all, cc.family_role, role);
            const std::string key = u == 0 ? "monthly_counts" : "monthly_counts." + role;
            city.extras[key] = forecast::cube_to_tsv(q);
            auto layer = cc.unit_layers.find(role);
            meta["units"].push_back({{"role", role}, {"key", key}, {"layer", layer == cc.unit_layers.end() ? "" : layer->second}});
            std::printf("  monthly counts by %s: %zu families x %zu units x %d months (%s to %s), %zu bytes\n", role.c_str(),
                        q.families.size(), q.units.size(), q.n_months, q.month_name(0).c_str(),
                        q.month_name(q.n_months - 1).c_str(), city.extras[key].size());
        }
        city.extras["monthly_counts_meta"] = meta.dump();
    }
    size_t without_layers = 0;
    if (!spec.base_layers.empty()) {
        auto plain = data::encode_pack(city);
        without_layers = gzip(plain.data(), plain.size(), 9).size();
    }
    for (const auto& e : spec.base_layers) {
        auto layer = build_base_layer(e, spec, city);
        if (!layer) { std::fprintf(stderr, "error: layer %s: %s\n", e.value("name", "?").c_str(), layer.error().to_string().c_str()); return false; }
        size_t major = 0;
        for (const auto& f : layer->features) major += f.rank == 0;
        std::printf("  layer %s (%s): %zu features (%zu named, %zu major), %zu points, %zu bytes\n", layer->name.c_str(),
                    layer->kind.c_str(), layer->features.size(), layer->named_count(), major, layer->lat_deg.size(),
                    data::base_layer_bytes(layer.value()));
        city.base_layers.push_back(std::move(layer.value()));
    }
    if (!spec.caveats.empty()) city.extras["caveats"] = nlohmann::json(spec.caveats).dump();
    if (!spec.caveats_es.empty()) city.extras["caveats_es"] = nlohmann::json(spec.caveats_es).dump();
    if (!spec.base_layers.empty()) {
        auto full = data::encode_pack(city);
        std::printf("  layers add %zu bytes to the gzip pack\n", gzip(full.data(), full.size(), 9).size() - without_layers);
    }
    auto st = data::write_pack(spec.out_path, city, true);
    if (!st) { std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str()); return false; }
    auto bytes = read_file_bytes(spec.out_path);
    std::printf("wrote %s: %zu incidents, %zu bytes (gzip)\n", spec.out_path.c_str(), city.incidents.size(),
                bytes ? bytes->size() : size_t(0));
    return true;
}

}  // namespace

void register_pack(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("pack", "Build a city pack (.cspack) from CSV + profile + boundary GeoJSON");
    static PackSpec spec;
    static std::string manifest, data_dir = "../shared/data", out_dir, only;
    static std::vector<std::string> boundary_args;
    static double simplify_m = 15;
    cmd->add_option("--manifest", manifest, "build every pack in this manifest (assets/packs/packs.json)");
    cmd->add_option("--data", data_dir, "folder the manifest's source paths are relative to")->capture_default_str();
    cmd->add_option("--out-dir", out_dir, "where manifest packs are written (default: the manifest's folder)");
    cmd->add_option("--only", only, "with --manifest: build only this pack id");
    cmd->add_option("--id", spec.id, "pack id (single pack)");
    cmd->add_option("--name", spec.display_name, "display name");
    cmd->add_option("--profile", spec.profile, "profile id from assets/profiles");
    cmd->add_option("--csv", spec.sources, "input CSV (repeatable; rows are deduped across files)");
    cmd->add_option("--boundary", boundary_args, "LAYER=PATH[:PROPERTY] boundary GeoJSON (repeatable)");
    cmd->add_option("--attribution", spec.attribution, "source and licence text shown in the app");
    cmd->add_option("--simplify-m", simplify_m, "boundary simplification tolerance, metres")->capture_default_str();
    cmd->add_option("-o,--out", spec.out_path, "output pack path (single pack)");
    cmd->callback([&ctx] {
        auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
        if (!profiles) { std::fprintf(stderr, "error: %s\n", profiles.error().to_string().c_str()); ctx.exit_code = 2; return; }
        if (!manifest.empty()) {
            auto text = read_file_bytes(manifest);
            if (!text) { std::fprintf(stderr, "error: %s\n", text.error().to_string().c_str()); ctx.exit_code = 2; return; }
            auto j = nlohmann::json::parse(text->begin(), text->end(), nullptr, false);
            if (j.is_discarded() || !j.contains("packs")) { std::fprintf(stderr, "error: %s: not a pack manifest\n", manifest.c_str()); ctx.exit_code = 2; return; }
            std::string dir = out_dir.empty() ? manifest.substr(0, manifest.find_last_of('/') + 1) : out_dir + "/";
            for (const auto& e : j["packs"]) {
                PackSpec s;
                s.id = e.at("id");
                if (!only.empty() && s.id != only) continue;
                s.display_name = e.value("display_name", s.id);
                s.profile = e.at("profile");
                s.out_path = dir + e.value("file", s.id + ".cspack");
                s.attribution = e.value("attribution", "");
                s.disclaimer = e.value("disclaimer", "");
                for (const auto& src : e.at("sources")) s.sources.push_back(data_dir + "/" + src.get<std::string>());
                for (const auto& b : e.value("boundaries", nlohmann::json::array()))
                    s.boundaries.push_back({b.at("layer"), data_dir + "/" + b.at("path").get<std::string>(), b.value("name_property", "")});
                if (e.contains("gazetteer")) {
                    const auto& g = e["gazetteer"];
                    s.geonames_metro = g.value("geonames_metro", "");
                    s.zip_metro = g.value("zip_metro", "");
                    if (g.contains("intersections")) s.intersections = data_dir + "/" + g["intersections"].get<std::string>();
                    s.gazetteer_dir = data_dir + "/maps/gazetteer";
                }
                s.data_dir = data_dir;
                s.base_layers = e.value("layers", nlohmann::json::array());
                s.caveats = e.value("caveats", std::vector<std::string>{});
                s.caveats_es = e.value("caveats_es", std::vector<std::string>{});
                if (!s.caveats_es.empty() && s.caveats_es.size() != s.caveats.size()) {
                    std::fprintf(stderr, "error: %s: pack %s: caveats_es has %zu entries, caveats %zu\n", manifest.c_str(),
                                 s.id.c_str(), s.caveats_es.size(), s.caveats.size());
                    ctx.exit_code = 2;
                    return;
                }
                if (e.contains("days")) {
                    s.first_day = e["days"].value("from", "");
                    s.last_day = e["days"].value("to", "");
                }
                if (e.contains("count_cube")) {
                    const auto& c = e["count_cube"];
                    PackSpec::CountCubeSpec cc;
                    for (const auto& src : c.at("sources")) cc.sources.push_back(data_dir + "/" + src.get<std::string>());
                    cc.family_role = c.value("family", "family");
                    cc.unit_roles = c.at("units").get<std::vector<std::string>>();
                    cc.unit_layers = c.value("layers", std::map<std::string, std::string>{});
                    cc.description = c.value("description", "");
                    if (cc.unit_roles.empty()) {
                        std::fprintf(stderr, "error: %s: pack %s: count_cube.units is empty\n", manifest.c_str(), s.id.c_str());
                        ctx.exit_code = 2;
                        return;
                    }
                    s.count_cube = std::move(cc);
                }
                if (e.contains("monthly_counts")) s.monthly_counts = data_dir + "/" + e["monthly_counts"].at("path").get<std::string>();
                if (e.contains("derive")) {
                    s.derive_role = e["derive"].at("role");
                    s.derive_layer = e["derive"].at("layer");
                }
                std::printf("pack %s\n", s.id.c_str());
                if (!build_pack(s, profiles.value(), e.value("simplify_m", simplify_m))) { ctx.exit_code = 1; return; }
            }
            return;
        }
        if (spec.id.empty() || spec.profile.empty() || spec.sources.empty() || spec.out_path.empty()) {
            std::fprintf(stderr, "error: give --manifest, or --id, --profile, --csv and --out\n");
            ctx.exit_code = 2;
            return;
        }
        for (const auto& a : boundary_args) {
            auto eq = a.find('=');
            if (eq == std::string::npos) { std::fprintf(stderr, "error: --boundary wants LAYER=PATH[:PROPERTY]\n"); ctx.exit_code = 2; return; }
            std::string path = a.substr(eq + 1), prop;
            auto colon = path.rfind(':');
            if (colon != std::string::npos) { prop = path.substr(colon + 1); path = path.substr(0, colon); }
            spec.boundaries.push_back({a.substr(0, eq), path, prop});
        }
        if (!build_pack(spec, profiles.value(), simplify_m)) ctx.exit_code = 1;
    });
}

}  // namespace crimescope::cli
