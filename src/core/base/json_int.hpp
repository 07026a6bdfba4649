// json_int.hpp: an integer read from a JSON value that a file gave. nlohmann's get<int>() converts a float such as
// 8e83 with a cast whose result is undefined (found by fuzz_lcrnet_sidecar, tests/fixtures/bad/
// lcrnet_width_8e83.json); this accepts an integer, or a number with no fraction, within [lo, hi], and throws
// nlohmann::json::out_of_range (which every loader's catch turns into an error naming the file) otherwise.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace crimescope {

inline long long json_int(const nlohmann::json& v, const char* field, long long lo = std::numeric_limits<int>::min(),
                          long long hi = std::numeric_limits<int>::max()) {
    long long out = 0;
    bool ok = false;
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        ok = u <= static_cast<uint64_t>(std::numeric_limits<long long>::max());
        out = ok ? static_cast<long long>(u) : 0;
    } else if (v.is_number_integer()) {
        out = v.get<long long>();
        ok = true;
    } else if (v.is_number_float()) {
        const double d = v.get<double>();
        ok = std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18;
        out = ok ? static_cast<long long>(d) : 0;
    }
    if (!ok || out < lo || out > hi)
        throw nlohmann::json::out_of_range::create(
            406, std::string(field) + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), nullptr);
    return out;
}

// json_int of `key` in object `o`, or `fallback` when the key is missing or null.
inline long long json_int_or(const nlohmann::json& o, const char* key, long long fallback, long long lo = std::numeric_limits<int>::min(),
                             long long hi = std::numeric_limits<int>::max()) {
    if (!o.is_object()) return fallback;
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return fallback;
    return json_int(*it, key, lo, hi);
}

}  // namespace crimescope
