// Tests for infer/onnx_check (issue #17): every bundled model passes; a truncated model (every cut of the
// tiny model, 200 cuts of each bundled one), garbage, an empty file and a JSON sidecar are refused before
// ONNX Runtime sees them, with a Model error naming the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "infer/onnx_check.hpp"
#include "test_paths.hpp"

using namespace crimescope;

namespace {
std::vector<uint8_t> bytes_of(const std::string& path) {
    auto b = read_file_bytes(path);
    REQUIRE(b.ok());
    return b.value();
}
std::vector<std::string> bundled_models() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(cs_test::source_dir() + "/models"))
        if (e.path().extension() == ".onnx") out.push_back(e.path().string());
    return out;
}
}  // namespace

TEST_CASE("onnx_check: every bundled model passes", "[onnx_check]") {
    const auto models = bundled_models();
    REQUIRE(models.size() >= 6);
    for (const auto& m : models) {
        const auto b = bytes_of(m);
        INFO(m);
        CHECK(infer::check_onnx_bytes(b.data(), b.size(), m).ok());
    }
}

TEST_CASE("onnx_check: truncated models are refused, naming the file", "[onnx_check]") {
    const auto tiny = bytes_of(cs_test::source_dir() + "/models/tiny_affine.onnx");
    for (size_t cut = 0; cut < tiny.size(); ++cut) {
        auto st = infer::check_onnx_bytes(tiny.data(), cut, "tiny_affine.onnx");
        INFO("cut at " << cut);
        REQUIRE(!st.ok());
        CHECK(st.error().kind == ErrorKind::Model);
        CHECK(st.error().file == "tiny_affine.onnx");
    }
    for (const auto& m : bundled_models()) {
        const auto b = bytes_of(m);
        for (size_t k = 0; k < 200; ++k) {
            const size_t cut = b.size() * k / 200;
            INFO(m << " cut at " << cut);
            CHECK(!infer::check_onnx_bytes(b.data(), cut, m).ok());
        }
    }
    auto st = infer::check_onnx_bytes(tiny.data(), tiny.size() - 3, "t.onnx");
    REQUIRE(!st.ok());
    CHECK(st.error().message.find("truncated") != std::string::npos);
}

TEST_CASE("onnx_check: garbage, empty and JSON files are refused", "[onnx_check]") {
    CHECK(!infer::check_onnx_bytes(nullptr, 0, "empty.onnx").ok());
    const auto sidecar = bytes_of(cs_test::source_dir() + "/models/tiny_affine.json");
    CHECK(!infer::check_onnx_bytes(sidecar.data(), sidecar.size(), "tiny_affine.json").ok());
    std::mt19937 rng(17);
    size_t accepted = 0;
    for (int k = 0; k < 2000; ++k) {
        std::vector<uint8_t> g(1 + rng() % 4096);
        for (auto& b : g) b = static_cast<uint8_t>(rng());
        accepted += infer::check_onnx_bytes(g.data(), g.size(), "garbage.onnx").ok();
    }
    CHECK(accepted == 0);
    const std::vector<uint8_t> zeros(1000, 0);
    CHECK(!infer::check_onnx_bytes(zeros.data(), zeros.size(), "zeros.onnx").ok());
}
