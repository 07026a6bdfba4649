// Tests for geocode/address: the typed-address parser on the forms of the packs' address columns (Houston
// "9650 marlive ln" and "5000-5099", LAPD "1100 W 39TH PL", Vancouver "10XX ALBERNI ST" / "X BLOCK", Chicago
// "050XX W SUPERIOR ST") and as people type them (spelled-out types, units, city / state / zip).
#include <catch2/catch.hpp>

#include "geocode/address.hpp"

using crimescope::geocode::parse_address;
using crimescope::geocode::ParsedAddress;

TEST_CASE("address: number, street name and type, spelled out or abbreviated", "[geocode][address]") {
    auto a = parse_address("5023 Morningside Drive");
    CHECK(a.has_number);
    CHECK(a.number_lo == 5023);
    CHECK(a.number_hi == 5023);
    CHECK_FALSE(a.range);
    CHECK(a.name == "morningside");
    CHECK(a.type == "dr");
    CHECK(a.block() == 50);
    CHECK(parse_address("5023 morningside dr").street_key() == "morningside dr");
    CHECK(parse_address("5023 MORNINGSIDE DR.").street_key() == "morningside dr");
    CHECK(parse_address("5023 Morningside Dr").street_label() == "Morningside Dr");
    auto b = parse_address("10150 Forum Park Drive");
    CHECK(b.name == "forum park");   // a name of several words
    CHECK(b.type == "dr");
    auto c = parse_address("10050 hammerly");   // Houston addresses without a type
    CHECK(c.name == "hammerly");
    CHECK(c.type.empty());
}

TEST_CASE("address: directional prefix and suffix", "[geocode][address]") {
    auto a = parse_address("1100 West 39th Place");
    CHECK(a.prefix_dir == "w");
    CHECK(a.name == "39th");
    CHECK(a.type == "pl");
    CHECK(a.street_key() == parse_address("1100 W 39TH PL").street_key());
    CHECK(a.street_label() == "W 39th Pl");
    auto b = parse_address("1650 West Loop South");   // Houston's "west loop s": a type word right after the
    CHECK(b.prefix_dir == "w");                       // direction is the name ("W Loop", suffix "S")
    CHECK(b.name == "lp");
    CHECK(b.type.empty());
    CHECK(b.suffix_dir == "s");
    CHECK(b.street_key() == parse_address("1650 west loop s").street_key());
    auto c = parse_address("200 N Main St NE");
    CHECK(c.prefix_dir == "n");
    CHECK(c.suffix_dir == "ne");
    CHECK(c.name == "main");
}

TEST_CASE("address: hundred-block ranges of the packs' address columns", "[geocode][address]") {
    auto h = parse_address("5000-5099 Morningside Dr");   // Houston block column
    CHECK(h.range);
    CHECK(h.number_lo == 5000);
    CHECK(h.number_hi == 5099);
    CHECK(h.block() == 50);
    auto ch = parse_address("050XX W SUPERIOR ST");   // Chicago Block
    CHECK(ch.range);
    CHECK(ch.number_lo == 5000);
    CHECK(ch.number_hi == 5099);
    CHECK(ch.prefix_dir == "w");
    CHECK(ch.name == "superior");
    auto z = parse_address("0000X W BRAYTON ST");   // Chicago's 0 block
    CHECK(z.number_lo == 0);
    CHECK(z.number_hi == 99);
    auto v = parse_address("10XX ALBERNI ST");   // Vancouver HUNDRED_BLOCK
    CHECK(v.number_lo == 1000);
    CHECK(v.number_hi == 1099);
    CHECK(v.name == "alberni");
    auto x = parse_address("X BLOCK E HASTINGS ST");   // Vancouver's 0 block
    CHECK(x.has_number);
    CHECK(x.number_hi == 99);
    CHECK(x.prefix_dir == "e");
    CHECK(x.name == "hastings");
    auto of = parse_address("5000 block of Morningside Dr");
    CHECK(of.range);
    CHECK(of.number_hi == 5099);
    CHECK(of.name == "morningside");
}

TEST_CASE("address: units, and a trailing city / state / zip dropped", "[geocode][address]") {
    for (const char* text : {"5023 Morningside Dr Apt 4", "5023 Morningside Dr #4", "5023 Morningside Dr # 4",
                             "5023 Morningside Dr, Apt 4, Houston, TX 77004", "5023 Morningside Dr Unit 4 Houston TX 77004"}) {
        INFO(text);
        auto a = parse_address(text);
        CHECK(a.number_lo == 5023);
        CHECK(a.street_key() == "morningside dr");
        CHECK(a.unit == "4");
    }
    CHECK(parse_address("5023 Morningside Dr Unit B").unit == "b");
    for (const char* text : {"5023 Morningside Dr, Houston", "5023 Morningside Dr, Houston, TX 77004",
                             "5023 Morningside Drive Houston TX", "5023 Morningside Dr 77004", "5023 Morningside Dr, USA"}) {
        INFO(text);
        auto a = parse_address(text);
        CHECK(a.street_key() == "morningside dr");
        CHECK(a.unit.empty());
    }
}

TEST_CASE("address: text that is no street address", "[geocode][address]") {
    CHECK_FALSE(parse_address("hollywood").has_number);
    CHECK(parse_address("hollywood").name == "hollywood");
    CHECK_FALSE(parse_address("39th st").has_number);   // an ordinal is a name, not a house number
    CHECK(parse_address("39th st").name == "39th");
    auto z = parse_address("60614");
    CHECK(z.has_number);
    CHECK_FALSE(z.has_street());
    CHECK_FALSE(parse_address("").has_street());
    CHECK_FALSE(parse_address(" , , ").has_street());
    CHECK(parse_address("Avenue B").name == "ave b");   // a type first is part of the name
    auto big = parse_address("99999999999999999999 Main St");   // no overflow from a long number
    CHECK(big.has_number);
    CHECK(big.number_lo <= 100000000u);
}
