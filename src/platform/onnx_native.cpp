// onnx_native.cpp: ModelRunner over ONNX Runtime's C++ API (native builds). ORT throws Ort::Exception;
// every call is wrapped so that errors come back as Result values.
#include <onnxruntime_cxx_api.h>

#include "base/file_io.hpp"
#include "infer/model_runner.hpp"
#include "infer/onnx_check.hpp"

namespace crimescope::infer {

namespace {

Ort::Env& ort_env() {
    static Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "crimescope");
    return env;
}

class OrtRunner final : public ModelRunner {
public:
    OrtRunner(std::unique_ptr<Ort::Session> s, std::vector<std::string> in, std::vector<std::string> out)
        : m_session(std::move(s)), m_inputs(std::move(in)), m_outputs(std::move(out)) {}
    const std::vector<std::string>& input_names() const override { return m_inputs; }
    const std::vector<std::string>& output_names() const override { return m_outputs; }

    Result<std::vector<NamedTensor>> run(const std::vector<NamedTensor>& inputs) override {
        try {
            Ort::MemoryInfo mem = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
            std::vector<Ort::Value> values;
            std::vector<const char*> in_names, out_names;
            for (const auto& t : inputs) {
                values.push_back(Ort::Value::CreateTensor<float>(mem, const_cast<float*>(t.tensor.values.data()),
                                                                 t.tensor.values.size(), t.tensor.shape.data(),
                                                                 t.tensor.shape.size()));
                in_names.push_back(t.name.c_str());
            }
            for (const auto& n : m_outputs) out_names.push_back(n.c_str());
            auto outs = m_session->Run(Ort::RunOptions{nullptr}, in_names.data(), values.data(), values.size(),
                                       out_names.data(), out_names.size());
            std::vector<NamedTensor> result;
            for (size_t i = 0; i < outs.size(); ++i) {
                auto info = outs[i].GetTensorTypeAndShapeInfo();
                NamedTensor nt;
                nt.name = m_outputs[i];
                nt.tensor.shape = info.GetShape();
                const float* p = outs[i].GetTensorData<float>();
                nt.tensor.values.assign(p, p + info.GetElementCount());
                result.push_back(std::move(nt));
            }
            return result;
        } catch (const Ort::Exception& e) {
            return make_error(ErrorKind::Model, std::string("ONNX Runtime: ") + e.what());
        }
    }

private:
    std::unique_ptr<Ort::Session> m_session;
    std::vector<std::string> m_inputs, m_outputs;
};

}  // namespace

Result<std::unique_ptr<ModelRunner>> load_onnx_model(const std::string& path, int threads) {
    // A truncated or garbage file is refused here, before ONNX Runtime parses it (issue #17).
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    if (auto st = check_onnx_bytes(bytes->data(), bytes->size(), path); !st)
        return make_error(ErrorKind::Model, "cannot load model: " + st.error().message, path);
    try {
        Ort::SessionOptions so;
        so.SetIntraOpNumThreads(threads);
        so.SetInterOpNumThreads(1);
        auto session = std::make_unique<Ort::Session>(ort_env(), bytes->data(), bytes->size(), so);
        Ort::AllocatorWithDefaultOptions alloc;
        std::vector<std::string> in, out;
        for (size_t i = 0; i < session->GetInputCount(); ++i) in.emplace_back(session->GetInputNameAllocated(i, alloc).get());
        for (size_t i = 0; i < session->GetOutputCount(); ++i) out.emplace_back(session->GetOutputNameAllocated(i, alloc).get());
        return std::unique_ptr<ModelRunner>(new OrtRunner(std::move(session), std::move(in), std::move(out)));
    } catch (const Ort::Exception& e) {
        return make_error(ErrorKind::Model, std::string("cannot load model: ") + e.what(), path);
    }
}

}  // namespace crimescope::infer
