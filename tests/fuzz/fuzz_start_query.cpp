// fuzz_start_query.cpp: the page's query string (any URL a person is sent) and the desktop's place options:
// base/start_query's parse_start_query and set_start_value. Every kept value must be within its stated range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/start_query.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view q(reinterpret_cast<const char*>(data), size);
    const StartQuery s = parse_start_query(q);
    if (s.lat_deg && !(std::isfinite(*s.lat_deg) && *s.lat_deg >= -90 && *s.lat_deg <= 90)) std::abort();
    if (s.lon_deg && !(std::isfinite(*s.lon_deg) && *s.lon_deg >= -180 && *s.lon_deg <= 180)) std::abort();
    if (s.radius_m && !(*s.radius_m > 0 && *s.radius_m <= 20000)) std::abort();
    if (s.window_days && (*s.window_days < 1 || *s.window_days > 3650)) std::abort();
    if (s.city.size() > 64 || s.link_set.size() > 64 || s.classify_model.size() > 64) std::abort();
    if (!s.as_of.empty() && s.as_of.size() != 10) std::abort();
    // One value under every key, as the desktop's options give them.
    StartQuery d;
    std::string why;
    for (const char* key : {"city", "lat", "lon", "r", "w", "date", "view", "model", "linkset", "lang", "density"})
        (void)set_start_value(d, key, q, why);
    return 0;
}
