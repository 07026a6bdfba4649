// Profile inference on cut-down real exports (tests/fixtures/incidents/*_sample.csv, see PROVENANCE.md):
// the readings of issue #14's "Expected readings" table.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "data/column_detect.hpp"
#include "data/csv_reader.hpp"
#include "data/ingest.hpp"
#include "data/profile_infer.hpp"
#include "geo/geo.hpp"
#include "geo/point_geometry.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

namespace {
const std::string kDir = CS_SOURCE_DIR "/tests/fixtures/incidents/";
std::string type_col(const Profile& p) {
    for (const auto& f : p.categorical) if (f.role == "type") return f.column;
    return "";
}
}  // namespace

TEST_CASE("Atlanta COBRA: Occur Date + unpadded Occur Time, UCR Literal, Report Number", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "atlanta_cobra_2019_dec_sample.csv");
    REQUIRE(p);
    CHECK(p->inferred);
    CHECK(p->time.datetime_column == "Occur Date");
    CHECK(p->time.datetime_formats.front() == "%m/%d/%Y");
    CHECK(p->time.time_column == "Occur Time");
    CHECK(p->time.time_format == "hhmm");
    CHECK(type_col(*p) == "UCR Literal");
    CHECK(p->dedupe_column == "Report Number");
    CHECK(p->coords.lat_column == "Latitude");
    CHECK(!p->notes.empty());
}

TEST_CASE("London: month precision, Crime type, no dedupe on blank Crime ID", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "london_city_2020_01_sample.csv");
    REQUIRE(p);
    CHECK(p->time.datetime_column == "Month");
    CHECK(p->time.precision == "month");
    CHECK(type_col(*p) == "Crime type");
    CHECK(p->dedupe_column.empty());
}

TEST_CASE("San Francisco: Incident Datetime (12-hour), Incident Category, Incident ID", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "sf_incident_reports_2018_12_sample.csv");
    REQUIRE(p);
    CHECK(p->time.datetime_column == "Incident Datetime");
    CHECK(p->time.datetime_formats.front() == "%Y/%m/%d %H:%M:%S %p");
    CHECK(type_col(*p) == "Incident Category");
    CHECK(p->dedupe_column == "Incident ID");
    // one row per offence code: the repeats are skipped
    auto r = ingest_file(kDir + "sf_incident_reports_2018_12_sample.csv", {}, nullptr);
    REQUIRE(r);
    CHECK(r->profile_inferred);
    CHECK(r->report.rows_read == 30);
    CHECK(r->report.rows_kept == 19);
}

TEST_CASE("Homicides (CODE): date_single, offense_type, uid", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "homicides_2015_sample.csv");
    REQUIRE(p);
    CHECK(p->time.datetime_column == "date_single");
    CHECK(type_col(*p) == "offense_type");
    CHECK(p->dedupe_column == "uid");
}

TEST_CASE("inferred profile round-trips through format-v2 JSON", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "atlanta_cobra_2019_dec_sample.csv");
    REQUIRE(p);
    auto back = parse_profile(profile_to_json(p.value()), "roundtrip");
    REQUIRE(back);
    CHECK(back->format_version == 2);
    CHECK(back->inferred);
    CHECK(back->notes == p->notes);
    CHECK(back->time.time_column == "Occur Time");
    CHECK(back->dedupe_column == "Report Number");
}

TEST_CASE("delimiter sniffing", "[profile_infer]") {
    CHECK(sniff_delimiter("a;b;c") == ';');
    CHECK(sniff_delimiter("a\tb\tc") == '\t');
    CHECK(sniff_delimiter("\"x;y\",b,c") == ',');
}

// --- projected X/Y and point geometry columns (issue #14; fixtures in tests/fixtures/PROVENANCE.md)

