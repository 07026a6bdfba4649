// fuzz_geocode_query.cpp: what a person types in the search box: geocode::parse_address (numbers, ranges,
// "10XX", "X BLOCK", units, directions, types), Geocoder::normalise and Geocoder::search / locate_address on a
// small built geocoder (addresses with blocks, an intersection, boundary and gazetteer places).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "geocode/address.hpp"
#include "geocode/geocoder.hpp"

using namespace crimescope;

namespace {
const geocode::Geocoder& small_geocoder() {
    static const geocode::Geocoder g = [] {
        geocode::Geocoder gc;
        const char* addresses[] = {"5000 N MORNINGSIDE DR", "5050 N MORNINGSIDE DR", "5120 N MORNINGSIDE DR", "100 W MAIN ST",
                                   "250 W MAIN ST", "050XX S HALSTED ST", "10XX GRANVILLE ST", "X BLOCK E HASTINGS ST",
                                   "1650 WEST LOOP S", "200-299 LENOX ST N"};
        double lat = 41.88;
        for (const char* a : addresses) {
            gc.add({a, geocode::PlaceKind::Address, lat, -87.63, 3});
            gc.add_block_address(static_cast<uint32_t>(gc.size() - 1));
            lat += 0.001;
        }
        gc.add({"N ASHLAND AVE & W DIVISION ST", geocode::PlaceKind::Intersection, 41.903, -87.667, 5});
        gc.add({"Álvaro Obregón", geocode::PlaceKind::Place, 19.36, -99.2, 100});
        gc.add({"Union Station", geocode::PlaceKind::Place, 41.879, -87.640, 10});
        if (!geocode::add_gazetteer(gc, "area\tLoop\t41.88\t-87.63\t1000\n", "gazetteer").ok()) std::abort();
        gc.build();
        return gc;
    }();
    return g;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view q(reinterpret_cast<const char*>(data), size);
    const auto parsed = geocode::parse_address(q);
    (void)parsed.street_key();
    (void)parsed.street_label();
    (void)geocode::Geocoder::normalise(q);
    const auto& g = small_geocoder();
    (void)g.search(q);
    geocode::Match m;
    (void)g.locate_address(q, m);
    (void)geocode::edit_distance(q, "morningside", 3);
    return 0;
}
