// onnx_check.hpp: a cheap structural check of an .onnx file before ONNX Runtime parses it (issue #17): the
// bytes must be one protobuf ModelProto whose top-level fields all lie inside the file (a truncated file
// fails here), with an ir_version, a non-empty graph and an opset_import. Not a validation of the graph itself: ONNX Runtime
// does that, but only on a file that is at least whole. No runtime is included here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/result.hpp"

namespace crimescope::infer {

constexpr size_t kMaxModelBytes = size_t(512) << 20;   // the bundled models are under 1 MB

// Checks `size` bytes of a model; errors (Model kind) name `file_for_errors` and say what is wrong.
Status check_onnx_bytes(const uint8_t* data, size_t size, const std::string& file_for_errors);

}  // namespace crimescope::infer
