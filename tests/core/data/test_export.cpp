// Tests for data/export: CSV and GeoJSON out, the export filter (the map's semantics plus a box and types),
// and the round trip through assets/profiles/crimescope_export.json on real fixtures and the Houston pack.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fast_float/fast_float.h>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "data/csv_reader.hpp"
#include "data/export.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

namespace {

const std::vector<Profile>& shipped_profiles() {
    static std::vector<Profile> ps = [] {
        auto r = load_profiles_dir(cs_test::source_dir() + "/assets/profiles");
        REQUIRE(r.ok());
        return r.value();
    }();
    return ps;
}

std::vector<size_t> all_rows(const IncidentTable& t) {
    std::vector<size_t> r(t.size());
    for (size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
}

std::string temp_path(const std::string& name) { return "/tmp/cs_test_export_" + name; }

// Exports `t` to CSV, ingests it back (auto-detected profile) and checks rows, days, minutes, types and
// positions; every other column is compared field by field through the CSV reader (quoting).
void check_round_trip(const IncidentTable& t, const std::string& name) {
    INFO(name);
    const std::string path = temp_path(name + ".csv");
    ExportFilter all;
    auto st = export_file(t, all, ExportFormat::Csv, path);
    REQUIRE(st.ok());
    CHECK(st->rows_written == t.size());
    auto back = ingest_file(path, shipped_profiles());
    REQUIRE(back.ok());
    CHECK(back->profile_id == "crimescope_export");
    CHECK_FALSE(back->profile_inferred);
    const IncidentTable& u = back->table;
    CHECK(back->report.rows_skipped == 0);
    REQUIRE(u.size() == t.size());
    const CategoryColumn* ta = t.category("type");
    const CategoryColumn* tb = u.category("type");
    REQUIRE(ta);
    REQUIRE(tb);
    size_t bad_day = 0, bad_minute = 0, bad_type = 0, bad_pos = 0, not_same_float = 0;
    double worst_deg = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        bad_day += t.day[i] != u.day[i];
        bad_minute += t.minute_of_day[i] != u.minute_of_day[i];
        bad_type += ta->value_at(i) != tb->value_at(i);
        const double d = std::max(std::fabs(double(t.lat_deg[i]) - u.lat_deg[i]), std::fabs(double(t.lon_deg[i]) - u.lon_deg[i]));
        worst_deg = std::max(worst_deg, d);
        bad_pos += d > 1e-6;
        not_same_float += t.lat_deg[i] != u.lat_deg[i] || t.lon_deg[i] != u.lon_deg[i];
    }
    CHECK(bad_day == 0);
    CHECK(bad_minute == 0);
    CHECK(bad_type == 0);
    CHECK(bad_pos == 0);
    CHECK(not_same_float == 0);   // the writer's decimals are enough to read back the same float32
    CHECK(worst_deg <= 1e-6);

    // Every column, as the CSV reader sees it: the header by role, the values as in the table.
    auto bytes = read_file_bytes(path);
    REQUIRE(bytes.ok());
    auto reader = CsvReader::from_memory(path, bytes->data(), bytes->size());
    REQUIRE(reader.ok());
    auto& rd = *reader.value();
    REQUIRE(rd.next_record());
    std::vector<std::string> header(rd.fields().begin(), rd.fields().end());
    REQUIRE(header.size() == 4 + t.categories.size() + t.numerics.size());
    CHECK(header[0] == "date");
    CHECK(header[1] == "time");
    CHECK(header[2] == "lat");
    CHECK(header[3] == "lon");
    for (size_t c = 0; c < t.categories.size(); ++c) CHECK(header[4 + c] == t.categories[c].role);
    size_t row = 0, bad_field = 0, bad_number = 0;
    while (rd.next_record()) {
        REQUIRE(row < t.size());
        REQUIRE(rd.fields().size() == header.size());
        for (size_t c = 0; c < t.categories.size(); ++c) bad_field += rd.fields()[4 + c] != t.categories[c].value_at(row);
        for (size_t k = 0; k < t.numerics.size(); ++k) {
            const std::string_view v = rd.fields()[4 + t.categories.size() + k];
            const float want = t.numerics[k].values[row];
            if (std::isnan(want)) { bad_number += !v.empty(); continue; }
            float got = NAN;
            fast_float::from_chars(v.data(), v.data() + v.size(), got);
            bad_number += got != want;
        }
        ++row;
    }
    CHECK(row == t.size());
    CHECK(bad_field == 0);
    CHECK(bad_number == 0);
    std::remove(path.c_str());
}

// A small constructed table: days 2020-03-01 .. 2020-03-05, times incl. unknown, two types, a line of points.
IncidentTable constructed() {
    IncidentTable t;
    CategoryColumn type;
    type.role = "type";
    CategoryColumn note;
    note.role = "note";
    NumericColumn age{"victim_age", "age", {}};
    const int32_t d0 = days_from_civil(2020, 3, 1);
    struct R { int day; int minute; double lat, lon; const char* type; const char* note; float age; };
    const R rows[] = {
        {0, 0, 41.80, -87.70, "THEFT", "plain", 30},              // 2020-03-01 00:00
        {0, 17 * 60 + 59, 41.81, -87.69, "BATTERY", "a, \"quoted\" one", NAN},
        {1, 18 * 60, 41.82, -87.68, "THEFT", "line\nbreak", 41.5f},
        {2, -1, 41.83, -87.67, "THEFT", "", 0},                  // unknown time
        {3, 23 * 60 + 59, 41.84, -87.66, "BATTERY", "x", 99},
        {4, 12 * 60, 41.85, -87.65, "ROBBERY", "caf\xC3\xA9 \xFF", 7},   // last day; one invalid UTF-8 byte
    };
    for (const R& r : rows) {
        t.day.push_back(d0 + r.day);
        t.minute_of_day.push_back(static_cast<int16_t>(r.minute));
        t.lat_deg.push_back(static_cast<float>(r.lat));
        t.lon_deg.push_back(static_cast<float>(r.lon));
        type.codes.push_back(type.intern(r.type));
        note.codes.push_back(note.intern(r.note));
        age.values.push_back(r.age);
    }
    t.categories.push_back(std::move(type));
    t.categories.push_back(std::move(note));
    t.numerics.push_back(std::move(age));
    return t;
}

std::vector<size_t> select(const IncidentTable& t, const ExportFilterArgs& a) {
    auto f = parse_export_filter(a);
    REQUIRE(f.ok());
    auto r = select_rows(t, f.value());
    REQUIRE(r.ok());
    return r.value();
}

std::string parse_error(const ExportFilterArgs& a) {
    auto f = parse_export_filter(a);
    REQUIRE_FALSE(f.ok());
    return f.error().to_string();
}

}  // namespace

