// LCRNet models: the C++ preprocessing gives exactly the training script's encoded input for the 200 fixed
// reference records (raw CSV fields -> x), and ONNX Runtime gives the script's probabilities within 1e-4.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "classify/preprocess.hpp"
#include "infer/model_runner.hpp"

using namespace crimescope;

TEST_CASE("LCRNet: C++ preprocessing and ONNX Runtime reproduce the script on 200 records", "[onnx][classify]") {
    const std::string dir = std::string(CS_SOURCE_DIR) + "/models/";
    DIR* d = opendir(dir.c_str());
    REQUIRE(d);
    int models = 0;
    while (dirent* e = readdir(d)) {
        const std::string n = e->d_name;
        if (n.rfind("lcrnet_", 0) != 0 || n.find(".reference.json") == std::string::npos) continue;
        const std::string base = dir + n.substr(0, n.size() - std::string(".reference.json").size());
        INFO(base);
        auto m = classify::load_model(base + ".json");
        REQUIRE(m.ok());
        auto bytes = read_file_bytes(dir + n);
        REQUIRE(bytes.ok());
        auto ref = nlohmann::json::parse(bytes->begin(), bytes->end());
        const auto& recs = ref["records"];
        const size_t N = recs.size(), W = static_cast<size_t>(m->width), C = m->classes.size();
        REQUIRE(N == 200);
        std::vector<float> x(N * W);
        size_t mismatches = 0;
        for (size_t r = 0; r < N; ++r) {
            const auto& rec = recs[r];
            classify::encode(m.value(), [&](const std::string& c) { return rec.contains(c) ? rec[c].get<std::string>() : std::string(); }, &x[r * W]);
            for (size_t k = 0; k < W; ++k) {
                const float want = ref["x"][r][k].get<float>();
                if (std::fabs(x[r * W + k] - want) > 1e-6f * std::max(1.0f, std::fabs(want))) {
                    if (mismatches++ < 5) FAIL_CHECK("record " << r << " input " << k << ": " << x[r * W + k] << " vs " << want);
                }
            }
        }
        CHECK(mismatches == 0);
        auto runner = infer::load_onnx_model(m->onnx_file);
        REQUIRE(runner.ok());
        auto y = runner.value()->run({{"x", {{static_cast<int64_t>(N), static_cast<int64_t>(W)}, x}}});
        REQUIRE(y.ok());
        const auto& p = (*y)[0].tensor.values;
        REQUIRE(p.size() == N * C);
        double worst = 0;
        for (size_t r = 0; r < N; ++r)
            for (size_t c = 0; c < C; ++c) worst = std::max(worst, std::fabs(double(p[r * C + c]) - ref["probs"][r][c].get<double>()));
        CHECK(worst < 5e-5);   // the browser test holds ORT Web to 5e-5 too: the two agree within 1e-4
        ++models;
    }
    closedir(d);
    CHECK(models >= 1);
}

TEST_CASE("LCRNet: a corrupt sidecar is a clear error naming the file and field", "[classify]") {
    const std::string bad = std::string(CS_SOURCE_DIR) + "/tests/fixtures/bad/lcrnet_bad_width.json";
    auto m = classify::load_model(bad);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().to_string().find("lcrnet_bad_width.json") != std::string::npos);
    CHECK(m.error().field == "input.width");
}
