// model_runner.hpp: the one interface the methods use to run an ONNX model on float tensors.
// Core declares it and never includes a runtime: src/platform/onnx_native.cpp implements it with
// ONNX Runtime; the web build runs models with ONNX Runtime Web from JavaScript (web/).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace crimescope::infer {

struct TensorF {
    std::vector<int64_t> shape;
    std::vector<float> values;
};

struct NamedTensor {
    std::string name;
    TensorF tensor;
};

class ModelRunner {
public:
    virtual ~ModelRunner() = default;
    virtual const std::vector<std::string>& input_names() const = 0;
    virtual const std::vector<std::string>& output_names() const = 0;
    // Runs the model; errors (shape mismatch, runtime failure) come back as Result errors, never throws.
    virtual Result<std::vector<NamedTensor>> run(const std::vector<NamedTensor>& inputs) = 0;
};

// Loads an .onnx file (implemented by the platform layer; the corrupt-model error names the file).
Result<std::unique_ptr<ModelRunner>> load_onnx_model(const std::string& path, int threads = 1);

}  // namespace crimescope::infer