TEST_CASE("export: filter semantics on constructed rows", "[export]") {
    const IncidentTable t = constructed();
    using V = std::vector<size_t>;
    CHECK(select(t, {}) == V{0, 1, 2, 3, 4, 5});
    // Day bounds are both inclusive.
    CHECK(select(t, {"2020-03-02", "2020-03-04", "", "", ""}) == V{2, 3, 4});
    CHECK(select(t, {"2020-03-05", "", "", "", ""}) == V{5});
    CHECK(select(t, {"", "2020-03-01", "", "", ""}) == V{0, 1});
    CHECK(select(t, {"2020-03-06", "", "", "", ""}).empty());
    // Hours [H1, H2): 17:59 is in 0-18, 18:00 is not; the row without a time is hidden by any hour filter.
    CHECK(select(t, {"", "", "0-18", "", ""}) == V{0, 1, 5});
    CHECK(select(t, {"", "", "18-24", "", ""}) == V{2, 4});
    CHECK(select(t, {"", "", "0-24", "", ""}) == V{0, 1, 2, 3, 4, 5});   // all hours: unknown time kept (as the map)
    // Types: the type column's values, case ignored, quoted names may hold commas.
    CHECK(select(t, {"", "", "", "theft", ""}) == V{0, 2, 3});
    CHECK(select(t, {"", "", "", "BATTERY, \"Robbery\"", ""}) == V{1, 4, 5});
    // The box is inclusive, S,W,N,E, compared with the float positions the table holds.
    CHECK(select(t, {"", "", "", "", "41.815,-87.685,41.84,-87.66"}) == V{2, 3, 4});
    CHECK(select(t, {"", "", "", "", "41.8,-87.7,41.8,-87.7"}) == V{0});
    // All at once.
    CHECK(select(t, {"2020-03-01", "2020-03-05", "12-24", "theft,robbery", "41,-88,42,-87"}) == V{2, 5});

    // The map's category filter over another column (the app's colour-by) combines with the rest.
    auto f = parse_export_filter({"", "", "", "theft", ""});
    REQUIRE(f.ok());
    ExportFilter ef = f.value();
    ef.category_role = "note";
    ef.filter.category_on.assign(t.category("note")->dict.size(), 1);
    ef.filter.category_on[static_cast<size_t>(t.category("note")->find("plain"))] = 0;
    auto r = select_rows(t, ef);
    REQUIRE(r.ok());
    CHECK(r.value() == V{2, 3});
    ef.category_role = "premise";
    CHECK_FALSE(select_rows(t, ef).ok());
}

