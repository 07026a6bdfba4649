// Tests for geocode/address_eval: the typed-address draw (deterministic, numbers inside the block, parseable),
// the hold-out table, and the hold-out measurement on the bundled Houston pack (real HPD 2010 block addresses).
#include <catch2/catch.hpp>

#include "data/pack.hpp"
#include "geocode/address_eval.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("address eval: typed addresses drawn from the Houston pack, held out of the index", "[geocode][address_eval][assets]") {
    auto city = data::load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(city.ok());
    const auto& t = city->incidents;
    auto a = geocode::draw_typed_addresses(t, 300, "Houston", 7);
    auto b = geocode::draw_typed_addresses(t, 300, "Houston", 7);
    REQUIRE(a.size() == 300);
    REQUIRE(b.size() == a.size());
    size_t spelled = 0, with_city = 0;
    const auto* addr = t.category("address");
    REQUIRE(addr != nullptr);
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].text == b[i].text);   // same seed, same draw
        auto typed = geocode::parse_address(a[i].text);
        auto stored = geocode::parse_address(addr->value_at(a[i].row));
        CHECK(typed.has_number);
        CHECK(typed.block() == stored.block());              // a number inside the incident's block
        CHECK(typed.street_key() == stored.street_key());    // the same street, however it was typed
        spelled += a[i].text.find("Drive") != std::string::npos || a[i].text.find("Street") != std::string::npos ||
                   a[i].text.find("Road") != std::string::npos || a[i].text.find("Lane") != std::string::npos;
        with_city += a[i].text.find(", Houston") != std::string::npos;
    }
    CHECK(spelled > 60);
    CHECK(with_city > 50);
    CHECK(with_city < 250);
    auto c = geocode::draw_typed_addresses(t, 300, "Houston", 8);
    CHECK(c[0].text != a[0].text);

    std::vector<uint32_t> rows = {a[0].row};
    auto rest = geocode::without_rows(t, rows);
    CHECK(rest.size() == t.size() - 1);
    REQUIRE(rest.category("address") != nullptr);
    CHECK(rest.category("address")->value_at(a[0].row) == addr->value_at(a[0].row + 1));   // rows shift by one

    auto ev = geocode::holdout_address_eval(city.value(), 300, "Houston", 7, 250);
    REQUIRE(ev.ok());
    CHECK(ev->n == 300);
    INFO("hit " << ev->hit_rate() << " median " << ev->median_error_m << " m");
    CHECK(ev->hit_rate() >= 0.9);
    CHECK(ev->median_error_m < 100);
}

TEST_CASE("address eval: a table without block addresses is an error, not an empty pass", "[geocode][address_eval]") {
    data::CityData city;
    city.id = "none";
    auto ev = geocode::holdout_address_eval(city, 10, "X", 1, 250);
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.error().to_string().find("address") != std::string::npos);
}
