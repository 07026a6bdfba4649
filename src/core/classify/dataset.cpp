#include "classify/dataset.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "data/csv_reader.hpp"

namespace crimescope::classify {

namespace {
bool digits(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); }

struct DataSpec {
    std::vector<std::string> files;
    std::string dedupe, month_kind, month_column, label_column, label_default;
    std::vector<std::string> month_columns;
    std::string from, to;
    nlohmann::json label_map;
};

Result<DataSpec> data_spec(const Model& m, const std::string& part) {
    auto j = nlohmann::json::parse(m.sidecar_text, nullptr, false);
    if (j.is_discarded() || !j.contains("data")) return make_error(ErrorKind::Model, "sidecar has no data section", m.sidecar_path, 0, "data");
    DataSpec d;
    try {
        const auto& dj = j["data"];
        d.files = dj.at("files").get<std::vector<std::string>>();
        d.dedupe = dj["dedupe"].is_null() ? "" : dj["dedupe"].get<std::string>();
        d.month_kind = dj.at("month").at("kind").get<std::string>();
        d.month_column = dj["month"].value("column", std::string());
        if (dj["month"].contains("columns")) d.month_columns = dj["month"]["columns"].get<std::vector<std::string>>();
        d.from = dj.at(part).at(0).get<std::string>();
        d.to = dj.at(part).at(1).get<std::string>();
        d.label_column = dj.at("label_column").get<std::string>();
        d.label_map = dj.value("label_map", nlohmann::json());
        d.label_default = dj["label_default"].is_null() ? "" : dj["label_default"].get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        return make_error(ErrorKind::Model, std::string("sidecar data: ") + e.what(), m.sidecar_path, 0, "data");
    }
    return d;
}

std::string label_of(const DataSpec& d, const std::string& raw) {
    std::string v = trim(raw);
    if (d.label_map.is_object()) {
        size_t p = v.find_first_not_of('0');
        const std::string key = p == std::string::npos ? "" : v.substr(p);
        auto it = d.label_map.find(key);
        return it == d.label_map.end() ? d.label_default : it->get<std::string>();
    }
    return v;
}

Result<Records> read(const Model& m, const std::vector<std::string>& paths, const DataSpec* d, bool split, IngestReport& report) {
    Records out;
    std::set<std::string> want;
    for (const auto& c : m.input_columns()) want.insert(c);
    if (d) {
        want.insert(d->label_column);
        if (!d->dedupe.empty()) want.insert(d->dedupe);
        if (!d->month_column.empty()) want.insert(d->month_column);
        for (const auto& c : d->month_columns) want.insert(c);
    }
    out.columns.assign(want.begin(), want.end());
    for (size_t k = 0; k < out.columns.size(); ++k) out.col[out.columns[k]] = static_cast<int>(k);
    std::unordered_map<std::string, int> cls;
    for (size_t k = 0; k < m.classes.size(); ++k) cls[m.classes[k]] = static_cast<int>(k);
    std::set<std::string> seen;
    for (const auto& path : paths) {
        auto rd = data::CsvReader::open(path);
        if (!rd) return rd.error();
        auto& r = *rd.value();
        if (!r.next_record()) return data::error_or(r, make_error(ErrorKind::Format, "empty file", path, 1));
        std::vector<int> at(out.columns.size(), -1);
        size_t ncol = r.fields().size();
        for (size_t k = 0; k < r.fields().size(); ++k) {
            auto it = out.col.find(std::string(r.fields()[k]));
            if (it != out.col.end()) at[static_cast<size_t>(it->second)] = static_cast<int>(k);
        }
        for (const auto& c : m.input_columns())
            if (at[static_cast<size_t>(out.col[c])] < 0) return make_error(ErrorKind::MissingColumn, "no column '" + c + "' (an input of the model)", path, 1, c);
        report.file = path;
        while (r.next_record()) {
            const auto& f = r.fields();
            if (f.size() == 1 && f[0].empty()) continue;
            ++report.rows_read;
            if (f.size() != ncol) { report.add(IssueKind::RaggedRow, r.record_line(), "", "field count differs from the header"); ++report.rows_skipped; continue; }
            std::vector<std::string> row(out.columns.size());
            for (size_t k = 0; k < at.size(); ++k)
                if (at[k] >= 0) row[k] = std::string(f[static_cast<size_t>(at[k])]);
            std::string month;
            if (d && split) {
                if (!d->dedupe.empty()) {
                    std::string key = row[static_cast<size_t>(out.col[d->dedupe])];
                    size_t p = key.find_first_not_of('0');
                    key = p == std::string::npos ? "" : key.substr(p);
                    if (!seen.insert(key).second) continue;   // a duplicate across the samples (not an error)
                }
                if (d->month_kind == "mdy") {
                    const std::string v = row[static_cast<size_t>(out.col[d->month_column])];
                    size_t p = 0;
                    while (p < v.size() && std::isspace(static_cast<unsigned char>(v[p]))) ++p;
                    const size_t s1 = v.find('/', p), s2 = s1 == std::string::npos ? s1 : v.find('/', s1 + 1);
                    if (s2 != std::string::npos && s1 - p >= 1 && s1 - p <= 2 && s2 - s1 - 1 >= 1 && s2 - s1 - 1 <= 2 && v.size() >= s2 + 5 &&
                        digits(v.substr(p, s1 - p)) && digits(v.substr(s1 + 1, s2 - s1 - 1)) && digits(v.substr(s2 + 1, 4))) {
                        const int mo = std::stoi(v.substr(p, s1 - p));
                        char b[16];
                        std::snprintf(b, sizeof b, "%s-%02d", v.substr(s2 + 1, 4).c_str(), mo);
                        month = b;
                    }
                } else if (d->month_kind == "ymd") {
                    month = row[static_cast<size_t>(out.col[d->month_column])].substr(0, 7);
                } else {
                    const std::string y = row[static_cast<size_t>(out.col[d->month_columns[0]])], mo = row[static_cast<size_t>(out.col[d->month_columns[1]])];
                    if (digits(y) && digits(mo)) {
                        char b[32];
                        std::snprintf(b, sizeof b, "%04d-%02d", std::stoi(y), std::stoi(mo));
                        month = b;
                    }
                }
                if (month.empty()) { report.add(IssueKind::BadDate, r.record_line(), d->month_column, "no month"); ++report.rows_skipped; continue; }
                if (month < d->from || month > d->to) continue;
            }
            ++report.rows_kept;
            int label = -1;
            if (d && at[static_cast<size_t>(out.col[d->label_column])] >= 0) {
                auto it = cls.find(label_of(*d, row[static_cast<size_t>(out.col[d->label_column])]));
                label = it == cls.end() ? -1 : it->second;
            }
            out.rows.push_back(std::move(row));
            out.label.push_back(label);
            out.month.push_back(month);
        }
        if (const auto* e = r.error()) return *e;
    }
    return out;
}
}  // namespace

Getter Records::getter(size_t row) const {
    return [this, row](const std::string& c) {
        auto it = col.find(c);
        return it == col.end() ? std::string() : rows[row][static_cast<size_t>(it->second)];
    };
}

Result<Records> load_split(const Model& m, const std::string& root, const std::string& part, IngestReport& report) {
    auto d = data_spec(m, part);
    if (!d) return d.error();
    std::vector<std::string> paths;
    for (const auto& f : d->files) paths.push_back(root + "/" + f);
    return read(m, paths, &d.value(), true, report);
}

Result<Records> load_csv(const Model& m, const std::string& path, IngestReport& report) {
    auto d = data_spec(m, "test");
    if (!d) return d.error();
    return read(m, {path}, &d.value(), false, report);   // labels when the file has the label column
}

}  // namespace crimescope::classify
