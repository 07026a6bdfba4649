// fuzz_pack.cpp: a .cspack from bytes (data::decode_pack, what load_pack calls once the file is read and
// inflated): header, section table, checksums, columns, dictionaries, boundaries, base-map layers, meta JSON.
#include <cstddef>
#include <cstdint>

#include "data/pack.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto r = crimescope::data::decode_pack(data, size, "fuzz.cspack");
    if (!r) (void)r.error().to_string();
    return 0;
}
