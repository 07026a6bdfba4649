// app_classify.cpp: App's work for the classifier view (paper 000): load a model's sidecar, encode the form
// (once as typed and once per field blanked, in one batch: the occlusion), run the ONNX model (ONNX Runtime
// natively, ONNX Runtime Web in the browser, loaded on first use), and batch runs with their metrics.
#include <algorithm>
#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "base/file_io.hpp"
#include "classify/dataset.hpp"
#include "classify/metrics.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

namespace {
double ms_clock() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
std::string onnx_name(const classify::Model& m) { return "lcrnet_" + m.dataset + ".onnx"; }
}  // namespace

void App::update_classify() {
    auto& C = m_state.cls;
    if (C.available.empty()) {
        for (const char* ds : {"lapd", "houston", "vancouver"}) {
            if (std::FILE* f = std::fopen(platform::models_path(std::string("lcrnet_") + ds + ".json").c_str(), "rb")) {
                std::fclose(f);
                C.available.push_back(ds);
            }
        }
        if (C.available.empty()) { C.error = "no LCRNet model found (models/lcrnet_<dataset>.json)"; return; }
        for (size_t k = 0; k < C.available.size(); ++k)
            if (C.available[k] == m_opts.classify_model) C.model_index = static_cast<int>(k);
        if (m_opts.classify_check) C.want_reference = true;
    }
    const std::string want = C.available[static_cast<size_t>(std::clamp(C.model_index, 0, static_cast<int>(C.available.size()) - 1))];
    if (want != C.loaded) {
        auto m = classify::load_model(platform::models_path("lcrnet_" + want + ".json"));
        C.loaded = want;
        C.probs.clear();
        C.occlusion.clear();
        C.batch = {};
        if (!m) { C.error = m.error().to_string(); return; }
        C.error.clear();
        C.model = std::move(m.value());
        C.form.assign(C.model.fields.size(), {});
        C.want_example = true;
    }
    if (!C.error.empty()) return;
    const auto& model = C.model;
    const size_t W = static_cast<size_t>(model.width), F = model.fields.size();
    if (C.want_example) {
        // Start the form on the first reference record (a real held-out report), so it shows a worked case.
        C.want_example = false;
        const std::string ds = C.loaded;
        platform::fetch_model_file("lcrnet_" + ds + ".reference.json", [this, ds](const std::string& path, const std::string& err) {
            auto& S = m_state.cls;
            if (S.loaded != ds || !err.empty()) return;
            auto bytes = read_file_bytes(path);
            if (!bytes) return;
            auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
            if (j.is_discarded() || !j.contains("records") || j["records"].empty()) return;
            const auto& rec = j["records"][0];
            for (size_t k = 0; k < S.model.fields.size(); ++k) {
                const std::string v = classify::raw_value(S.model.fields[k], [&](const std::string& c) { return rec.contains(c) ? rec[c].get<std::string>() : std::string(); });
                std::snprintf(S.form[k].data(), S.form[k].size(), "%s", v.c_str());
            }
            S.want_classify = true;
        });
    }
    if (C.want_classify && !C.pending) {
        C.want_classify = false;
        std::vector<std::string> values(F);
        for (size_t k = 0; k < F; ++k) values[k] = C.form[k].data();
        std::vector<float> x((F + 1) * W);
        classify::encode_values(model, values, x.data());
        for (size_t k = 0; k < F; ++k) classify::encode_values(model, values, &x[(k + 1) * W], static_cast<int>(k));
        C.pending = true;
        const int serial = ++C.serial;
        const double t0 = ms_clock();
        platform::run_model(onnx_name(model), x, {static_cast<int64_t>(F + 1), static_cast<int64_t>(W)},
                            [this, serial, t0, F](const std::vector<float>& y, const std::string& err) {
                                auto& S = m_state.cls;
                                if (serial != S.serial) return;
                                S.pending = false;
                                S.last_ms = ms_clock() - t0;
                                const size_t NC = S.model.classes.size();
                                if (!err.empty() || y.size() != (F + 1) * NC) { S.error = err.empty() ? "model output has the wrong size" : err; return; }
                                S.probs.assign(y.begin(), y.begin() + static_cast<long>(NC));
                                S.top = static_cast<int>(std::max_element(S.probs.begin(), S.probs.end()) - S.probs.begin());
                                S.occlusion.assign(F, 0);
                                for (size_t k = 0; k < F; ++k) S.occlusion[k] = S.probs[static_cast<size_t>(S.top)] - y[(k + 1) * NC + static_cast<size_t>(S.top)];
                            });
    }
    if (C.want_reference && !C.batch_pending) {
        C.want_reference = false;
        C.batch_pending = true;
        const std::string ds = C.loaded;
        platform::fetch_model_file("lcrnet_" + ds + ".reference.json", [this, ds](const std::string& path, const std::string& err) {
            auto& S = m_state.cls;
            if (S.loaded != ds) return;
            if (!err.empty()) { S.batch_pending = false; S.error = err; return; }
            auto bytes = read_file_bytes(path);
            auto j = bytes ? nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false) : nlohmann::json();
            if (!bytes || j.is_discarded() || !j.contains("records")) { S.batch_pending = false; S.error = path + ": not a reference file"; return; }
            std::vector<std::vector<std::string>> raw;
            std::vector<int> labels;
            std::vector<float> ref;
            for (size_t r = 0; r < j["records"].size(); ++r) {
                const auto& rec = j["records"][r];
                std::vector<std::string> v;
                for (const auto& f : S.model.fields)
                    v.push_back(classify::raw_value(f, [&](const std::string& c) { return rec.contains(c) ? rec[c].get<std::string>() : std::string(); }));
                raw.push_back(std::move(v));
                const std::string lab = j["labels"][r].get<std::string>();
                auto it = std::find(S.model.classes.begin(), S.model.classes.end(), lab);
                labels.push_back(it == S.model.classes.end() ? -1 : static_cast<int>(it - S.model.classes.begin()));
                for (const auto& p : j["probs"][r]) ref.push_back(p.get<float>());
            }
            classify_batch("the model's 200 held-out reference records (test months)", std::move(raw), std::move(labels), std::move(ref));
        });
    }
    if (C.want_csv && !C.batch_pending) {
        C.want_csv = false;
        IngestReport rep;
        auto recs = classify::load_csv(model, C.csv_path, rep);
        if (!recs) { C.error = recs.error().to_string(); return; }
        std::vector<std::vector<std::string>> raw;
        for (size_t r = 0; r < recs->rows.size(); ++r) {
            std::vector<std::string> v;
            for (const auto& f : model.fields) v.push_back(classify::raw_value(f, recs->getter(r)));
            raw.push_back(std::move(v));
        }
        C.batch_pending = true;
        classify_batch(std::string(C.csv_path) + (rep.rows_skipped ? " (" + rep.summary() + ")" : ""), std::move(raw), recs->label, {});
    }
}

