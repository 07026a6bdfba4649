// The mapping editor's core (data/profile_edit): choices changed on inferred readings of cut-down real exports
// (tests/fixtures/incidents, see PROVENANCE.md), checked against the sample, re-read, saved and detected again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <set>

#include "data/ingest.hpp"
#include "data/profile_edit.hpp"
#include "data/profile_infer.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

namespace {
const std::string kDir = CS_SOURCE_DIR "/tests/fixtures/incidents/";

size_t distinct_types(const IncidentTable& t) {
    const auto* c = t.category("type");
    REQUIRE(c);
    std::set<uint32_t> s(c->codes.begin(), c->codes.end());
    return s.size();
}
bool has_note(const Profile& p, const std::string& part) {
    return std::any_of(p.notes.begin(), p.notes.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
}
}  // namespace

TEST_CASE("the sample: header, delimiter and rows of a file", "[profile_edit]") {
    auto s = read_file_sample(kDir + "atlanta_cobra_2019_dec_sample.csv");
    REQUIRE(s);
    CHECK(s->delimiter == ',');
    CHECK(s->header.front() == "Report Number");
    CHECK(s->header.back() == "Longitude");
    CHECK(s->rows.size() == 30);
    auto missing = read_file_sample(kDir + "no_such_file.csv");
    REQUIRE(!missing);
    CHECK(missing.error().file.find("no_such_file.csv") != std::string::npos);
}

TEST_CASE("Atlanta: the crime type column changed, re-read, and the types change", "[profile_edit]") {
    const std::string path = kDir + "atlanta_cobra_2019_dec_sample.csv";
    auto s = read_file_sample(path);
    auto p = infer_profile_file(path);
    REQUIRE(s);
    REQUIRE(p);
    CHECK(choice_value(*p, Choice::Type) == "UCR Literal");
    auto before = ingest_file(path, {}, &p.value());
    REQUIRE(before);

    auto q = edit_profile(*p, *s, Choice::Type, "Neighborhood");
    REQUIRE(q);
    CHECK(choice_value(*q, Choice::Type) == "Neighborhood");
    CHECK(has_note(*q, "crime type: Neighborhood"));
    CHECK(has_note(*q, "chosen by you"));
    CHECK(!has_note(*q, "crime type: UCR Literal"));
    auto after = ingest_file(path, {}, &q.value());
    REQUIRE(after);
    CHECK(after->table.size() == before->table.size());
    CHECK(distinct_types(after->table) != distinct_types(before->table));
    const auto* t = after->table.category("type");
    REQUIRE(t);
    CHECK(t->value_at(0) == "Hunter Hills");   // the first row's neighbourhood

    // none: every row is one type
    auto none = edit_profile(*p, *s, Choice::Type, "");
    REQUIRE(none);
    auto r = ingest_file(path, {}, &none.value());
    REQUIRE(r);
    CHECK(distinct_types(r->table) == 1);
}

TEST_CASE("Atlanta: dates, times and ids changed, values that do not fit are refused with the column named", "[profile_edit]") {
    const std::string path = kDir + "atlanta_cobra_2019_dec_sample.csv";
    auto s = read_file_sample(path);
    auto p = infer_profile_file(path);
    REQUIRE(s);
    REQUIRE(p);

    auto rep = edit_profile(*p, *s, Choice::Date, "Report Date");
    REQUIRE(rep);
    CHECK(rep->time.datetime_column == "Report Date");
    CHECK(rep->time.datetime_formats.front() == "%m/%d/%Y");
    CHECK(rep->time.time_column == "Occur Time");   // the separate time column is kept

    auto fmts = choice_options(*p, *s, Choice::DateFormat);
    CHECK(std::find(fmts.begin(), fmts.end(), "%m/%d/%Y") != fmts.end());
    auto bad_fmt = edit_profile(*p, *s, Choice::DateFormat, "%Y-%m-%d");
    REQUIRE(!bad_fmt);
    CHECK(bad_fmt.error().field == "date_format");

    auto bad_date = edit_profile(*p, *s, Choice::Date, "Location");
    REQUIRE(!bad_date);
    CHECK(bad_date.error().field == "date");
    CHECK(bad_date.error().message.find("\"Location\"") != std::string::npos);
    CHECK(bad_date.error().file == path);

    auto bad_time = edit_profile(*p, *s, Choice::Time, "Location");
    REQUIRE(!bad_time);
    CHECK(bad_time.error().message.find("times of day") != std::string::npos);
    auto no_time = edit_profile(*p, *s, Choice::Time, "");
    REQUIRE(no_time);
    CHECK(no_time->time.time_column.empty());
    auto r = ingest_file(path, {}, &no_time.value());
    REQUIRE(r);
    CHECK(std::all_of(r->table.minute_of_day.begin(), r->table.minute_of_day.end(), [](int16_t m) { return m < 0; }));

    auto bad_lat = edit_profile(*p, *s, Choice::Lat, "Beat");   // beats 105, 414, ...: not degrees of latitude
    REQUIRE(!bad_lat);
    CHECK(bad_lat.error().field == "lat");
    auto bad_col = edit_profile(*p, *s, Choice::Type, "No Such Column");
    REQUIRE(!bad_col);
    CHECK(bad_col.error().message.find("no column") != std::string::npos);
    auto need = edit_profile(*p, *s, Choice::Date, "");
    REQUIRE(!need);

    // dedupe on a column that repeats (the neighbourhood): repeats are skipped as duplicates
    auto dd = edit_profile(*p, *s, Choice::Id, "Neighborhood");
    REQUIRE(dd);
    auto r2 = ingest_file(path, {}, &dd.value());
    REQUIRE(r2);
    auto r0 = ingest_file(path, {}, &p.value());
    REQUIRE(r0);
    CHECK(r2->table.size() < r0->table.size());
    CHECK(r2->report.by_kind[static_cast<size_t>(IssueKind::Duplicate)] > 0);
    auto nodd = edit_profile(*p, *s, Choice::Id, "");
    REQUIRE(nodd);
    CHECK(nodd->dedupe_column.empty());
}

TEST_CASE("Chicago X/Y: the coordinate system is checked against where it puts the sample", "[profile_edit]") {
    const std::string path = kDir + "chicago_xy_only_sample.csv";
    auto s = read_file_sample(path);
    auto p = infer_profile_file(path);
    REQUIRE(s);
    REQUIRE(p);
    REQUIRE(p->coords.kind == CoordSpec::Kind::Projected);
    CHECK(choice_value(*p, Choice::System) == "3435");
    auto opts = choice_options(*p, *s, Choice::System);
    CHECK(std::find(opts.begin(), opts.end(), "26971") != opts.end());
    CHECK(option_label(Choice::System, "3435").find("Illinois East") != std::string::npos);
    // The same zone in metres reads feet as metres: the points land far outside Illinois.
    auto metres = edit_profile(*p, *s, Choice::System, "26971");
    REQUIRE(!metres);
    CHECK(metres.error().field == "system");
    auto ok = edit_profile(*p, *s, Choice::System, "3435");
    REQUIRE(ok);
    CHECK(has_note(*ok, "Chicago"));
    auto ll = edit_profile(*p, *s, Choice::CoordKind, "latlon");   // no degree columns in this file
    REQUIRE(!ll);
    CHECK(ll.error().field == "coord_kind");
}

TEST_CASE("Chicago with both: switching latitude/longitude to X/Y places the rows within metres", "[profile_edit]") {
    const std::string path = kDir + "chicago_xy_latlon_sample.csv";
    auto s = read_file_sample(path);
    REQUIRE(s);
    auto p = infer_profile(s->header, s->rows, path);
    REQUIRE(p);
    REQUIRE(p->coords.kind == CoordSpec::Kind::LatLon);
    auto xy = edit_profile(*p, *s, Choice::CoordKind, "projected");
    REQUIRE(xy);
    CHECK(xy->coords.x_column == "X Coordinate");
    CHECK(xy->coords.y_column == "Y Coordinate");
    CHECK(xy->coords.epsg == 3435);
    CHECK(has_note(*xy, "coordinates: X Coordinate / Y Coordinate read as EPSG:3435"));
    auto a = ingest_file(path, {}, &p.value());
    auto b = ingest_file(path, {}, &xy.value());
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->table.size() == b->table.size());
    for (size_t i = 0; i < a->table.size(); ++i) {
        CHECK(std::fabs(a->table.lat_deg[i] - b->table.lat_deg[i]) < 1e-4);   // ~10 m
        CHECK(std::fabs(a->table.lon_deg[i] - b->table.lon_deg[i]) < 1e-4);
    }
    auto back = edit_profile(*xy, *s, Choice::CoordKind, "latlon");
    REQUIRE(back);
    CHECK(back->coords.lat_column == "Latitude");
    CHECK(back->coords.lon_column == "Longitude");
}