namespace {
// Latitude / Longitude of chicago_xy_latlon_sample.csv (the same 50 rows as chicago_xy_only_sample.csv).
std::vector<geo::LatLon> chicago_truth() {
    std::vector<geo::LatLon> out;
    auto rd = CsvReader::open(kDir + "chicago_xy_latlon_sample.csv");
    if (!rd) return out;
    auto& r = *rd.value();
    r.next_record();
    while (r.next_record()) {
        const auto& f = r.fields();
        double a = 0, b = 0;
        if (f.size() == 8 && parse_number(f[6], a) && parse_number(f[7], b)) out.push_back(geo::LatLon{a, b});
    }
    return out;
}
}  // namespace

TEST_CASE("Chicago without Latitude/Longitude: X/Y Coordinate read as EPSG:3435, within 2 m of the real lat/lon", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "chicago_xy_only_sample.csv");
    REQUIRE(p);
    CHECK(p->coords.kind == CoordSpec::Kind::Projected);
    CHECK(p->coords.epsg == 3435);
    CHECK(p->coords.x_column == "X Coordinate");
    CHECK(p->coords.y_column == "Y Coordinate");
    bool noted = false;
    for (const auto& n : p->notes)
        noted |= n.find("X Coordinate / Y Coordinate read as EPSG:3435 NAD83 / Illinois East (ftUS)") != std::string::npos &&
                 n.find("compact area") != std::string::npos;
    CHECK(noted);
    // the profile survives its JSON form
    auto back = parse_profile(profile_to_json(p.value()), "roundtrip");
    REQUIRE(back);
    CHECK(back->coords.kind == CoordSpec::Kind::Projected);
    CHECK(back->coords.epsg == 3435);
    CHECK(back->used_columns() == p->used_columns());
    // and ingests to the real positions
    auto r = ingest_file(kDir + "chicago_xy_only_sample.csv", {}, nullptr);
    REQUIRE(r);
    CHECK(r->profile_inferred);
    const auto truth = chicago_truth();
    REQUIRE(truth.size() == 50);
    REQUIRE(r->table.size() == 50);
    double worst = 0;
    for (size_t i = 0; i < truth.size(); ++i)
        worst = std::max(worst, geo::haversine_m(geo::LatLon{r->table.lat_deg[i], r->table.lon_deg[i]}, truth[i]));
    CHECK(worst < 2.0);
}

TEST_CASE("Chicago with both: latitude/longitude preferred over X/Y, and said", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "chicago_xy_latlon_sample.csv");
    REQUIRE(p);
    CHECK(p->coords.kind == CoordSpec::Kind::LatLon);
    CHECK(p->coords.lat_column == "Latitude");
    bool noted = false;
    for (const auto& n : p->notes) noted |= n.find("X Coordinate / Y Coordinate also present, not used") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("San Francisco point column only: read as a (lat, lon) geometry column", "[profile_infer]") {
    auto p = infer_profile_file(kDir + "sf_point_only_sample.csv");
    REQUIRE(p);
    CHECK(p->coords.kind == CoordSpec::Kind::Geometry);
    CHECK(p->coords.geometry_column == "point");
    auto back = parse_profile(profile_to_json(p.value()), "roundtrip");
    REQUIRE(back);
    CHECK(back->coords.kind == CoordSpec::Kind::Geometry);
    CHECK(back->coords.geometry_column == "point");
    auto r = ingest_file(kDir + "sf_point_only_sample.csv", {}, nullptr);
    auto full = ingest_file(kDir + "sf_incident_reports_2018_12_sample.csv", {}, nullptr);   // Latitude/Longitude
    REQUIRE(r);
    REQUIRE(full);
    CHECK(r->report.rows_kept == 19);
    REQUIRE(r->table.size() == full->table.size());
    for (size_t i = 0; i < r->table.size(); ++i) {
        CHECK(r->table.lat_deg[i] == full->table.lat_deg[i]);
        CHECK(r->table.lon_deg[i] == full->table.lon_deg[i]);
    }
}

