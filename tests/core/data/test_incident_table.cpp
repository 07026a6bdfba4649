// data/incident_table keep_rows: rows kept in order, every column cut alike, dictionaries compacted to the
// values still used in their old order.
#include <catch2/catch.hpp>

#include "data/incident_table.hpp"

using namespace crimescope::data;

TEST_CASE("keep_rows: columns cut alike, dictionaries compacted", "[incident_table]") {
    IncidentTable t;
    CategoryColumn c;
    c.role = "type";
    NumericColumn n;
    n.role = "age";
    const char* types[] = {"a", "b", "c", "b", "d"};
    for (int i = 0; i < 5; ++i) {
        t.day.push_back(100 + i);
        t.minute_of_day.push_back(static_cast<int16_t>(i));
        t.lat_deg.push_back(40.0f + i);
        t.lon_deg.push_back(-80.0f - i);
        c.codes.push_back(c.intern(types[i]));
        n.values.push_back(static_cast<float>(i * 10));
    }
    t.categories.push_back(std::move(c));
    t.numerics.push_back(std::move(n));
    CHECK(keep_rows(t, [](size_t) { return true; }) == 0);
    const size_t removed = keep_rows(t, [&](size_t r) { return t.day[r] != 100 && t.day[r] != 102; });   // drop "a" and "c"
    CHECK(removed == 2);
    REQUIRE(t.size() == 3);
    CHECK(t.day == std::vector<int32_t>{101, 103, 104});
    CHECK(t.minute_of_day == std::vector<int16_t>{1, 3, 4});
    CHECK(t.lat_deg[2] == 44.0f);
    CHECK(t.numerics[0].values == std::vector<float>{10, 30, 40});
    const auto& col = t.categories[0];
    CHECK(col.dict == std::vector<std::string>{"b", "d"});
    CHECK(col.value_at(0) == "b");
    CHECK(col.value_at(1) == "b");
    CHECK(col.value_at(2) == "d");
    CHECK(col.find("d") == 1);
    CHECK(col.find("a") == -1);
    CHECK(keep_rows(t, [](size_t) { return false; }) == 3);
    CHECK(t.size() == 0);
    CHECK(t.categories[0].dict.empty());
}
