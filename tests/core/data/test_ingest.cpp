// Tests for data/ingest and data/profile: every profile on its committed real fixture (exact counts),
// on the full shared file when ../shared/data exists, the bad-rows fixture's exact diagnostics, dedupe.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "base/file_io.hpp"
#include "data/ingest.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

namespace {
const std::vector<Profile>& profiles() {
    static std::vector<Profile> ps = [] {
        auto r = load_profiles_dir(cs_test::source_dir() + "/assets/profiles");
        REQUIRE(r.ok());
        return r.value();
    }();
    return ps;
}
const Profile& profile(const std::string& id) {
    for (const auto& p : profiles())
        if (p.id == id) return p;
    FAIL("no profile " << id);
    return profiles().front();
}
struct Expect {
    const char* file;
    const char* profile;
    long read, kept;
    long zero = 0, missing = 0, out_of_range = 0, ragged = 0, duplicate = 0;
};
void check_counts(const Expect& e, const std::string& path) {
    INFO(path);
    auto r = ingest_file(path, profiles());
    REQUIRE(r.ok());
    const auto& rep = r->report;
    CHECK(r->profile_id == e.profile);   // auto-detected from the header
    CHECK(rep.rows_read == e.read);
    CHECK(rep.rows_kept == e.kept);
    CHECK(rep.rows_skipped == e.read - e.kept);
    CHECK(r->table.size() == static_cast<size_t>(e.kept));
    CHECK(rep.by_kind[size_t(IssueKind::ZeroCoord)] == e.zero);
    CHECK(rep.by_kind[size_t(IssueKind::MissingCoord)] == e.missing);
    CHECK(rep.by_kind[size_t(IssueKind::OutOfRange)] == e.out_of_range);
    CHECK(rep.by_kind[size_t(IssueKind::RaggedRow)] == e.ragged);
    CHECK(rep.by_kind[size_t(IssueKind::Duplicate)] == e.duplicate);
    // Every kept row is inside the profile's box and has a valid day.
    const Profile& p = profile(e.profile);
    for (size_t i = 0; i < r->table.size(); ++i) {
        REQUIRE(p.bbox.contains(r->table.lat_deg[i], r->table.lon_deg[i]));
        REQUIRE(r->table.day[i] > 0);
    }
}
}  // namespace

TEST_CASE("ingest: every profile on its committed real fixture", "[ingest][profiles]") {
    const Expect cases[] = {
        {.file = "houston_sample.csv", .profile = "houston", .read = 152, .kept = 149, .out_of_range = 3},
        {.file = "vancouver_sample.csv", .profile = "vancouver", .read = 152, .kept = 136, .zero = 16},
        {.file = "lapd_bdsj_sample.csv", .profile = "lapd", .read = 121, .kept = 120, .zero = 1},
        {.file = "lapd_ivanco_sample.csv", .profile = "lapd", .read = 123, .kept = 122, .zero = 1},
        {.file = "chicago_assaults_sample.csv", .profile = "chicago_assaults", .read = 200, .kept = 200},
        {.file = "chicago_portal_sample.csv", .profile = "chicago_portal", .read = 121, .kept = 114, .missing = 7},
        {.file = "nyc_shootings_sample.csv", .profile = "nyc_shootings", .read = 120, .kept = 120},
        {.file = "cdmx_carjacking_sample.csv", .profile = "cdmx_carjacking", .read = 121, .kept = 116, .zero = 5},
        {.file = "sacramento_sample.csv", .profile = "sacramento", .read = 120, .kept = 120},
        {.file = "sf_robbery_sample.csv", .profile = "sf_robbery", .read = 80, .kept = 80},
    };
    for (const auto& e : cases) check_counts(e, cs_test::fixture(std::string("incidents/") + e.file));
}

