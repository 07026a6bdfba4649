// Tests for platform/onnx_native: a real ONNX Runtime session on the committed tiny model.
#include <catch2/catch.hpp>

#include <algorithm>

#include "base/file_io.hpp"
#include "infer/model_runner.hpp"

using namespace crimescope;

namespace {
std::string model_path(const char* name) { return std::string(CS_SOURCE_DIR) + "/models/" + name; }
}

TEST_CASE("onnx: the tiny model runs and matches y = relu(xW + b)", "[onnx]") {
    auto r = infer::load_onnx_model(model_path("tiny_affine.onnx"));
    REQUIRE(r.ok());
    auto& m = *r.value();
    REQUIRE(m.input_names() == std::vector<std::string>{"x"});
    REQUIRE(m.output_names() == std::vector<std::string>{"y"});
    const float W[4][3] = {{0.5f, -1.0f, 2.0f}, {1.5f, 0.25f, -0.5f}, {-2.0f, 1.0f, 0.0f}, {0.0f, 0.5f, 1.0f}};
    const float B[3] = {0.1f, -0.2f, 0.3f};
    std::vector<float> x = {1, 2, 3, 4, -1, 0.5f, 0.25f, 2};
    auto out = m.run({{"x", {{2, 4}, x}}});
    REQUIRE(out.ok());
    REQUIRE(out->size() == 1);
    const auto& y = (*out)[0].tensor;
    REQUIRE(y.shape == std::vector<int64_t>{2, 3});
    for (int n = 0; n < 2; ++n)
        for (int j = 0; j < 3; ++j) {
            float z = B[j];
            for (int k = 0; k < 4; ++k) z += x[static_cast<size_t>(n * 4 + k)] * W[k][j];
            CHECK(y.values[static_cast<size_t>(n * 3 + j)] == Approx(std::max(0.0f, z)).margin(1e-6));
        }
}

TEST_CASE("onnx: a wrong input shape is an error, not a crash", "[onnx]") {
    auto r = infer::load_onnx_model(model_path("tiny_affine.onnx"));
    REQUIRE(r.ok());
    auto out = r.value()->run({{"x", {{1, 3}, {1, 2, 3}}}});
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().kind == ErrorKind::Model);
}

TEST_CASE("onnx: a corrupt model file is a clear error naming the file", "[onnx]") {
    std::string path = "/tmp/crimescope_corrupt.onnx";
    auto bytes = read_file_bytes(model_path("tiny_affine.onnx"));
    REQUIRE(bytes.ok());
    bytes->resize(bytes->size() / 2);
    REQUIRE(write_file_atomic(path, bytes->data(), bytes->size()).ok());
    auto r = infer::load_onnx_model(path);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string().rfind(path + ": cannot load model", 0) == 0);
    std::remove(path.c_str());
    auto missing = infer::load_onnx_model("/nonexistent/model.onnx");
    REQUIRE_FALSE(missing.ok());
}
