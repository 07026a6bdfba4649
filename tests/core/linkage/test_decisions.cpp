// Tests for linkage/decisions on hostile files (issue #17): a format or version field of the wrong type is a
// clear error (json::value() threw out of parse_user_data before), and entered cases with huge coordinates
// export whole rows. The round trip is in test_linkage.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "base/file_io.hpp"
#include "linkage/decisions.hpp"
#include "linkage/schema.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::linkage;

namespace {
Result<UserData> parse_fixture(const std::string& name) {
    auto bytes = read_file_bytes(cs_test::fixture("bad/" + name));
    REQUIRE(bytes.ok());
    return parse_user_data(std::string(bytes->begin(), bytes->end()), name);
}
}  // namespace

TEST_CASE("decisions: a format or version of the wrong type is refused, naming the field", "[decisions]") {
    auto f = parse_fixture("decisions_format_number.json");
    REQUIRE(!f.ok());
    CHECK(f.error().kind == ErrorKind::Format);
    CHECK(f.error().field == "format");
    CHECK(f.error().to_string().find("decisions_format_number.json") != std::string::npos);
    auto v = parse_fixture("decisions_version_string.json");
    REQUIRE(!v.ok());
    CHECK(v.error().kind == ErrorKind::Version);
    CHECK(v.error().field == "version");
    CHECK(!parse_user_data(R"({"format": "crimescope-linkage-user-data", "version": 1.5})", "x.json").ok());
    CHECK(!parse_user_data(R"({"format": null, "version": 1})", "x.json").ok());
    CHECK(!parse_user_data(R"({"format": "crimescope-linkage-user-data"})", "x.json").ok());
    CHECK(parse_user_data(R"({"format": "crimescope-linkage-user-data", "version": 1})", "x.json").ok());
}

TEST_CASE("decisions: an entered case with a huge coordinate exports a whole CSV row", "[decisions]") {
    UserData u;
    NewCase c;
    c.id = "N1";
    c.x = 1e300;
    c.y = -2.5;
    c.date_time = "2026-03-02 21:30";
    u.cases.push_back(c);
    CaseSet cs;
    const std::string csv = cases_csv(u, cs);
    const auto row = csv.substr(csv.find('\n') + 1);
    CHECK(row.size() > 300);
    CHECK(row.find(",-2.500000,2026-03-02 21:30") != std::string::npos);
}
