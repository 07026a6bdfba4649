// geo/time_zone: TZif files of Debian's tzdata (/usr/share/zoneinfo, or $CRIMESCOPE_ZONEINFO), UTC -> local at
// published transitions, hostile files refused, the zone guessed from where the points are, and a UTC export
// (SF personal robberies, tests/fixtures/PROVENANCE.md) read as local time by inference, serially and in chunks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "data/csv_reader.hpp"
#include "data/ingest.hpp"
#include "data/profile_edit.hpp"
#include "data/profile_infer.hpp"
#include "geo/time_zone.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::geo;

namespace {
int64_t utc_s(int y, int mo, int d, int h, int mi, int s = 0) { return int64_t(days_from_civil(y, mo, d)) * 86400 + h * 3600 + mi * 60 + s; }
}  // namespace

TEST_CASE("Chicago and London: offsets either side of the published 2019 transitions", "[time_zone]") {
    auto chi = load_time_zone("America/Chicago");
    REQUIRE(chi);
    CHECK(chi->offset_at(utc_s(2019, 1, 15, 12, 0)) == -6 * 3600);
    CHECK(chi->offset_at(utc_s(2019, 7, 1, 12, 0)) == -5 * 3600);
    // DST began 2019-03-10 02:00 CST = 08:00 UTC and ended 2019-11-03 02:00 CDT = 07:00 UTC.
    CHECK(chi->offset_at(utc_s(2019, 3, 10, 7, 59, 59)) == -6 * 3600);
    CHECK(chi->offset_at(utc_s(2019, 3, 10, 8, 0, 0)) == -5 * 3600);
    CHECK(chi->offset_at(utc_s(2019, 11, 3, 6, 59, 59)) == -5 * 3600);
    CHECK(chi->offset_at(utc_s(2019, 11, 3, 7, 0, 0)) == -6 * 3600);
    auto lon = load_time_zone("Europe/London");
    REQUIRE(lon);
    CHECK(lon->offset_at(utc_s(2020, 1, 10, 12, 0)) == 0);
    CHECK(lon->offset_at(utc_s(2020, 7, 10, 12, 0)) == 3600);

    // A UTC evening is the same local day; a UTC early morning is the local day before.
    int32_t day = days_from_civil(2019, 1, 1);
    int16_t minute = 3 * 60;
    chi->utc_to_local(day, minute);
    CHECK(day == days_from_civil(2018, 12, 31));
    CHECK(minute == 21 * 60);
    int16_t unknown = -1;
    int32_t d2 = days_from_civil(2019, 1, 1);
    chi->utc_to_local(d2, unknown);   // no time of day: the date is left as given
    CHECK(d2 == days_from_civil(2019, 1, 1));
    CHECK(unknown == -1);
}

TEST_CASE("time zone names and files: hostile or missing ones are refused with the reason", "[time_zone]") {
    CHECK(valid_time_zone_name("America/Argentina/Buenos_Aires"));
    CHECK(valid_time_zone_name("UTC"));
    CHECK(!valid_time_zone_name("../../etc/passwd"));
    CHECK(!valid_time_zone_name("/etc/passwd"));
    CHECK(!valid_time_zone_name(""));
    CHECK(!valid_time_zone_name("America/Chicago; rm"));
    auto missing = load_time_zone("America/Nowhere");
    REQUIRE(!missing);
    CHECK(missing.error().message.find("America/Nowhere") != std::string::npos);
    CHECK(missing.error().field == "time.time_zone");
    auto bad_name = load_time_zone("../passwd");
    REQUIRE(!bad_name);

    auto bytes = read_file_bytes(zoneinfo_dir() + "/America/Chicago");
    REQUIRE(bytes);
    std::vector<uint8_t> b = bytes.value();
    CHECK(parse_tzif(b, "chicago"));
    std::vector<uint8_t> cut(b.begin(), b.begin() + 60);
    auto t = parse_tzif(cut, "cut");
    REQUIRE(!t);
    CHECK(t.error().message.find("truncated") != std::string::npos);
    std::vector<uint8_t> magic = b;
    magic[0] = 'X';
    CHECK(!parse_tzif(magic, "magic"));
    std::vector<uint8_t> huge = b;
    huge[32] = 0x7f;   // timecnt of the first header: about two billion transitions
    auto h = parse_tzif(huge, "huge");
    REQUIRE(!h);
    CHECK(h.error().message.find("out of range") != std::string::npos);
    CHECK(!parse_tzif({}, "empty"));
}