TEST_CASE("ingest: every profile on the full shared file (exact counts)", "[ingest][profiles][full]") {
    if (!cs_test::exists(cs_test::shared_data("incidents"))) {
        CS_SKIP("../shared/data not present; full-file counts not checked");
        return;
    }
    const Expect cases[] = {
        {.file = "houston/houston_crime_2010-01_2010-07_ggmap.csv.gz", .profile = "houston", .read = 75352, .kept = 75162, .missing = 3, .out_of_range = 187},
        {.file = "vancouver/vancouver_crime_2020-01_2020-10_vpd.csv.gz", .profile = "vancouver", .read = 32046, .kept = 28880, .zero = 3165, .missing = 1},
        {.file = "lapd/lapd_crime_2020-03_2021-05_sample_bdsj.csv.gz", .profile = "lapd", .read = 11334, .kept = 11306, .zero = 28},
        {.file = "lapd/lapd_crime_2020_sample_ivanco19.csv.gz", .profile = "lapd", .read = 10000, .kept = 9987, .zero = 13},
        {.file = "lapd/lapd_crime_2020_sample_pratiksha1821.csv.gz", .profile = "lapd", .read = 6007, .kept = 5990, .zero = 17},
        {.file = "chicago/chicago_aggravated_assaults_2010_2019.csv.gz", .profile = "chicago_assaults", .read = 148636, .kept = 148636},
        {.file = "chicago/chicago_crimes_portal_sample_razimbrao.csv.gz", .profile = "chicago_portal", .read = 9746, .kept = 9493, .missing = 252, .ragged = 1},
        {.file = "nyc/nyc_shootings_2006-01_2021-06_ptools.csv.gz", .profile = "nyc_shootings", .read = 24506, .kept = 24506},
        {.file = "cdmx/cdmx_carjacking_fgj_2019-01_2019-10.csv.gz", .profile = "cdmx_carjacking", .read = 2389, .kept = 2267, .zero = 122},
        {.file = "sacramento/SacramentocrimeJanuary2006.csv.gz", .profile = "sacramento", .read = 7584, .kept = 7584},
        {.file = "sf/sf_personal_robbery_2019.csv.gz", .profile = "sf_robbery", .read = 951, .kept = 951},
    };
    for (const auto& e : cases) check_counts(e, cs_test::shared_data(std::string("incidents/") + e.file));
}

TEST_CASE("ingest: LAPD samples dedupe on DR_NO without leading zeros across files", "[ingest]") {
    const Profile& p = profile("lapd");
    IncidentTable t;
    IngestState state;
    long dup = 0;
    for (const char* f : {"lapd_bdsj_sample.csv", "lapd_ivanco_sample.csv"}) {
        auto r = CsvReader::open(cs_test::fixture(std::string("incidents/") + f));
        REQUIRE(r.ok());
        IngestReport rep;
        REQUIRE(ingest_csv(*r.value(), p, t, rep, state).ok());
        dup += rep.by_kind[size_t(IssueKind::Duplicate)];
    }
    CHECK(dup == 1);   // DR_NO 200815333 is in both (ivanco writes it with a leading zero elsewhere)
    CHECK(t.size() == 241);
    const CategoryColumn* fam = t.category("family");
    REQUIRE(fam);
    CHECK(fam->find("violent") >= 0);
    CHECK(fam->find("vehicle_theft_btfv") >= 0);
    // Every column has one value per row (also those filled by only one of the files).
    for (const auto& c : t.categories) CHECK(c.codes.size() == t.size());
    for (const auto& n : t.numerics) CHECK(n.values.size() == t.size());
}

TEST_CASE("ingest: the full LAPD pack sources give 24,301 distinct records", "[ingest][full]") {
    if (!cs_test::exists(cs_test::shared_data("incidents"))) {
        CS_SKIP("../shared/data not present");
        return;
    }
    const Profile& p = profile("lapd");
    IncidentTable t;
    IngestState state;
    long dup = 0;
    for (const char* f : {"lapd_crime_2020-03_2021-05_sample_bdsj.csv.gz", "lapd_crime_2020_sample_ivanco19.csv.gz",
                          "lapd_crime_2020_sample_pratiksha1821.csv.gz"}) {
        auto r = CsvReader::open(cs_test::shared_data(std::string("incidents/lapd/") + f));
        REQUIRE(r.ok());
        IngestReport rep;
        REQUIRE(ingest_csv(*r.value(), p, t, rep, state).ok());
        dup += rep.by_kind[size_t(IssueKind::Duplicate)];
    }
    CHECK(dup == 2982);
    CHECK(t.size() == 24301);
}

