// mlp_sidecar.cpp: see mlp_sidecar.hpp.
#include "score/mlp_sidecar.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "score/knn_features.hpp"

namespace crimescope::score {

using nlohmann::json;

namespace {

Error bad(const std::string& file, const std::string& field, const std::string& message) {
    return make_error(ErrorKind::Model, message, file, 0, field);
}

// split.<part>: ["YYYY-MM-DD", "YYYY-MM-DD"], first <= last.
Status date_range(const json& split, const char* part, const std::string& file, int32_t& first, int32_t& last,
                  std::string* text = nullptr) {
    const std::string field = std::string("split.") + part;
    if (!split.contains(part)) return bad(file, field, "missing");
    const json& r = split[part];
    if (!r.is_array() || r.size() != 2 || !r[0].is_string() || !r[1].is_string())
        return bad(file, field, "is not [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]");
    DateTime a, b;
    const std::string sa = r[0].get<std::string>(), sb = r[1].get<std::string>();
    if (!parse_datetime(sa, "%Y-%m-%d", a)) return bad(file, field, "not a date (\"" + sa.substr(0, 40) + "\")");
    if (!parse_datetime(sb, "%Y-%m-%d", b)) return bad(file, field, "not a date (\"" + sb.substr(0, 40) + "\")");
    if (b.day < a.day) return bad(file, field, "ends before it starts");
    first = a.day;
    last = b.day;
    if (text) *text = sa + " .. " + sb;
    return Ok{};
}

}  // namespace

Result<MlpSidecar> parse_mlp_sidecar(const std::string& text, const std::string& file) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Model, "sidecar is not valid JSON (truncated or corrupt)", file);
    if (!j.is_object()) return make_error(ErrorKind::Model, "sidecar is not a JSON object", file);
    MlpSidecar s;
    // inputs[0]: {name, shape ["N", 20]}
    if (!j.contains("inputs") || !j["inputs"].is_array() || j["inputs"].empty() || !j["inputs"][0].is_object())
        return bad(file, "inputs", "missing or not an array of inputs");
    const json& in = j["inputs"][0];
    if (in.contains("name")) {
        if (!in["name"].is_string() || in["name"].get<std::string>().empty()) return bad(file, "inputs[0].name", "is not a name");
        s.input_name = in["name"].get<std::string>();
    }
    if (!in.contains("shape") || !in["shape"].is_array() || in["shape"].size() != 2 || !in["shape"][1].is_number_unsigned())
        return bad(file, "inputs[0].shape", "is not [\"N\", features]");
    const uint64_t nf = in["shape"][1].get<uint64_t>();
    if (nf != static_cast<uint64_t>(kFeatureCount))
        return bad(file, "inputs[0].shape", std::to_string(nf) + " features; this build computes " + std::to_string(kFeatureCount));
    s.feature_count = static_cast<size_t>(nf);
    if (j.contains("outputs") && j["outputs"].is_array() && !j["outputs"].empty() && j["outputs"][0].is_object() &&
        j["outputs"][0].contains("name")) {
        if (!j["outputs"][0]["name"].is_string()) return bad(file, "outputs[0].name", "is not a name");
        s.output_name = j["outputs"][0]["name"].get<std::string>();
    }
    if (!j.contains("split") || !j["split"].is_object()) return bad(file, "split", "missing (the fit / dev / test periods)");
    const json& split = j["split"];
    Status st = date_range(split, "fit", file, s.fit_first_day, s.fit_last_day);
    if (!st) return st.error();
    if (!(st = date_range(split, "dev", file, s.dev_first_day, s.dev_last_day))) return st.error();
    if (!(st = date_range(split, "test", file, s.test_first_day, s.test_last_day, &s.test_period))) return st.error();
    if (j.contains("metrics") && j["metrics"].is_object() && j["metrics"].contains("test_l1") && j["metrics"]["test_l1"].is_object() &&
        j["metrics"]["test_l1"].contains("mlp")) {
        const json& v = j["metrics"]["test_l1"]["mlp"];
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
            return bad(file, "metrics.test_l1.mlp", "is not a finite non-negative number");
        s.test_l1_mlp = v.get<double>();
    }
    return s;
}

}  // namespace crimescope::score
