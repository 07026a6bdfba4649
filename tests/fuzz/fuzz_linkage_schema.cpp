// fuzz_linkage_schema.cpp: a linkage schema.json (linkage::parse_schema: coordinates, time, series, the
// features with their tables, ranges and MO trees). A schema that parses is written back (schema_json) and
// must parse again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "linkage/schema.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto cs = linkage::parse_schema(text, "schema.json");
    if (!cs) {
        (void)cs.error().to_string();
        return 0;
    }
    std::string back = linkage::schema_json(cs.value());
    auto again = linkage::parse_schema(back, "schema_back.json");
    if (!again) {
        std::fprintf(stderr, "schema_json output does not parse: %s\n%s\n", again.error().to_string().c_str(), back.c_str());
        std::abort();
    }
    return 0;
}
