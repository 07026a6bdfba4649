// model_native.cpp: platform::run_model on the desktop, through ONNX Runtime (infer::load_onnx_model).
#include <map>
#include <memory>
#include <sys/stat.h>

#include "infer/model_runner.hpp"
#include "platform/platform.hpp"

namespace crimescope::platform {

namespace {
std::string models_dir() { return asset_path("../models"); }
}

std::string models_path(const std::string& rel) { return models_dir() + "/" + rel; }

void run_model(const std::string& file, const std::vector<float>& input, const std::vector<int64_t>& shape, ModelDone done) {
    static std::map<std::string, std::unique_ptr<infer::ModelRunner>> cache;
    auto it = cache.find(file);
    if (it == cache.end()) {
        auto r = infer::load_onnx_model(models_dir() + "/" + file);
        if (!r) { done({}, r.error().to_string()); return; }
        it = cache.emplace(file, std::move(r.value())).first;
    }
    auto out = it->second->run({{it->second->input_names().at(0), {shape, input}}});
    if (!out) { done({}, out.error().to_string()); return; }
    done(out->at(0).tensor.values, "");
}

}  // namespace crimescope::platform
