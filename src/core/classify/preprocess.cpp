#include "classify/preprocess.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "base/json_int.hpp"

namespace crimescope::classify {

namespace {

bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Python's date(y, m, d).weekday(): Monday = 0; false when the date does not exist.
bool weekday_of(long y, long m, long d, int& wd) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > dim[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
    const int32_t days = days_from_civil(static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d));
    wd = static_cast<int>(((days % 7) + 7 + 3) % 7);   // 1970-01-01 was a Thursday (3)
    return true;
}

// `\s*(\d{1,2})/(\d{1,2})/(\d{4})` at the start of the text.
bool parse_mdy(const std::string& s, long& y, long& m, long& d) {
    size_t p = 0;
    while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
    auto num = [&](size_t lo, size_t hi, long& out) {
        size_t q = p;
        while (q < s.size() && q - p < hi && s[q] >= '0' && s[q] <= '9') ++q;
        if (q - p < lo) return false;
        out = std::strtol(s.substr(p, q - p).c_str(), nullptr, 10);
        p = q;
        return true;
    };
    if (!num(1, 2, m) || p >= s.size() || s[p++] != '/') return false;
    if (!num(1, 2, d) || p >= s.size() || s[p++] != '/') return false;
    return num(4, 4, y);
}

bool parse_float(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end && *end == 0;
}

}  // namespace

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) cur += static_cast<char>(std::tolower(u));
        else if (!cur.empty()) { out.push_back(cur); cur.clear(); }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

std::vector<std::string> Model::input_columns() const {
    std::vector<std::string> out;
    for (const auto& f : fields) {
        if (!f.column.empty()) out.push_back(f.column);
        for (const auto& c : f.columns) out.push_back(c);
    }
    return out;
}

ModelCard model_card_of(const std::string& text) {
    using nlohmann::json;
    ModelCard c;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return c;
    auto str = [](const json& o, const char* k) { return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string(); };
    auto whole = [](const json& o, const char* k) -> long long {
        if (!o.is_object() || !o.contains(k)) return 0;
        try { return json_int(o[k], k, 0, std::numeric_limits<long long>::max()); } catch (const json::exception&) { return 0; }
    };
    auto real = [](const json& o, const char* k) { return o.is_object() && o.contains(k) && o[k].is_number() ? o[k].get<double>() : 0.0; };
    c.model = str(j, "model");
    if (j.contains("split") && j["split"].is_object()) {
        const json& sp = j["split"];
        c.has_split = true;
        c.train = str(sp, "train");
        c.test = str(sp, "test");
        c.subsample = sp.contains("subsample") ? str(sp, "subsample") : std::string("none");
        c.test_rows = whole(sp, "test_rows");
    }
    c.parameters = whole(j, "parameters");
    c.flops_per_record = whole(j, "flops_per_record");
    c.sas_flops_saved_per_record = whole(j, "sas_flops_saved_per_record");
    if (j.contains("config")) c.config = j["config"].dump(-1, ' ', false, json::error_handler_t::replace);
    if (j.contains("metrics") && j["metrics"].is_object())
        for (auto it = j["metrics"].begin(); it != j["metrics"].end(); ++it) {
            if (!it.value().is_object()) continue;
            for (auto m = it.value().begin(); m != it.value().end(); ++m)
                c.metrics.push_back({it.key(), m.key(), real(m.value(), "accuracy"), real(m.value(), "macro_f1")});
        }
    c.leak_note = str(j, "leak_note");
    c.limits = str(j, "limits");
    return c;
}

