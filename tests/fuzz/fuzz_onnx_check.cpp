// fuzz_onnx_check.cpp: the structural check every .onnx file passes before ONNX Runtime sees it
// (infer::check_onnx_bytes; ONNX Runtime itself is not a fuzz target).
#include <cstddef>
#include <cstdint>

#include "infer/onnx_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto st = crimescope::infer::check_onnx_bytes(data, size, "model.onnx");
    if (!st) (void)st.error().to_string();
    return 0;
}