TEST_CASE("ingest: bad rows give the exact diagnostics in the expected file", "[ingest][bad]") {
    std::string path = cs_test::fixture("bad/houston_bad_rows.csv");
    auto r = ingest_file(path, profiles());
    REQUIRE(r.ok());
    r->report.file = base_name(path);
    for (auto& i : r->report.first_issues) i.file = base_name(path);
    std::ostringstream got;
    got << r->report.summary() << "\n";
    for (const auto& i : r->report.first_issues) got << IngestReport::format_issue(i) << "\n";
    std::ifstream f(cs_test::fixture("bad/houston_bad_rows.expected.txt"));
    std::stringstream want;
    want << f.rdbuf();
    CHECK(got.str() == want.str());
    CHECK(r->report.blank_lines == 1);
    // The multi-line quoted premise survives intact in the kept row.
    const CategoryColumn* prem = r->table.category("premise");
    REQUIRE(prem);
    CHECK(prem->find("residence, \"single\" family\nhome") >= 0);
}

TEST_CASE("ingest: a missing required column is a whole-file error naming file, line 1 and column", "[ingest]") {
    std::string path = "/tmp/crimescope_missing_col.csv";
    REQUIRE(write_file_atomic(path, std::string("date,hour,offense,lon\n1/1/2010,1,theft,-95.3\n")).ok());
    auto r = ingest_file(path, profiles(), &profile("houston"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::MissingColumn);
    CHECK(r.error().to_string().rfind(path + ":1:", 0) == 0);
    // Unknown header: no profile fits, and the message lists the columns.
    REQUIRE(write_file_atomic(path, std::string("foo,bar\n1,2\n")).ok());
    auto r2 = ingest_file(path, profiles());
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error().message.find("foo, bar") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("profiles: all bundled profiles parse, a broken one is a clear error", "[profiles]") {
    CHECK(profiles().size() == 10);   // 9 sources and crimescope_export (what `crimescope-cli export` writes)
    auto bad = parse_profile("{\"id\": \"x\", \"time\": {}, \"coords\": {\"kind\": \"latlon\", \"lat\": \"a\", \"lon\": \"b\"}}", "x.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().to_string().rfind("x.json: ", 0) == 0);
    auto notjson = parse_profile("{oops", "y.json");
    REQUIRE_FALSE(notjson.ok());
    CHECK(notjson.error().kind == ErrorKind::Profile);
}

TEST_CASE("ingest: invalid UTF-8 in a user's file never throws from the JSON report", "[ingest][bad]") {
    std::string path = "/tmp/crimescope_bad_utf8.csv";
    // A Houston header with one column name that is not UTF-8, then a real row.
    std::string text = "time,date,hour,premise,offense,beat,block,street,type,suffix,number,month,day,location,address,lon,lat,\xff\xfe\n"
                       "2010-01-01 06:00:00,1/1/2010,0,18A,murder,15E30,9600-9699,marlive,ln,-,1,january,friday,apartment parking lot,9650 marlive ln,-95.4373883,29.6779015,\xc3\n";
    REQUIRE(write_file_atomic(path, text).ok());
    auto r = ingest_file(path, profiles());
    REQUIRE(r.ok());
    CHECK(r->report.rows_kept == 1);
    std::string js;
    REQUIRE_NOTHROW(js = report_json(r->report));
    CHECK(js.find("\xef\xbf\xbd") != std::string::npos);   // U+FFFD replacement character
    std::remove(path.c_str());
}
