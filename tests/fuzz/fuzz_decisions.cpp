// fuzz_decisions.cpp: the analyst's saved decisions and entered cases (linkage::parse_user_data, what the
// app reads back from its file / IndexedDB). What parses is written again and must parse to the same counts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "linkage/decisions.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto u = linkage::parse_user_data(text, "decisions.json");
    if (!u) {
        (void)u.error().to_string();
        return 0;
    }
    (void)linkage::decisions_csv(u.value());
    std::string back = linkage::user_data_json(u.value());
    auto again = linkage::parse_user_data(back, "decisions_back.json");
    if (!again || again->decisions.size() != u->decisions.size() || again->cases.size() != u->cases.size()) {
        std::fprintf(stderr, "user_data_json output does not read back the same\n%s\n", back.c_str());
        std::abort();
    }
    return 0;
}