TEST_CASE("SF point column and London months", "[profile_edit]") {
    auto s = read_file_sample(kDir + "sf_point_only_sample.csv");
    auto p = infer_profile_file(kDir + "sf_point_only_sample.csv");
    REQUIRE(s);
    REQUIRE(p);
    CHECK(choice_value(*p, Choice::CoordKind) == "geometry");
    CHECK(choice_applies(*p, Choice::Geometry));
    CHECK(!choice_applies(*p, Choice::Lat));
    auto bad = edit_profile(*p, *s, Choice::Geometry, "Intersection");
    REQUIRE(!bad);
    auto lon = read_file_sample(kDir + "london_city_2020_01_sample.csv");
    auto lp = infer_profile_file(kDir + "london_city_2020_01_sample.csv");
    REQUIRE(lon);
    REQUIRE(lp);
    CHECK(lp->time.precision == "month");
    auto fm = choice_options(*lp, *lon, Choice::DateFormat);
    REQUIRE(!fm.empty());
    CHECK(fm.front() == "%Y-%m");
    auto again = edit_profile(*lp, *lon, Choice::DateFormat, "%Y-%m");
    REQUIRE(again);
    CHECK(again->time.precision == "month");
}

TEST_CASE("a saved reading: kept in one document, detected for the next file of the same shape", "[profile_edit]") {
    const std::string path = kDir + "atlanta_cobra_2019_dec_sample.csv";
    auto s = read_file_sample(path);
    auto p = infer_profile_file(path);
    REQUIRE(s);
    REQUIRE(p);
    auto q = edit_profile(*p, *s, Choice::Type, "Neighborhood");
    REQUIRE(q);
    Profile saved = profile_for_saving(*q, *s);
    CHECK(saved.id == "saved:atlanta_cobra_2019_dec_sample");
    CHECK(saved.detect_columns == s->header);

    auto shipped = load_profiles_dir(CS_SOURCE_DIR "/assets/profiles");
    REQUIRE(shipped);
    auto list = shipped.value();
    REQUIRE(detect_profile(list, s->header) == nullptr);   // no shipped profile reads Atlanta
    std::vector<Profile> mine = with_saved_profile({}, saved);
    auto doc = saved_profiles_json(mine);
    auto back = parse_saved_profiles(doc, "profiles.json");
    REQUIRE(back);
    REQUIRE(back->size() == 1);
    CHECK(choice_value(back->front(), Choice::Type) == "Neighborhood");
    list.insert(list.begin(), back->front());
    const Profile* d = detect_profile(list, s->header);
    REQUIRE(d);
    CHECK(d->id == "saved:atlanta_cobra_2019_dec_sample");
    auto r = ingest_file(path, list);
    REQUIRE(r);
    CHECK(!r->profile_inferred);
    CHECK(r->profile_id == "saved:atlanta_cobra_2019_dec_sample");

    // saving the same shape again replaces it
    auto q2 = edit_profile(*p, *s, Choice::Type, "UCR Literal");
    REQUIRE(q2);
    mine = with_saved_profile(mine, profile_for_saving(*q2, *s));
    CHECK(mine.size() == 1);
    CHECK(choice_value(mine.front(), Choice::Type) == "UCR Literal");

    // bad documents are errors, never a silent empty list
    CHECK(!parse_saved_profiles("{", "profiles.json"));
    CHECK(!parse_saved_profiles(R"({"format":"crimescope-profiles","version":2,"profiles":[]})", "profiles.json"));
    auto bad = parse_saved_profiles(R"({"format":"crimescope-profiles","version":1,"profiles":[{"id":"x"}]})", "profiles.json");
    REQUIRE(!bad);
    CHECK(bad.error().message.find("saved profile 0") != std::string::npos);
    auto empty = parse_saved_profiles("", "profiles.json");
    REQUIRE(empty);
    CHECK(empty->empty());
}