TEST_CASE("export: bad filter strings and unknown types are clear errors", "[export]") {
    CHECK(parse_error({"2020-13-01", "", "", "", ""}) == "--from: not a date YYYY-MM-DD (\"2020-13-01\")");
    CHECK(parse_error({"", "03/01/2020", "", "", ""}).rfind("--to: not a date", 0) == 0);
    CHECK(parse_error({"2020-03-05", "2020-03-01", "", "", ""}).find("2020-03-05 is after --to 2020-03-01") != std::string::npos);
    for (const char* h : {"18", "18-18", "20-6", "0-25", "-1-5", "a-b", "6-"}) {
        INFO(h);
        CHECK(parse_error({"", "", h, "", ""}).rfind("--hours: expected H1-H2", 0) == 0);
    }
    for (const char* b : {"1,2,3", "41,-88,40,-87", "41,-87,42,-88", "91,0,92,1", "a,b,c,d"}) {
        INFO(b);
        CHECK(parse_error({"", "", "", "", b}).rfind("--bbox: ", 0) == 0);
    }
    CHECK(parse_error({"", "", "", " , ", ""}).rfind("--types: ", 0) == 0);

    const IncidentTable t = constructed();
    auto f = parse_export_filter({"", "", "", "theft,thft,BATERY,zzzzzzzz", ""});
    REQUIRE(f.ok());
    auto r = select_rows(t, f.value());
    REQUIRE_FALSE(r.ok());
    const std::string e = r.error().to_string();
    CHECK(e.rfind("--types: ", 0) == 0);
    CHECK(e.find("no type \"thft\" in this data (close: \"THEFT\")") != std::string::npos);
    CHECK(e.find("no type \"BATERY\" in this data (close: \"BATTERY\")") != std::string::npos);
    // Nothing close: the most common types are listed instead.
    CHECK(e.find("no type \"zzzzzzzz\" in this data (the most common types: \"THEFT\", \"BATTERY\", \"ROBBERY\")") != std::string::npos);
    CHECK(e.find("\"theft\" in this data") == std::string::npos);   // a known type is not named

    CHECK(parse_export_format("csv").ok());
    CHECK(parse_export_format("GeoJSON").ok());
    CHECK(parse_export_format("shp").error().to_string() == "--format: expected csv or geojson, not \"shp\"");
}

