// Profile inference on cut-down real exports (tests/fixtures/incidents/*_sample.csv, see PROVENANCE.md):
// the readings of issue #14's "Expected readings" table.
#include <catch2/catch.hpp>

#include "data/ingest.hpp"
#include "data/profile_infer.hpp"

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