void App::classify_batch(std::string source, std::vector<std::vector<std::string>> raw, std::vector<int> labels, std::vector<float> reference) {
    auto& C = m_state.cls;
    const auto& model = C.model;
    const size_t W = static_cast<size_t>(model.width), N = raw.size();
    std::vector<float> x(N * W);
    for (size_t r = 0; r < N; ++r) classify::encode_values(model, raw[r], &x[r * W]);
    const double t0 = ms_clock();
    const std::string ds = C.loaded;
    platform::run_model(onnx_name(model), x, {static_cast<int64_t>(N), static_cast<int64_t>(W)},
                        [this, ds, source, labels, reference, N, t0](const std::vector<float>& y, const std::string& err) {
                            auto& S = m_state.cls;
                            if (S.loaded != ds) return;
                            S.batch_pending = false;
                            const size_t NC = S.model.classes.size();
                            if (!err.empty() || y.size() != N * NC) { S.error = err.empty() ? "model output has the wrong size" : err; return; }
                            ClassifyBatch b;
                            b.source = source;
                            b.n = N;
                            b.ms_per_case = (ms_clock() - t0) / double(std::max<size_t>(1, N));
                            b.confusion.assign(NC, std::vector<long>(NC, 0));
                            for (size_t r = 0; r < N; ++r) {
                                if (r >= labels.size() || labels[r] < 0) continue;
                                const float* p = &y[r * NC];
                                b.confusion[static_cast<size_t>(labels[r])][static_cast<size_t>(std::max_element(p, p + NC) - p)]++;
                                ++b.labelled;
                            }
                            b.metrics = classify::metrics_of(b.confusion);
                            if (reference.size() == y.size()) {
                                b.max_abs_diff = 0;
                                for (size_t k = 0; k < y.size(); ++k) b.max_abs_diff = std::max(b.max_abs_diff, double(std::fabs(y[k] - reference[k])));
                            }
                            S.batch = std::move(b);
                        });
}

nlohmann::json App::classify_state_json() const {
    const auto& C = m_state.cls;
    nlohmann::json j;
    j["model"] = C.loaded;
    j["error"] = C.error;
    j["pending"] = C.pending;
    if (!C.probs.empty()) {
        nlohmann::json p = nlohmann::json::object(), o = nlohmann::json::object();
        for (size_t c = 0; c < C.probs.size(); ++c) p[C.model.classes[c]] = C.probs[c];
        for (size_t k = 0; k < C.occlusion.size(); ++k) o[C.model.fields[k].name] = C.occlusion[k];
        j["probabilities"] = p;
        j["occlusion"] = o;
        j["class"] = C.model.classes[static_cast<size_t>(C.top)];
        j["ms"] = C.last_ms;
    }
    if (C.batch.n) j["batch"] = {{"n", C.batch.n}, {"labelled", C.batch.labelled}, {"accuracy", C.batch.metrics.accuracy}, {"macro_f1", C.batch.metrics.macro_f1},
                                 {"max_abs_diff", C.batch.max_abs_diff}, {"ms_per_case", C.batch.ms_per_case}};
    j["batch_pending"] = C.batch_pending;
    return j;
}

}  // namespace crimescope::app