TEST_CASE("profile v2 coords: projected and geometry forms parse, bad ones are errors, v1 utm still reads", "[profile_infer]") {
    const std::string head = R"({"id": "t", "time": {"column": "D", "formats": ["%Y-%m-%d"]}, "coords": )";
    auto proj = parse_profile(head + R"({"kind": "projected", "epsg": 2263, "x": "X", "y": "Y"}})", "t.json");
    REQUIRE(proj);
    CHECK(proj->coords.projection_epsg() == 2263);
    auto geom = parse_profile(head + R"({"kind": "geometry", "column": "the_geom"}})", "t.json");
    REQUIRE(geom);
    CHECK(geom->used_columns() == std::vector<std::string>{"D", "the_geom"});
    auto utm = parse_profile(head + R"({"kind": "utm", "x": "X", "y": "Y", "zone": 17, "hemisphere": "S"}})", "t.json");
    REQUIRE(utm);
    CHECK(utm->coords.projection_epsg() == 32717);
    auto again = parse_profile(profile_to_json(utm.value()), "t2");
    REQUIRE(again);
    CHECK(again->coords.kind == CoordSpec::Kind::Utm);
    CHECK(again->coords.utm_zone == 17);
    CHECK(!again->coords.utm_north);
    auto unknown = parse_profile(head + R"({"kind": "projected", "epsg": 27700, "x": "X", "y": "Y"}})", "t.json");
    REQUIRE(!unknown);
    CHECK(unknown.error().to_string().find("coords.epsg") != std::string::npos);
    CHECK(!parse_profile(head + R"({"kind": "geometry"}})", "t.json"));
    CHECK(!parse_profile(head + R"({"kind": "wkt", "column": "g"}})", "t.json"));
}

TEST_CASE("full Chicago portal export without Latitude/Longitude/Location reads to the same places", "[profile_infer][full]") {
    const std::string src = cs_test::shared_data("incidents/chicago/chicago_crimes_portal_sample_razimbrao.csv.gz");
    if (!cs_test::exists(src)) {
        CS_SKIP("../shared/data not present; the full Chicago X/Y reading is not checked");
        return;
    }
    // write the export without its degree columns (every field quoted)
    const std::string cut = (std::filesystem::temp_directory_path() / "crimescope_chicago_xy_only.csv").string();
    {
        auto rd = CsvReader::open(src);
        REQUIRE(rd);
        auto& r = *rd.value();
        std::ofstream out(cut, std::ios::binary);
        std::vector<size_t> keep;
        bool head = true;
        while (r.next_record()) {
            const auto& f = r.fields();
            if (head) {
                for (size_t k = 0; k < f.size(); ++k)
                    if (f[k] != "Latitude" && f[k] != "Longitude" && f[k] != "Location") keep.push_back(k);
                head = false;
            }
            std::string line;
            for (size_t k : keep) {
                std::string v = k < f.size() ? std::string(f[k]) : std::string();
                std::string q;
                for (char c : v) { if (c == '"') q += '"'; q += c; }
                line += (line.empty() ? "\"" : ",\"") + q + "\"";
            }
            out << line << "\n";
        }
    }
    auto profiles = load_profiles_dir(CS_SOURCE_DIR "/assets/profiles");
    REQUIRE(profiles);
    auto inferred = ingest_file(cut, {}, nullptr);
    auto shipped = ingest_file(src, profiles.value(), nullptr);
    std::filesystem::remove(cut);
    REQUIRE(inferred);
    REQUIRE(shipped);
    CHECK(inferred->profile_inferred);
    CHECK(inferred->profile.coords.epsg == 3435);
    CHECK(shipped->profile_id == "chicago_portal");
    REQUIRE(inferred->table.size() == shipped->table.size());
    REQUIRE(inferred->table.size() > 9000);
    double worst = 0;
    for (size_t i = 0; i < inferred->table.size(); ++i)
        worst = std::max(worst, geo::haversine_m(geo::LatLon{inferred->table.lat_deg[i], inferred->table.lon_deg[i]},
                                                 geo::LatLon{shipped->table.lat_deg[i], shipped->table.lon_deg[i]}));
    CHECK(worst < 2.0);
}

