// cmd_classify: crime-type classification with LCRNet (paper 000), natively with ONNX Runtime.
//   eval classify --model models/lcrnet_<ds>.json: the test months of the sidecar's data (../shared/data), the
//       preprocessing of src/core/classify, the ONNX model: accuracy, macro-F1, per-class metrics, confusion;
//       and the script's figures for every model and setting (from the sidecar) beside them.
//   classify --model ... --csv FILE: class probabilities per row of an analyst's CSV (JSON lines).
//   bench classify: native batch inference cases/s (preprocessing + model), 1 thread and all threads, and the
//       single-record latency.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "base/parallel.hpp"
#include "classify/dataset.hpp"
#include "classify/metrics.hpp"
#include "classify/preprocess.hpp"
#include "commands.hpp"
#ifdef CRIMESCOPE_HAVE_ORT
#include "infer/model_runner.hpp"
#endif

namespace crimescope::cli {

namespace {

struct ClassifyOptions {
    std::string model = "lapd", csv, data_root;
    int batch = 256, records = 0;
};
ClassifyOptions g_c;

std::string sidecar_path(const Context& ctx, const std::string& m) {
    if (m.find('/') != std::string::npos || (m.size() > 5 && m.substr(m.size() - 5) == ".json")) return m;
    return ctx.assets_dir + "/../models/lcrnet_" + m + ".json";
}

std::string data_root(const Context& ctx) { return g_c.data_root.empty() ? ctx.assets_dir + "/../../shared/data/incidents" : g_c.data_root; }

#ifdef CRIMESCOPE_HAVE_ORT
// Probabilities for rows [0, n) of `recs`, in batches.
Result<std::vector<float>> run_all(infer::ModelRunner& runner, const classify::Model& m, const classify::Records& recs, size_t n, int batch) {
    std::vector<float> probs;
    probs.reserve(n * m.classes.size());
    const size_t w = static_cast<size_t>(m.width);
    for (size_t s = 0; s < n; s += static_cast<size_t>(batch)) {
        const size_t b = std::min(n - s, static_cast<size_t>(batch));
        infer::NamedTensor in{"x", {{static_cast<int64_t>(b), static_cast<int64_t>(w)}, std::vector<float>(b * w)}};
        for (size_t r = 0; r < b; ++r) classify::encode(m, recs.getter(s + r), &in.tensor.values[r * w]);
        auto out = runner.run({in});
        if (!out) return out.error();
        const auto& v = out.value()[0].tensor.values;
        probs.insert(probs.end(), v.begin(), v.end());
    }
    return probs;
}
#endif

void fail(Context& ctx, const std::string& msg) {
    std::fprintf(stderr, "error: %s\n", msg.c_str());
    ctx.exit_code = 1;
}

void run_eval(Context& ctx) {
#ifdef CRIMESCOPE_HAVE_ORT
    auto m = classify::load_model(sidecar_path(ctx, g_c.model));
    if (!m) return fail(ctx, m.error().to_string());
    IngestReport rep;
    auto recs = classify::load_split(m.value(), data_root(ctx), "test", rep);
    if (!recs) return fail(ctx, recs.error().to_string() + " (the evaluation reads ../shared/data; it is not on a user's machine)");
    auto runner = infer::load_onnx_model(m->onnx_file, 0);
    if (!runner) return fail(ctx, runner.error().to_string());
    const size_t n = recs->rows.size(), C = m->classes.size();
    auto probs = run_all(*runner.value(), m.value(), recs.value(), n, g_c.batch);
    if (!probs) return fail(ctx, probs.error().to_string());
    std::vector<std::vector<long>> cm(C, std::vector<long>(C, 0));
    size_t used = 0, unknown = 0;
    for (size_t r = 0; r < n; ++r) {
        if (recs->label[r] < 0) { ++unknown; continue; }
        const float* p = &probs.value()[r * C];
        const size_t pred = static_cast<size_t>(std::max_element(p, p + C) - p);
        cm[static_cast<size_t>(recs->label[r])][pred]++;
        ++used;
    }
    const auto mt = classify::metrics_of(cm);
    std::printf("eval classify: %s (%s setting), test months of the sidecar's split: %zu records (%zu with a class the model does not have, left out)\n",
                m->dataset.c_str(), m->setting.c_str(), used, unknown);
    std::printf("  %-26s %9s %7s %7s %8s\n", "class", "precision", "recall", "F1", "support");
    for (size_t c = 0; c < C; ++c)
        std::printf("  %-26s %9.3f %7.3f %7.3f %8ld\n", m->classes[c].c_str(), mt.precision[c], mt.recall[c], mt.f1[c], mt.support[c]);
    std::printf("  LCRNet (ONNX Runtime, C++ preprocessing): accuracy %.4f, macro-F1 %.4f\n", mt.accuracy, mt.macro_f1);
    std::printf("  confusion (rows = true, columns = predicted):\n");
    for (size_t c = 0; c < C; ++c) {
        std::printf("    %-24s", m->classes[c].c_str());
        for (size_t k = 0; k < C; ++k) std::printf(" %6ld", cm[c][k]);
        std::printf("\n");
    }
    // The training script's figures for every model and setting, same test months.
    auto j = nlohmann::json::parse(m->sidecar_text, nullptr, false);
    if (!j.is_discarded() && j.contains("metrics")) {
        std::printf("  from the training script (same split; %s):\n", j["split"].value("test", std::string()).c_str());
        for (auto it = j["metrics"].begin(); it != j["metrics"].end(); ++it) {
            std::printf("    %s\n", it.key().c_str());
            for (auto mt = it.value().begin(); mt != it.value().end(); ++mt)
                std::printf("      %-30s accuracy %.3f  macro-F1 %.3f%s\n", mt.key().c_str(), mt.value().value("accuracy", 0.0), mt.value().value("macro_f1", 0.0),
                            mt.value().contains("parameters") ? ("  (" + std::to_string(mt.value()["parameters"].get<long>()) + " parameters)").c_str() : "");
        }
    }
#else
    fail(ctx, "built without ONNX Runtime");
#endif
}

void run_bench(Context& ctx) {
#ifdef CRIMESCOPE_HAVE_ORT
    auto m = classify::load_model(sidecar_path(ctx, g_c.model));
    if (!m) return fail(ctx, m.error().to_string());
    IngestReport rep;
    auto recs = classify::load_split(m.value(), data_root(ctx), "test", rep);
    if (!recs) return fail(ctx, recs.error().to_string());
    const size_t n = g_c.records > 0 ? std::min<size_t>(recs->rows.size(), static_cast<size_t>(g_c.records)) : recs->rows.size();
    using Clock = std::chrono::steady_clock;
    auto secs = [](Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); };
    // Preprocessing alone.
    std::vector<float> x(n * static_cast<size_t>(m->width));
    auto t0 = Clock::now();
    for (size_t r = 0; r < n; ++r) classify::encode(m.value(), recs->getter(r), &x[r * static_cast<size_t>(m->width)]);
    const double t_pre = secs(t0);
    std::printf("bench classify: %s, %zu test records, batch %d\n", m->dataset.c_str(), n, g_c.batch);
    std::printf("  preprocessing only: %.0f records/s\n", double(n) / t_pre);
    for (int threads : {1, 0}) {
        auto runner = infer::load_onnx_model(m->onnx_file, threads);
        if (!runner) return fail(ctx, runner.error().to_string());
        (void)run_all(*runner.value(), m.value(), recs.value(), std::min<size_t>(n, 512), g_c.batch);   // warm-up
        t0 = Clock::now();
        auto p = run_all(*runner.value(), m.value(), recs.value(), n, g_c.batch);
        if (!p) return fail(ctx, p.error().to_string());
        const double t = secs(t0);
        std::printf("  preprocessing + ONNX Runtime, %s: %.0f cases/s (target >= 5,000 on 2 cores)\n",
                    threads == 1 ? "1 thread" : ("all " + std::to_string(worker_count()) + " threads").c_str(), double(n) / t);
        if (threads == 1) {
            t0 = Clock::now();
            const size_t k = std::min<size_t>(n, 300);
            for (size_t r = 0; r < k; ++r) (void)run_all(*runner.value(), m.value(), recs.value(), 1, 1);
            std::printf("  one record at a time (the form): %.3f ms per case\n", secs(t0) * 1000 / double(k));
        }
    }
#else
    fail(ctx, "built without ONNX Runtime");
#endif
}

void run_classify_csv(Context& ctx) {
#ifdef CRIMESCOPE_HAVE_ORT
    auto m = classify::load_model(sidecar_path(ctx, g_c.model));
    if (!m) return fail(ctx, m.error().to_string());
    IngestReport rep;
    auto recs = classify::load_csv(m.value(), g_c.csv, rep);
    if (!recs) return fail(ctx, recs.error().to_string());
    auto runner = infer::load_onnx_model(m->onnx_file, 0);
    if (!runner) return fail(ctx, runner.error().to_string());
    auto probs = run_all(*runner.value(), m.value(), recs.value(), recs->rows.size(), g_c.batch);
    if (!probs) return fail(ctx, probs.error().to_string());
    const size_t C = m->classes.size();
    for (size_t r = 0; r < recs->rows.size(); ++r) {
        nlohmann::json j;
        j["row"] = r + 1;
        for (size_t c = 0; c < C; ++c) j["probabilities"][m->classes[c]] = std::round(probs.value()[r * C + c] * 1e6) / 1e6;
        const float* p = &probs.value()[r * C];
        j["class"] = m->classes[static_cast<size_t>(std::max_element(p, p + C) - p)];
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
    if (rep.rows_skipped) std::fprintf(stderr, "%s\n", rep.summary().c_str());
#else
    fail(ctx, "built without ONNX Runtime");
#endif
}

}  // namespace

void register_classify(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("classify", "Crime type of each row of a CSV with an LCRNet model (JSON lines)");
    cmd->add_option("--model", g_c.model, "lapd, houston, vancouver or a sidecar path")->capture_default_str();
    cmd->add_option("--csv", g_c.csv, "CSV with the model's input columns")->required();
    cmd->callback([&ctx] { run_classify_csv(ctx); });
}

void register_eval_classify(CLI::App& eval, Context& ctx) {
    auto* cmd = eval.add_subcommand("classify", "LCRNet on the held-out test months (native ONNX Runtime, C++ preprocessing)");
    cmd->add_option("--model", g_c.model, "lapd, houston, vancouver or a sidecar path")->capture_default_str();
    cmd->add_option("--data", g_c.data_root, "the incidents folder (default ../shared/data/incidents)");
    cmd->callback([&ctx] { run_eval(ctx); });
}

void register_bench_classify(CLI::App& bench, Context& ctx) {
    auto* cmd = bench.add_subcommand("classify", "Native batch inference cases/s (preprocessing + ONNX Runtime)");
    cmd->add_option("--model", g_c.model, "lapd, houston, vancouver or a sidecar path")->capture_default_str();
    cmd->add_option("--data", g_c.data_root, "the incidents folder (default ../shared/data/incidents)");
    cmd->add_option("--batch", g_c.batch, "batch size")->capture_default_str();
    cmd->add_option("--records", g_c.records, "records (0: all test records)");
    cmd->callback([&ctx] { run_bench(ctx); });
}

}  // namespace crimescope::cli
