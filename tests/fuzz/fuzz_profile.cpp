// fuzz_profile.cpp: profile JSON (data::parse_profile, what load_profile reads). A profile that parses is
// written back (profile_to_json) and must parse again: the format round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/profile.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto p = data::parse_profile(text, "fuzz_profile.json");
    if (!p) {
        (void)p.error().to_string();
        return 0;
    }
    (void)p->used_columns();
    std::string back = data::profile_to_json(p.value());
    auto again = data::parse_profile(back, "fuzz_profile_back.json");
    if (!again) {
        std::fprintf(stderr, "profile_to_json output does not parse: %s\n%s\n", again.error().to_string().c_str(), back.c_str());
        std::abort();
    }
    return 0;
}
