// fuzz_linkage_infer.cpp: a case CSV with no schema (linkage::open_case_set on a lone CSV: infer_schema
// profiles the columns and guesses id, location, dates, series and features; the guess is then loaded as
// the set's schema). The guessed schema must parse back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "linkage/cases.hpp"
#include "linkage/schema.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const bool json = size > 0 && (data[0] == '[' || data[0] == '{');
    const std::string path = fuzz::write_temp(json ? "own.json" : "own.csv", data, size);
    std::vector<std::string> notes;
    auto cs = linkage::open_case_set(path, &notes);
    if (!cs) {
        (void)cs.error().to_string();
        return 0;
    }
    auto again = linkage::parse_schema(cs->schema_text, "inferred_schema.json");
    if (!again) {
        std::fprintf(stderr, "inferred schema does not parse back: %s\n%s\n", again.error().to_string().c_str(),
                     cs->schema_text.c_str());
        std::abort();
    }
    auto p = linkage::pair_params(cs.value());
    if (linkage::count_pairs(cs.value(), p) > 20000) return 0;
    (void)linkage::make_pairs(cs.value(), p);
    return 0;
}
