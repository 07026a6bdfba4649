// Tests for base/json_int: integers from files, floats that are whole, and everything else refused by name.
#include <catch2/catch.hpp>

#include <string>

#include "base/json_int.hpp"

using crimescope::json_int;
using crimescope::json_int_or;
using nlohmann::json;

namespace {
std::string refusal(const char* text, long long lo = -100, long long hi = 100) {
    try {
        (void)json_int(json::parse(text), "input.width", lo, hi);
    } catch (const json::exception& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("json_int: whole numbers in range, by any JSON spelling", "[json_int]") {
    CHECK(json_int(json::parse("7"), "w") == 7);
    CHECK(json_int(json::parse("-7"), "w") == -7);
    CHECK(json_int(json::parse("7.0"), "w") == 7);
    CHECK(json_int(json::parse("1e3"), "w") == 1000);
    CHECK(json_int_or(json::parse("{}"), "w", 5) == 5);
    CHECK(json_int_or(json::parse(R"({"w": null})"), "w", 5) == 5);
    CHECK(json_int_or(json::parse(R"({"w": 9})"), "w", 5) == 9);
}

TEST_CASE("json_int: floats past any integer, fractions, other types and out-of-range values are refused by name", "[json_int][hostile]") {
    for (const char* bad : {"8e83", "7.5", "1e19", "18446744073709551615", "\"7\"", "true", "null", "[7]", "101", "-101"}) {
        INFO(bad);
        const std::string why = refusal(bad);
        CHECK(why.find("input.width must be a whole number from -100 to 100") != std::string::npos);
    }
    CHECK(refusal("100").empty());
    CHECK(refusal("-100").empty());
}