TEST_CASE("the zone guessed from where the points are, every reference zone is in the database", "[time_zone]") {
    CHECK(std::string(guess_time_zone(LatLon{37.7749, -122.4194}).zone) == "America/Los_Angeles");
    CHECK(std::string(guess_time_zone(LatLon{41.80, -87.70}).zone) == "America/Chicago");
    CHECK(std::string(guess_time_zone(LatLon{51.515, -0.09}).zone) == "Europe/London");
    CHECK(std::string(guess_time_zone(LatLon{19.40, -99.20}).zone) == "America/Mexico_City");
    CHECK(std::string(guess_time_zone(LatLon{33.45, -112.07}).zone) == "America/Phoenix");
    for (const auto& z : time_zone_cities()) {
        INFO(z.zone);
        CHECK(load_time_zone(z.zone));
    }
}

TEST_CASE("a UTC export read as local time: inferred, serial and chunked alike, and editable", "[time_zone][profile_infer]") {
    const std::string path = CS_SOURCE_DIR "/tests/fixtures/incidents/sf_robbery_sample.csv";
    auto p = data::infer_profile_file(path);
    REQUIRE(p);
    CHECK(p->time.datetime_column == "date_time");
    CHECK(p->time.utc);
    CHECK(p->time.time_zone == "America/Los_Angeles");
    CHECK(std::any_of(p->notes.begin(), p->notes.end(), [](const std::string& n) { return n.rfind("time zone: date_time is UTC", 0) == 0; }));
    auto back = data::parse_profile(data::profile_to_json(p.value()), "round trip");
    REQUIRE(back);
    CHECK(back->time.utc);
    CHECK(back->time.time_zone == "America/Los_Angeles");

    auto r = data::ingest_file(path, {}, &p.value());
    REQUIRE(r);
    REQUIRE(r->table.size() > 3);
    // 2019-01-01T19:50:00Z = 11:50 PST; 2019-01-12T16:10:00Z = 08:10 PST
    CHECK(r->table.day[0] == days_from_civil(2019, 1, 1));
    CHECK(r->table.minute_of_day[0] == 11 * 60 + 50);
    CHECK(r->table.minute_of_day[2] == 8 * 60 + 10);

    // The serial reader gives the same table.
    auto rd = data::CsvReader::open(path, data::CsvOptions{','});
    REQUIRE(rd);
    data::IncidentTable serial;
    IngestReport rep;
    data::IngestState st;
    REQUIRE(data::ingest_csv(*rd.value(), p.value(), serial, rep, st));
    CHECK(serial.day == r->table.day);
    CHECK(serial.minute_of_day == r->table.minute_of_day);

    // Kept as UTC clock times in the editor: 19:50 again.
    auto s = data::read_file_sample(path);
    REQUIRE(s);
    CHECK(data::choice_applies(p.value(), data::Choice::TimeZone));
    auto kept = data::edit_profile(p.value(), s.value(), data::Choice::TimeZone, "");
    REQUIRE(kept);
    CHECK(!kept->time.utc);
    auto r2 = data::ingest_file(path, {}, &kept.value());
    REQUIRE(r2);
    CHECK(r2->table.minute_of_day[0] == 19 * 60 + 50);
    auto ny = data::edit_profile(p.value(), s.value(), data::Choice::TimeZone, "America/New_York");
    REQUIRE(ny);
    auto r3 = data::ingest_file(path, {}, &ny.value());
    REQUIRE(r3);
    CHECK(r3->table.minute_of_day[0] == 14 * 60 + 50);
    CHECK(!data::edit_profile(p.value(), s.value(), data::Choice::TimeZone, "Mars/Olympus"));

    // A profile naming a zone the database lacks is an error naming the zone, before any row is read.
    data::Profile bad = p.value();
    bad.time.time_zone = "America/Nowhere";
    auto r4 = data::ingest_file(path, {}, &bad);
    REQUIRE(!r4);
    CHECK(r4.error().message.find("America/Nowhere") != std::string::npos);
}

TEST_CASE("no zone is guessed far from every reference city: UTC clock times kept, and said", "[time_zone][profile_infer]") {
    CHECK(std::string(guess_time_zone(LatLon{51.05, -114.07}).zone) == "America/Edmonton");   // Calgary, not Vancouver
    CHECK(std::string(guess_time_zone(LatLon{42.96, -85.67}).zone) == "America/Detroit");      // Grand Rapids
    const std::vector<std::string> header = {"id", "offense", "occurred", "latitude", "longitude"};
    std::vector<std::vector<std::string>> rows;
    for (int k = 0; k < 20; ++k)
        rows.push_back({std::to_string(k), "theft", "2019-01-0" + std::to_string(1 + k % 9) + "T12:00:00Z", "30.5", "-40.25"});   // mid-Atlantic
    auto p = data::infer_profile(header, rows, "atlantic.csv");
    REQUIRE(p);
    CHECK(!p->time.utc);
    CHECK(std::any_of(p->notes.begin(), p->notes.end(), [](const std::string& n) { return n.find("over 200 km") != std::string::npos; }));
}