TEST_CASE("a saved reading of a semicolon-separated file is detected on the header split with its own delimiter", "[profile_edit]") {
    const std::string path = (std::filesystem::temp_directory_path() / "cs_semicolon_export.csv").string();
    {
        std::ofstream f(path, std::ios::binary);
        f << "Date;Offense;Latitude;Longitude;Notes\r\n"
             "2020-01-05;ROBBERY;41.88;-87.63;a\r\n2020-01-06;THEFT;41.89;-87.64;b\r\n2020-01-07;THEFT;41.90;-87.65;c\r\n";
    }
    auto s = read_file_sample(path);
    REQUIRE(s);
    CHECK(s->delimiter == ';');
    CHECK(s->header == std::vector<std::string>{"Date", "Offense", "Latitude", "Longitude", "Notes"});
    auto p = infer_profile_file(path);
    REQUIRE(p);
    auto q = edit_profile(*p, *s, Choice::Type, "Notes");
    REQUIRE(q);
    std::vector<Profile> list = {profile_for_saving(*q, *s)};
    auto r = ingest_file(path, list);
    REQUIRE(r);
    CHECK(!r->profile_inferred);
    CHECK(r->profile_id == "saved:cs_semicolon_export");
    CHECK(r->table.size() == 3);
    CHECK(r->table.category("type")->value_at(0) == "a");
    std::filesystem::remove(path);
}