TEST_CASE("export: CSV fields, quoting and unknown times on constructed rows", "[export]") {
    const IncidentTable t = constructed();
    const std::string csv = export_csv(t, all_rows(t));
    const std::string want_head = "date,time,lat,lon,type,note,victim_age\n"
                                  "2020-03-01,00:00,41.799999,-87.699997,THEFT,plain,30\n"
                                  "2020-03-01,17:59,41.810001,-87.690002,BATTERY,\"a, \"\"quoted\"\" one\",\n"
                                  "2020-03-02,18:00,41.820000,-87.680000,THEFT,\"line\nbreak\",41.5\n"
                                  "2020-03-03,,41.830002,-87.669998,THEFT,,0\n";
    CHECK(csv.substr(0, want_head.size()) == want_head);
    auto reader = CsvReader::from_memory("x.csv", reinterpret_cast<const uint8_t*>(csv.data()), csv.size());
    REQUIRE(reader.ok());
    auto& rd = *reader.value();
    REQUIRE(rd.next_record());
    size_t n = 0;
    while (rd.next_record()) {
        REQUIRE(rd.fields().size() == 7);
        CHECK(rd.fields()[5] == t.categories[1].value_at(n));
        ++n;
    }
    CHECK(n == t.size());
}

TEST_CASE("export: coordinates read back to the same float32, also near 0 degrees", "[export]") {
    // 6 decimals are enough from 16 degrees up; nearer the equator or the meridian more are written.
    for (float v : {41.8781f, -87.6298f, 29.7604f, -95.3698f, 19.4326f, 51.5155f, -0.0911f, 0.000123f, 5.123457f, -179.99999f,
                    89.999f, 0.0f, 1e-7f, 15.999999f}) {
        INFO(v);
        const std::string s = coord_text(v);
        float back = NAN;
        auto r = fast_float::from_chars(s.data(), s.data() + s.size(), back);
        CHECK(r.ec == std::errc());
        CHECK(back == v);
        if (std::fabs(v) >= 16) CHECK(s.size() - s.find('.') - 1 == 6);
    }
    // Real London rows (the City of London's longitudes are about -0.09): every one reads back exactly.
    auto r = ingest_file(cs_test::fixture("incidents/london_city_2020_01_sample.csv"), shipped_profiles());
    REQUIRE(r.ok());
    REQUIRE(r->table.size() > 20);
    size_t bad = 0;
    for (float v : r->table.lon_deg) {
        const std::string s = coord_text(v);
        float back = NAN;
        fast_float::from_chars(s.data(), s.data() + s.size(), back);
        bad += back != v;
    }
    CHECK(bad == 0);
}

TEST_CASE("export: CSV round trip through the crimescope_export profile on real data", "[export]") {
    SECTION("LAPD sample (types with commas, MO codes, victim age)") {
        auto r = ingest_file(cs_test::fixture("incidents/lapd_bdsj_sample.csv"), shipped_profiles());
        REQUIRE(r.ok());
        REQUIRE(r->table.size() > 100);
        check_round_trip(r->table, "lapd");
    }
    SECTION("Houston sample") {
        auto r = ingest_file(cs_test::fixture("incidents/houston_sample.csv"), shipped_profiles());
        REQUIRE(r.ok());
        REQUIRE(r->table.size() > 100);
        check_round_trip(r->table, "houston_sample");
    }
    SECTION("London sample (month precision: every time unknown, written blank, read back unknown)") {
        auto r = ingest_file(cs_test::fixture("incidents/london_city_2020_01_sample.csv"), shipped_profiles());
        REQUIRE(r.ok());
        REQUIRE(r->table.size() > 20);
        for (int16_t m : r->table.minute_of_day) REQUIRE(m == -1);
        check_round_trip(r->table, "london");
    }
    SECTION("the bundled Houston pack, all 75,162 rows") {
        auto c = load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
        REQUIRE(c.ok());
        REQUIRE(c->incidents.size() == 75162);
        check_round_trip(c->incidents, "houston_pack");
    }
}

