// cmd_infer: run an ONNX model on one float input given on the command line (checks the runtime).
#include <cstdio>
#include <sstream>

#include "commands.hpp"
#ifdef CRIMESCOPE_HAVE_ORT
#include "infer/model_runner.hpp"
#endif

namespace crimescope::cli {

void register_infer(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("infer", "Run an ONNX model on a float vector (batch 1)");
    static std::string model, values;
    cmd->add_option("model", model, "model.onnx")->required();
    cmd->add_option("--input", values, "comma-separated floats")->required();
    cmd->callback([&ctx] {
#ifdef CRIMESCOPE_HAVE_ORT
        std::vector<float> v;
        std::stringstream ss(values);
        std::string item;
        while (std::getline(ss, item, ',')) v.push_back(std::stof(item));
        auto runner = infer::load_onnx_model(model);
        if (!runner) { std::fprintf(stderr, "error: %s\n", runner.error().to_string().c_str()); ctx.exit_code = 1; return; }
        infer::NamedTensor in{runner.value()->input_names().at(0), {{1, static_cast<int64_t>(v.size())}, v}};
        auto out = runner.value()->run({in});
        if (!out) { std::fprintf(stderr, "error: %s\n", out.error().to_string().c_str()); ctx.exit_code = 1; return; }
        for (const auto& t : out.value()) {
            std::printf("%s:", t.name.c_str());
            for (float x : t.tensor.values) std::printf(" %.7g", static_cast<double>(x));
            std::printf("\n");
        }
#else
        std::fprintf(stderr, "error: this build has no ONNX Runtime\n");
        ctx.exit_code = 2;
#endif
    });
}

}  // namespace crimescope::cli