TEST_CASE("a typed-wrong saved document is an error, not an exception", "[profile_edit]") {
    CHECK(!parse_saved_profiles(R"({"format": 7, "version": 1, "profiles": []})", "profiles.json"));
    CHECK(!parse_saved_profiles(R"({"format": "crimescope-profiles", "version": "1", "profiles": []})", "profiles.json"));
    CHECK(!parse_saved_profiles(R"([1, 2])", "profiles.json"));
}

TEST_CASE("a note changed keeps its place in the list", "[profile_edit]") {
    const std::string path = kDir + "atlanta_cobra_2019_dec_sample.csv";
    auto s = read_file_sample(path);
    auto p = infer_profile_file(path);
    REQUIRE(s);
    REQUIRE(p);
    const auto at = [](const Profile& x, const char* prefix) {
        for (size_t k = 0; k < x.notes.size(); ++k) if (x.notes[k].rfind(prefix, 0) == 0) return static_cast<long>(k);
        return -1L;
    };
    const long before = at(*p, "crime type:");
    REQUIRE(before >= 0);
    auto q = edit_profile(*p, *s, Choice::Type, "Neighborhood");
    REQUIRE(q);
    CHECK(at(*q, "crime type:") == before);
    CHECK(q->notes.size() == p->notes.size());
}

TEST_CASE("Houston 2018: the joined address is shown, and cannot be removed from a file placed by address", "[profile_edit]") {
    const std::string path = kDir + "houston_2018_ucr_addresses_sample.csv";
    auto s = read_file_sample(path);
    auto p = infer_profile_file(path);
    REQUIRE(s);
    REQUIRE(p);
    REQUIRE(p->coords.kind == CoordSpec::Kind::Address);
    CHECK(choice_value(*p, Choice::Address).find(" + ") != std::string::npos);
    auto none = edit_profile(*p, *s, Choice::Address, "");
    REQUIRE(!none);
    CHECK(none.error().field == "address");
}