TEST_CASE("export: GeoJSON is an RFC 7946 FeatureCollection of Points", "[export]") {
    auto c = load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(c.ok());
    const IncidentTable& t = c->incidents;
    auto f = parse_export_filter({"2010-07-01", "2010-07-31", "18-24", "theft,robbery", ""});
    REQUIRE(f.ok());
    auto rows = select_rows(t, f.value());
    REQUIRE(rows.ok());
    size_t want = 0;
    const CategoryColumn* type = t.category("type");
    for (size_t i = 0; i < t.size(); ++i)
        want += t.day[i] >= days_from_civil(2010, 7, 1) && t.day[i] <= days_from_civil(2010, 7, 31) && t.minute_of_day[i] >= 18 * 60 &&
                (type->value_at(i) == "theft" || type->value_at(i) == "robbery");
    REQUIRE(want > 1000);
    CHECK(rows->size() == want);

    const std::string path = temp_path("houston.geojson");
    auto st = export_file(t, f.value(), ExportFormat::GeoJson, path);
    REQUIRE(st.ok());
    CHECK(st->rows_written == want);
    CHECK(st->rows_total == t.size());
    auto bytes = read_file_bytes(path);
    REQUIRE(bytes.ok());
    CHECK(bytes->size() == st->bytes);
    auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    CHECK(j["type"] == "FeatureCollection");
    REQUIRE(j["features"].is_array());
    REQUIRE(j["features"].size() == want);
    size_t bad = 0;
    for (size_t k = 0; k < want; ++k) {
        const auto& ft = j["features"][k];
        const size_t i = rows.value()[k];
        const auto& co = ft["geometry"]["coordinates"];
        bad += ft["type"] != "Feature" || ft["geometry"]["type"] != "Point" || !co.is_array() || co.size() != 2;
        if (co.size() != 2) continue;
        const double lon = co[0].get<double>(), lat = co[1].get<double>();   // [lon, lat] (RFC 7946 3.1.1)
        bad += !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90);
        bad += static_cast<float>(lon) != t.lon_deg[i] || static_cast<float>(lat) != t.lat_deg[i];
        const auto& p = ft["properties"];
        bad += p["date"] != format_day(t.day[i]) || p["type"] != type->value_at(i) || !p["time"].is_string();
        bad += p["premise"] != t.category("premise")->value_at(i);
    }
    CHECK(bad == 0);
    std::remove(path.c_str());

    // Unknown time is null; missing numbers are null; invalid UTF-8 is replaced so the text still parses.
    const IncidentTable u = constructed();
    auto g = nlohmann::json::parse(export_geojson(u, all_rows(u)), nullptr, false);
    REQUIRE_FALSE(g.is_discarded());
    REQUIRE(g["features"].size() == u.size());
    CHECK(g["features"][3]["properties"]["time"].is_null());
    CHECK(g["features"][0]["properties"]["time"] == "00:00");
    CHECK(g["features"][1]["properties"]["victim_age"].is_null());
    CHECK(g["features"][2]["properties"]["victim_age"] == 41.5);
    CHECK(g["features"][1]["properties"]["note"] == "a, \"quoted\" one");
    CHECK(g["features"][5]["properties"]["note"] == "caf\xC3\xA9 \xEF\xBF\xBD");
    // No rows: still a valid, empty collection.
    auto e = nlohmann::json::parse(export_geojson(u, {}), nullptr, false);
    REQUIRE_FALSE(e.is_discarded());
    CHECK(e["features"].empty());
}

TEST_CASE("export: packs by id or path", "[export]") {
    const std::string packs = cs_test::source_dir() + "/assets/packs";
    CHECK_FALSE(pack_value_is_path("houston"));
    CHECK(pack_value_is_path("houston.cspack"));
    CHECK(pack_value_is_path("my.cspack.gz"));
    CHECK(pack_value_is_path("dir/houston"));
    auto p = resolve_pack_path("chicago", packs);
    REQUIRE(p.ok());
    CHECK(p.value() == packs + "/chicago.cspack");
    CHECK(resolve_pack_path("x/y.cspack", packs).value() == "x/y.cspack");
    auto bad = resolve_pack_path("chicgo", packs);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::Invalid);
    CHECK(bad.error().to_string().find("no pack 'chicgo' in") != std::string::npos);
    CHECK(bad.error().to_string().find("houston, vancouver") != std::string::npos);
    auto c = load_pack_by_id_or_path("mexico_city", packs);
    REQUIRE(c.ok());
    CHECK(c->id == "mexico_city");
    auto missing = load_pack_by_id_or_path("/nonexistent/x.cspack", packs);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::Io);
}
