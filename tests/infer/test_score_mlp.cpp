// The exported crime-score MLPs give the sidecar's PyTorch reference outputs through ONNX Runtime (1e-5).
#include <catch2/catch.hpp>

#include <dirent.h>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "infer/model_runner.hpp"

using namespace crimescope;

TEST_CASE("score MLP: ONNX Runtime matches the PyTorch reference outputs", "[onnx][score]") {
    std::string dir = std::string(CS_SOURCE_DIR) + "/models/";
    DIR* d = opendir(dir.c_str());
    REQUIRE(d);
    int models = 0;
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n.rfind("score_mlp_", 0) != 0 || n.size() < 5 || n.substr(n.size() - 5) != ".json") continue;
        INFO(n);
        auto bytes = read_file_bytes(dir + n);
        REQUIRE(bytes.ok());
        auto j = nlohmann::json::parse(bytes->begin(), bytes->end());
        auto runner = infer::load_onnx_model(dir + n.substr(0, n.size() - 5) + ".onnx");
        REQUIRE(runner.ok());
        const auto& ins = j["reference"]["inputs"];
        const auto& outs = j["reference"]["outputs"];
        std::vector<float> x;
        for (const auto& row : ins)
            for (const auto& v : row) x.push_back(v.get<float>());
        auto y = runner.value()->run({{"features", {{static_cast<int64_t>(ins.size()), 20}, x}}});
        REQUIRE(y.ok());
        REQUIRE((*y)[0].tensor.values.size() == outs.size());
        for (size_t i = 0; i < outs.size(); ++i) CHECK((*y)[0].tensor.values[i] == Approx(outs[i].get<double>()).margin(1e-5));
        ++models;
    }
    closedir(d);
    CHECK(models >= 1);
}
