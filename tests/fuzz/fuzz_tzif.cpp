// fuzz_tzif.cpp: TZif time zone files (geo::parse_tzif, what load_time_zone reads for a profile's
// "time_zone"). A zone that parses must answer offsets and UTC -> local conversions for any day and minute.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "geo/time_zone.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<uint8_t> bytes(data, data + size);
    auto z = geo::parse_tzif(bytes, "fuzz.tzif");
    if (!z) {
        (void)z.error().to_string();
        return 0;
    }
    for (int64_t t : {INT64_C(-4000000000), INT64_C(0), INT64_C(1546300800), INT64_C(4102444800)}) {
        const int32_t o = z->offset_at(t);
        if (o < -26 * 3600 || o > 26 * 3600) std::abort();   // the parser refuses such offsets
    }
    for (int32_t day : {-800000, 0, 17897, 800000}) {
        int32_t d = day;
        int16_t m = 1439;
        z->utc_to_local(d, m);
        if (m < 0 || m > 1439 || d < day - 2 || d > day + 2) std::abort();   // at most a day either way
    }
    return 0;
}
