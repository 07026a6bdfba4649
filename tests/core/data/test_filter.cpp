// Tests for data/filter: counts per filter against a direct count.
#include <catch2/catch.hpp>

#include "base/dates.hpp"
#include "data/filter.hpp"
#include "data/pack.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

TEST_CASE("filter: counts on the Houston pack", "[filter]") {
    auto c = load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(c.ok());
    const auto& t = c->incidents;
    const CategoryColumn* type = t.category("type");
    REQUIRE(type);
    Filter f;
    auto all = count_filtered(t, type, f);
    CHECK(all.visible == t.size());
    uint64_t sum = 0;
    for (auto n : all.per_category) sum += n;
    CHECK(sum == t.size());

    // July only, 18:00-24:00, theft off.
    f.day_min = days_from_civil(2010, 7, 1);
    f.day_max = days_from_civil(2010, 7, 31);
    f.hour_min = 18;
    f.hour_max = 24;
    f.category_on.assign(type->dict.size(), 1);
    f.category_on[static_cast<size_t>(type->find("theft"))] = 0;
    auto got = count_filtered(t, type, f);
    uint64_t want = 0, want_theft = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        bool in = t.day[i] >= f.day_min && t.day[i] <= f.day_max && t.minute_of_day[i] >= 18 * 60;
        if (in && type->value_at(i) == "theft") ++want_theft;
        else if (in) ++want;
    }
    CHECK(got.visible == want);
    CHECK(got.per_category[static_cast<size_t>(type->find("theft"))] == want_theft);   // shown with its box unticked
    CHECK(want > 0);
    CHECK(got.visible < all.visible);
}

TEST_CASE("filter: frequency order of a column", "[filter]") {
    CategoryColumn c;
    for (const char* v : {"b", "a", "b", "c", "b", "a"}) c.codes.push_back(c.intern(v));
    auto order = codes_by_frequency(c);
    REQUIRE(order.size() == 3);
    CHECK(c.dict[order[0]] == "b");
    CHECK(c.dict[order[1]] == "a");
    CHECK(c.dict[order[2]] == "c");
}