TEST_CASE("full San Francisco export: the point column alone places every row that has Latitude/Longitude", "[profile_infer][full]") {
    const std::string src = cs_test::shared_data("incidents/other_cities/san_francisco/Police_Department_Incident_Reports__2018_to_Present.csv.gz");
    if (!cs_test::exists(src)) {
        CS_SKIP("../shared/data not present; the full San Francisco point column is not checked");
        return;
    }
    auto rd = CsvReader::open(src);
    REQUIRE(rd);
    auto& r = *rd.value();
    REQUIRE(r.next_record());
    std::vector<std::string> header(r.fields().begin(), r.fields().end());
    const auto col = [&](const char* n) { return static_cast<size_t>(std::find(header.begin(), header.end(), n) - header.begin()); };
    const size_t c_lat = col("Latitude"), c_lon = col("Longitude"), c_pt = col("point");
    REQUIRE(c_pt < header.size());
    std::vector<std::string> h2;
    for (size_t k = 0; k < header.size(); ++k) if (k != c_lat && k != c_lon) h2.push_back(header[k]);
    std::vector<std::vector<std::string>> rows;
    size_t with_ll = 0, placed = 0;
    double worst = 0;
    while (r.next_record()) {
        const auto& f = r.fields();
        if (f.size() != header.size()) continue;
        std::vector<std::string> row;
        for (size_t k = 0; k < f.size(); ++k) if (k != c_lat && k != c_lon) row.emplace_back(f[k]);
        if (rows.size() < 5000) rows.push_back(std::move(row));
        double a, b;
        if (parse_number(f[c_lat], a) && parse_number(f[c_lon], b)) {
            ++with_ll;
            auto pt = geo::parse_point_geometry(f[c_pt]);
            if (pt.ok) { ++placed; worst = std::max(worst, geo::haversine_m(pt.point, geo::LatLon{a, b})); }
        }
    }
    auto p = infer_profile(h2, rows, src);
    REQUIRE(p);
    CHECK(p->coords.kind == CoordSpec::Kind::Geometry);
    CHECK(p->coords.geometry_column == "point");
    CHECK(with_ll > 10000);
    CHECK(placed == with_ll);
    CHECK(worst < 0.01);
}

TEST_CASE("X / Y in degrees read as longitude / latitude, no coordinates at all is an error that lists the columns", "[profile_infer]") {
    const std::vector<std::string> header = {"OBJECTID", "Offense", "ReportDate", "X", "Y"};
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < 20; ++i)
        rows.push_back({std::to_string(i + 1), i % 2 ? "THEFT" : "ROBBERY", "2021-03-0" + std::to_string(1 + i % 9),
                        std::to_string(-77.03 - 0.001 * i), std::to_string(38.89 + 0.001 * i)});
    auto p = infer_profile(header, rows, "degrees.csv");
    REQUIRE(p);
    CHECK(p->coords.kind == CoordSpec::Kind::LatLon);
    CHECK(p->coords.lat_column == "Y");
    CHECK(p->coords.lon_column == "X");
    // projected X/Y that no system of the table reads: an error naming the columns, not a guess
    for (auto& r : rows) { r[3] = std::to_string(9.0e7 + 1e6 * std::stod(r[0])); r[4] = std::to_string(-4.0e7 * std::stod(r[0])); }
    auto bad = infer_profile(header, rows, "weird.csv");
    REQUIRE(!bad);
    CHECK(bad.error().message.find("X / Y look like projected X/Y") != std::string::npos);
    const std::vector<std::string> h2 = {"OBJECTID", "Offense", "ReportDate"};
    std::vector<std::vector<std::string>> r2;
    for (const auto& r : rows) r2.push_back({r[0], r[1], r[2]});
    auto none = infer_profile(h2, r2, "none.csv");
    REQUIRE(!none);
    CHECK(none.error().message.find("OBJECTID, Offense, ReportDate") != std::string::npos);
}