Result<Model> load_model(const std::string& path) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(ErrorKind::Model, "sidecar is not valid JSON", path);
    Model m;
    m.sidecar_path = path;
    m.sidecar_text.assign(bytes->begin(), bytes->end());
    m.card = model_card_of(m.sidecar_text);
    try {
        m.dataset = j.at("dataset").get<std::string>();
        m.setting = j.value("setting", std::string());
        m.classes = j.at("output").at("classes").get<std::vector<std::string>>();
        m.width = static_cast<int>(json_int(j.at("input").at("width"), "input.width", 1, 1 << 20));
        std::string base = path;
        if (base.size() > 5 && base.substr(base.size() - 5) == ".json") base.resize(base.size() - 5);
        m.onnx_file = base + ".onnx";
        int width = 0;
        for (const auto& fj : j.at("fields")) {
            Field f;
            f.name = fj.at("name").get<std::string>();
            f.kind = fj.at("kind").get<std::string>();
            f.column = fj.value("column", std::string());
            if (fj.contains("columns")) f.columns = fj["columns"].get<std::vector<std::string>>();
            if (f.kind == "numeric") {
                f.median = fj.at("median").get<double>();
                f.center = fj.at("center").get<double>();
                f.scale = fj.at("scale").get<double>();
                f.clip_lo = fj.at("clip").at(0).get<double>();
                f.clip_hi = fj.at("clip").at(1).get<double>();
                f.has_floor = fj.contains("floor") && !fj["floor"].is_null();
                if (f.has_floor) f.floor = fj["floor"].get<double>();
                f.zero_missing = fj.value("zero_missing", false);
                if (!(f.scale > 0)) return make_error(ErrorKind::Model, "numeric scale must be > 0", path, 0, f.name);
            } else {
                f.vocab = fj.at("vocab").get<std::vector<std::string>>();
                for (size_t k = 0; k < f.vocab.size(); ++k) f.index.emplace(f.vocab[k], static_cast<int>(k));
                f.max_tokens = static_cast<int>(json_int_or(fj, "max_tokens", 0, 0, 1 << 16));
                f.strip_zeros = fj.value("strip_zeros", false);
                if (f.kind == "text" && f.max_tokens <= 0) return make_error(ErrorKind::Model, "text field needs max_tokens", path, 0, f.name);
                if (f.kind != "text" && f.kind != "categorical" && f.kind != "hhmm_hour" && f.kind != "mdy_weekday" && f.kind != "ymd_weekday")
                    return make_error(ErrorKind::Model, "unknown field kind '" + f.kind + "'", path, 0, f.name);
                if (f.kind == "ymd_weekday" && f.columns.size() != 3) return make_error(ErrorKind::Model, "ymd_weekday needs 3 columns", path, 0, f.name);
            }
            width += f.width();
            m.fields.push_back(std::move(f));
        }
        if (width != m.width) return make_error(ErrorKind::Model, "fields give width " + std::to_string(width) + ", input says " + std::to_string(m.width), path, 0, "input.width");
    } catch (const nlohmann::json::exception& e) {
        return make_error(ErrorKind::Model, std::string("sidecar: ") + e.what(), path);
    }
    return m;
}

std::string raw_value(const Field& f, const Getter& get) {
    if (f.kind == "hhmm_hour") {
        const std::string v = trim(get(f.column));
        if (!all_digits(v)) return "";
        const long n = std::strtol(v.c_str(), nullptr, 10);
        return v.size() <= 6 && n < 2400 ? std::to_string(n / 100) : "";
    }
    if (f.kind == "mdy_weekday") {
        long y, mo, d;
        int wd;
        if (!parse_mdy(get(f.column), y, mo, d) || !weekday_of(y, mo, d, wd)) return "";
        return std::to_string(wd);
    }
    if (f.kind == "ymd_weekday") {
        const std::string y = trim(get(f.columns[0])), mo = trim(get(f.columns[1])), d = trim(get(f.columns[2]));
        int wd;
        if (!all_digits(y) || !all_digits(mo) || !all_digits(d) || y.size() > 6 || mo.size() > 6 || d.size() > 6) return "";
        if (!weekday_of(std::atol(y.c_str()), std::atol(mo.c_str()), std::atol(d.c_str()), wd)) return "";
        return std::to_string(wd);
    }
    std::string v = trim(get(f.column));
    if (f.strip_zeros && all_digits(v)) {
        size_t p = v.find_first_not_of('0');
        v = p == std::string::npos ? "0" : v.substr(p);
    }
    if (f.kind == "categorical" && v.size() > 2 && v.compare(v.size() - 2, 2, ".0") == 0 && all_digits(v.substr(0, v.size() - 2))) v.resize(v.size() - 2);
    return v;
}

namespace {
void encode_field(const Field& f, const std::string& raw, bool blank, float*& out) {
    if (f.is_text()) {
        const auto toks = blank ? std::vector<std::string>{} : tokens(raw);
        for (int q = 0; q < f.max_tokens; ++q) {
            if (q < static_cast<int>(toks.size())) {
                auto it = f.index.find(toks[static_cast<size_t>(q)]);
                *out++ = static_cast<float>(it == f.index.end() ? 1 : it->second);
            } else {
                *out++ = 0;
            }
        }
        return;
    }
    if (f.is_numeric()) {
        double x;
        if (blank || !parse_float(raw, x) || (f.has_floor && x < f.floor) || (f.zero_missing && x == 0)) x = f.median;
        x = std::min(std::max(x, f.clip_lo), f.clip_hi);
        *out++ = static_cast<float>((x - f.center) / f.scale);
        return;
    }
    auto it = blank ? f.index.end() : f.index.find(raw);
    *out++ = static_cast<float>(it == f.index.end() ? 0 : it->second);
}
}  // namespace

void encode(const Model& m, const Getter& get, float* out, int blank) {
    for (size_t k = 0; k < m.fields.size(); ++k) encode_field(m.fields[k], raw_value(m.fields[k], get), static_cast<int>(k) == blank, out);
}

void encode_values(const Model& m, const std::vector<std::string>& values, float* out, int blank) {
    for (size_t k = 0; k < m.fields.size(); ++k) encode_field(m.fields[k], k < values.size() ? values[k] : std::string(), static_cast<int>(k) == blank, out);
}

}  // namespace crimescope::classify
