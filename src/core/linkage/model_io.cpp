// model_io.cpp: see model_io.hpp.
#include "linkage/model_io.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "base/file_io.hpp"

namespace crimescope::linkage {

using nlohmann::json;

std::string model_json(const Model& md) {
    json j;
    j["format_version"] = kModelFormatVersion;
    j["method"] = md.method;
    j["set"] = md.set;
    j["input_names"] = md.input_names;
    j["feature_names"] = md.feature_names;
    j["feature_of_input"] = md.feature_of_input;
    j["params"] = md.params;
    j["kept"] = md.kept;
    json tables = json::object();
    for (const auto& t : md.tables) tables[t.feature] = {{"values", t.values}, {"sim", t.sim}};
    j["tables"] = tables;
    j["ks_m1"] = md.ks_m1;
    j["m2"] = md.m2;
    j["threshold"] = {{"top_share", md.top_share}, {"probability", md.threshold}};
    json curve = json::array();
    for (const auto& c : md.training_curve) curve.push_back({c.threshold, c.precision, c.recall});
    j["training_pr_curve"] = curve;
    j["training"] = {{"pairs", md.training_pairs}, {"linked", md.linked_pairs}, {"window_days", md.window_days}, {"note", md.note}};
    return j.dump(1, ' ', false, json::error_handler_t::replace);
}

namespace {

Error bad(const std::string& file, const std::string& field, const std::string& message) {
    return make_error(ErrorKind::Model, message, file, 0, field);
}

bool finite_numbers(const json& v, size_t& bad_at) {
    if (!v.is_array()) return false;
    for (size_t k = 0; k < v.size(); ++k)
        if (!v[k].is_number() || !std::isfinite(v[k].get<double>())) { bad_at = k; return false; }
    return true;
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// A required array of finite numbers, each within [lo, hi].
Status numbers(const json& j, const char* key, const std::string& file, std::vector<double>& out, bool required = true,
               double lo = -1e300, double hi = 1e300) {
    if (!j.contains(key)) {
        if (required) return bad(file, key, "missing");
        return Ok{};
    }
    size_t at = 0;
    if (!finite_numbers(j[key], at))
        return bad(file, key, j[key].is_array() ? "element " + std::to_string(at) + " is not a finite number" : "is not an array of numbers");
    out = j[key].get<std::vector<double>>();
    for (size_t k = 0; k < out.size(); ++k)
        if (out[k] < lo || out[k] > hi)
            return bad(file, key, "element " + std::to_string(k) + " (" + number_text(out[k]) + ") is outside [" + number_text(lo) + ", " +
                                      number_text(hi) + "]");
    return Ok{};
}

// A trained network's weights stay far below this (L2-regularised, 600 Adam steps of 0.05); a file with larger
// ones is hostile or corrupt, and sums of such weights overflow to inf - inf = NaN scores.
constexpr double kMaxAbsParam = 1e6;

Status strings(const json& j, const char* key, const std::string& file, std::vector<std::string>& out) {
    if (!j.contains(key)) return bad(file, key, "missing");
    const auto& v = j[key];
    if (!v.is_array()) return bad(file, key, "is not an array of names");
    for (size_t k = 0; k < v.size(); ++k)
        if (!v[k].is_string()) return bad(file, key, "element " + std::to_string(k) + " is not a string");
    out = v.get<std::vector<std::string>>();
    return Ok{};
}

}  // namespace

Result<Model> parse_model(const std::string& text, const std::string& file) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        return make_error(ErrorKind::Corrupt, std::string("not a complete JSON model (truncated or corrupt near byte ") + std::to_string(e.byte) + ")", file);
    } catch (const json::exception& e) {   // out_of_range 406: a number such as 1e309 overflows a double
        return make_error(ErrorKind::Model, std::string("a number in the model is out of range (") + e.what() + ")", file);
    }
    if (!j.is_object()) return make_error(ErrorKind::Format, "not a linkage model (a JSON object from `crimescope-cli link train`)", file);
    if (j.contains("format_version")) {   // absent: version 1 (the same fields)
        if (!j["format_version"].is_number_integer()) return bad(file, "format_version", "is not an integer");
        const int64_t v64 = j["format_version"].get<int64_t>();   // unsigned above 2^63 reads negative: refused
        if (v64 < 1) return bad(file, "format_version", "is " + std::to_string(v64) + ", not a version");
        if (v64 > kModelFormatVersion)
            return make_error(ErrorKind::Version, "format version " + std::to_string(v64) + " is newer than this build reads (" + std::to_string(kModelFormatVersion) + ")", file, 0, "format_version");
    }
    Model md;
    if (j.contains("method") && j["method"].is_string()) md.method = j["method"].get<std::string>();
    if (j.contains("set") && j["set"].is_string()) md.set = j["set"].get<std::string>();
    Status st = strings(j, "input_names", file, md.input_names);
    if (!st) return st.error();
    if (!(st = strings(j, "feature_names", file, md.feature_names))) return st.error();
    std::vector<double> v;
    if (!(st = numbers(j, "feature_of_input", file, v))) return st.error();
    if (v.size() != md.input_names.size())
        return bad(file, "feature_of_input", std::to_string(v.size()) + " entries for " + std::to_string(md.input_names.size()) + " inputs");
    for (double f : v) {
        if (f != std::floor(f) || f < 0 || f >= static_cast<double>(md.feature_names.size()))
            return bad(file, "feature_of_input", "an entry is not the index of one of the " + std::to_string(md.feature_names.size()) + " features");
        md.feature_of_input.push_back(static_cast<int>(f));
    }
    if (!(st = numbers(j, "params", file, md.params, true, -kMaxAbsParam, kMaxAbsParam))) return st.error();
    // The network of paper 003: ω per input, b and θ per feature, θ0.
    const size_t want = md.input_names.size() + 2 * md.feature_names.size() + 1;
    if (md.params.size() != want)
        return bad(file, "params", std::to_string(md.params.size()) + " numbers, the network with these inputs has " + std::to_string(want));
    if (!(st = numbers(j, "kept", file, v))) return st.error();
    if (v.size() != md.input_names.size()) return bad(file, "kept", std::to_string(v.size()) + " entries for " + std::to_string(md.input_names.size()) + " inputs");
    for (double k : v) {
        if (k != 0 && k != 1) return bad(file, "kept", "an entry is not 0 or 1");
        md.kept.push_back(static_cast<uint8_t>(k));
    }
    if (!j.contains("threshold") || !j["threshold"].is_object()) return bad(file, "threshold", "missing");
    const auto& th = j["threshold"];
    if (!th.contains("top_share") || !th["top_share"].is_number()) return bad(file, "threshold.top_share", "missing or not a number");
    md.top_share = th["top_share"].get<double>();
    if (!(md.top_share > 0 && md.top_share <= 1)) return bad(file, "threshold.top_share", "not in (0, 1]");
    if (th.contains("probability")) {
        if (!th["probability"].is_number()) return bad(file, "threshold.probability", "is not a number");
        md.threshold = th["probability"].get<double>();
        if (!(md.threshold >= 0 && md.threshold <= 1)) return bad(file, "threshold.probability", "not a probability in [0, 1]");
    }
    if (j.contains("tables")) {
        const auto& t = j["tables"];
        if (!t.is_object()) return bad(file, "tables", "is not an object of feature: table");
        for (auto it = t.begin(); it != t.end(); ++it) {
            const std::string field = "tables." + it.key();
            const auto& tv = it.value();
            if (!tv.is_object()) return bad(file, field, "is not {values, sim}");
            ModelTable mt;
            mt.feature = it.key();
            if (!(st = strings(tv, "values", file + ": " + field, mt.values))) return bad(file, field + ".values", st.error().message);
            if (!(st = numbers(tv, "sim", file, mt.sim, true, 0, 1))) return bad(file, field + ".sim", st.error().message);
            if (mt.sim.size() != mt.values.size() * mt.values.size())
                return bad(file, field + ".sim", std::to_string(mt.sim.size()) + " numbers, not values x values (" + std::to_string(mt.values.size()) + " values)");
            md.tables.push_back(std::move(mt));
        }
    }
    if (!(st = numbers(j, "ks_m1", file, md.ks_m1, false))) return st.error();
    if (!(st = numbers(j, "m2", file, md.m2, false))) return st.error();
    if (j.contains("training_pr_curve")) {
        const auto& c = j["training_pr_curve"];
        if (!c.is_array()) return bad(file, "training_pr_curve", "is not an array");
        for (const auto& p : c) {
            size_t at = 0;
            if (!finite_numbers(p, at) || p.size() != 3) return bad(file, "training_pr_curve", "a point is not [threshold, precision, recall]");
            md.training_curve.push_back({p[0].get<double>(), p[1].get<double>(), p[2].get<double>()});
        }
    }
    if (j.contains("training") && j["training"].is_object()) {
        const auto& t = j["training"];
        if (t.contains("pairs") && t["pairs"].is_number_unsigned()) md.training_pairs = t["pairs"].get<size_t>();
        if (t.contains("linked") && t["linked"].is_number_unsigned()) md.linked_pairs = t["linked"].get<size_t>();
        if (t.contains("window_days") && t["window_days"].is_number_integer()) {
            const int64_t w = t["window_days"].get<int64_t>();
            if (w < 0 || w > 1000000) return bad(file, "training.window_days", "is " + std::to_string(w) + ", not a number of days");
            md.window_days = static_cast<int>(w);
        }
        if (t.contains("note") && t["note"].is_string()) md.note = t["note"].get<std::string>();
    }
    return md;
}

Status save_model(const std::string& path, const Model& model) { return write_file_atomic(path, model_json(model)); }

Result<Model> load_model(const std::string& path) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    return parse_model(std::string(bytes->begin(), bytes->end()), path);
}

}  // namespace crimescope::linkage
