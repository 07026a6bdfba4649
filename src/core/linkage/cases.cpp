#include "linkage/cases.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "base/dates.hpp"
#include "base/parallel.hpp"
#include "data/csv_reader.hpp"

namespace crimescope::linkage {

namespace {

Result<std::vector<std::map<std::string, std::string>>> read_csv_rows(const std::string& path) {
    auto r = data::CsvReader::open(path);
    if (!r) return r.error();
    auto& rd = *r.value();
    if (!rd.next_record()) return make_error(ErrorKind::Format, "empty file", path, 1);
    std::vector<std::string> header;
    for (auto f : rd.fields()) header.emplace_back(f);
    std::vector<std::map<std::string, std::string>> rows;
    while (rd.next_record()) {
        if (rd.fields().size() == 1 && rd.fields()[0].empty()) continue;
        if (rd.fields().size() != header.size())
            return make_error(ErrorKind::Format, std::to_string(rd.fields().size()) + " fields, header has " + std::to_string(header.size()), path, rd.record_line());
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size(); ++i) row[header[i]] = std::string(rd.fields()[i]);
        rows.push_back(std::move(row));
    }
    return rows;
}

double parse_day(const std::string& s, bool& ok) {
    DateTime dt;
    ok = parse_datetime(s, "%Y-%m-%d %H:%M:%S", dt) || parse_datetime(s, "%Y-%m-%d", dt);
    return ok ? dt.day + (dt.minute_of_day > 0 ? dt.minute_of_day / 1440.0 : 0.0) : 0;
}

}  // namespace

Result<CaseSet> load_crimelinkage(const std::string& dir) {
    auto crimes = read_csv_rows(dir + "/crimes.csv");
    if (!crimes) return crimes.error();
    auto groups = read_csv_rows(dir + "/crime_groups.csv");
    if (!groups) return groups.error();
    std::map<std::string, std::pair<std::string, int>> grp;   // crime -> (group, n_offenders)
    for (auto& g : groups.value()) grp[g["crimeID"]] = {g["group_id"], std::atoi(g["n_offenders"].c_str())};
    CaseSet cs;
    cs.name = "crimelinkage (Porter, simulated)";
    cs.metres_per_unit = 1;
    cs.cat_names = {"MO1", "MO2", "MO3"};
    cs.cat.assign(3, {});
    cs.tables.assign(3, {});
    std::vector<std::map<std::string, int>> codes(3);
    long line = 1;
    for (auto& c : crimes.value()) {
        ++line;
        bool ok1, ok2;
        double t0 = parse_day(c["DT.FROM"], ok1), t1 = parse_day(c["DT.TO"], ok2);
        if (!ok1 || !ok2) return make_error(ErrorKind::Format, "not a date-time", dir + "/crimes.csv", line, ok1 ? "DT.TO" : "DT.FROM");
        char* e1 = nullptr;
        char* e2 = nullptr;
        double x = std::strtod(c["X"].c_str(), &e1), y = std::strtod(c["Y"].c_str(), &e2);
        if (*e1 || *e2 || c["X"].empty() || c["Y"].empty()) return make_error(ErrorKind::Format, "coordinate is not a number", dir + "/crimes.csv", line, "X");
        cs.id.push_back(c["crimeID"]);
        cs.x.push_back(x);
        cs.y.push_back(y);
        cs.day.push_back(0.5 * (t0 + t1));
        auto it = grp.find(c["crimeID"]);
        cs.series.push_back(it == grp.end() || it->second.second == 0 ? "" : it->second.first);
        for (size_t k = 0; k < 3; ++k) {
            const std::string v = c[cs.cat_names[k]];
            if (v.empty() || v == "NA") { cs.cat[k].push_back(-1); continue; }
            auto [ci, fresh] = codes[k].emplace(v, static_cast<int>(codes[k].size()));
            if (fresh) cs.tables[k].values.push_back(v);
            cs.cat[k].push_back(ci->second);
        }
    }
    return cs;
}

Result<CaseSet> load_israel(const std::string& dir) {
    auto crimes = read_csv_rows(dir + "/crimes.csv");
    if (!crimes) return crimes.error();
    CaseSet cs;
    cs.name = "Israel burglaries 2020 H1 (real, scaled coordinates)";
    cs.metres_per_unit = 0;   // min-max scaled, unknown units: no speed rule
    long line = 1;
    for (auto& c : crimes.value()) {
        ++line;
        bool ok;
        double d = parse_day(c["date"], ok);
        if (!ok) return make_error(ErrorKind::Format, "not a date", dir + "/crimes.csv", line, "date");
        cs.id.push_back(c["crime_id"]);
        cs.x.push_back(std::atof(c["x_scaled"].c_str()));
        cs.y.push_back(std::atof(c["y_scaled"].c_str()));
        cs.day.push_back(d);
        cs.series.push_back(c["group_id"]);
    }
    return cs;
}

Pairs make_pairs(const CaseSet& cs, const PairParams& p) {
    Pairs out;
    const size_t n = cs.size();
    std::map<std::string, int> series_size;
    for (const auto& s : cs.series)
        if (!s.empty()) series_size[s]++;
    // Distance scale for QSF: the largest pairwise distance of the set (in its units).
    double dmax = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) dmax = std::max(dmax, std::hypot(cs.x[i] - cs.x[j], cs.y[i] - cs.y[j]));
    const double unit = cs.metres_per_unit > 0 ? cs.metres_per_unit : 1.0;
    auto& m = out.m;
    m.feature_names = {"distance", "time gap"};
    m.input_names = {"distance QSF", "log(1 + distance)", "time QSF", "log(1 + days)"};
    m.feature_of_input = {0, 0, 1, 1};
    for (size_t k = 0; k < cs.cat_names.size(); ++k) {
        m.feature_names.push_back(cs.cat_names[k]);
        m.input_names.push_back(cs.cat_names[k] + " similarity");
        m.feature_of_input.push_back(static_cast<int>(2 + k));
    }
    const size_t ni = m.input_names.size();
    // Rows per first case, threaded; then concatenated in order (deterministic).
    std::vector<std::vector<uint32_t>> rows_b(n);
    std::vector<std::vector<float>> rows_x(n);
    std::vector<std::vector<uint8_t>> rows_y(n);
    parallel_for(n, [&](size_t i) {
        if (cs.series[i].empty() && !p.include_unsolved) return;   // unsolved: no label
        for (size_t j = i + 1; j < n; ++j) {
            if (cs.series[j].empty() && !p.include_unsolved) continue;
            const double gap = std::fabs(cs.day[i] - cs.day[j]);
            if (gap > p.window_days) continue;
            const double d = std::hypot(cs.x[i] - cs.x[j], cs.y[i] - cs.y[j]);
            if (p.max_distance_m > 0 && d * unit > p.max_distance_m) continue;
            const bool ok = cs.metres_per_unit <= 0 || feasible(d * unit, gap, p.speed_m_per_day);
            rows_b[i].push_back(static_cast<uint32_t>(j));
            auto& x = rows_x[i];
            x.push_back(ok ? static_cast<float>(qsf(d, 0, dmax)) : 0.0f);   // infeasible: the minimum similarity
            x.push_back(static_cast<float>(std::log1p(d * unit / (cs.metres_per_unit > 0 ? 1000.0 : 0.01))));
            x.push_back(static_cast<float>(qsf(gap, 0, p.window_days)));
            x.push_back(static_cast<float>(std::log1p(gap)));
            for (size_t k = 0; k < cs.cat_names.size(); ++k)
                x.push_back(static_cast<float>(cs.tables[k].at(cs.cat[k][i], cs.cat[k][j])));
            rows_y[i].push_back(!cs.series[i].empty() && cs.series[i] == cs.series[j] && series_size[cs.series[i]] >= 2);
        }
    });
    for (size_t i = 0; i < n; ++i) {
        for (uint32_t j : rows_b[i]) { out.a.push_back(static_cast<uint32_t>(i)); out.b.push_back(j); }
        m.x.insert(m.x.end(), rows_x[i].begin(), rows_x[i].end());
        m.y.insert(m.y.end(), rows_y[i].begin(), rows_y[i].end());
    }
    (void)ni;
    return out;
}

double roc_auc(const std::vector<double>& s, const std::vector<uint8_t>& y) {
    std::vector<size_t> o(s.size());
    std::iota(o.begin(), o.end(), size_t(0));
    std::sort(o.begin(), o.end(), [&](size_t a, size_t b) { return s[a] < s[b]; });
    double rank_sum = 0, npos = 0;
    for (size_t i = 0; i < o.size();) {
        size_t j = i;
        while (j < o.size() && s[o[j]] == s[o[i]]) ++j;
        const double avg = 0.5 * (static_cast<double>(i + 1) + static_cast<double>(j));   // average rank of ties
        for (size_t k = i; k < j; ++k)
            if (y[o[k]]) { rank_sum += avg; npos += 1; }
        i = j;
    }
    const double nneg = static_cast<double>(s.size()) - npos;
    if (npos == 0 || nneg == 0) return 0.5;
    return (rank_sum - npos * (npos + 1) / 2) / (npos * nneg);
}

AtK at_top_share(const std::vector<double>& s, const std::vector<uint8_t>& y, double share) {
    AtK r;
    std::vector<size_t> o(s.size());
    std::iota(o.begin(), o.end(), size_t(0));
    std::stable_sort(o.begin(), o.end(), [&](size_t a, size_t b) { return s[a] > s[b]; });
    r.flagged = std::max<size_t>(1, static_cast<size_t>(std::round(share * static_cast<double>(s.size()))));
    size_t tp = 0, pos = 0;
    for (size_t i = 0; i < o.size(); ++i) {
        pos += y[o[i]];
        if (i < r.flagged) tp += y[o[i]];
    }
    r.precision = double(tp) / double(r.flagged);
    r.recall = pos ? double(tp) / double(pos) : 0;
    return r;
}

double series_found_in_top(const Pairs& pr, const std::vector<double>& score, const CaseSet& cs, size_t n) {
    std::map<uint32_t, std::vector<std::pair<double, uint32_t>>> by_case;
    for (size_t k = 0; k < pr.a.size(); ++k) {
        by_case[pr.a[k]].push_back({score[k], pr.b[k]});
        by_case[pr.b[k]].push_back({score[k], pr.a[k]});
    }
    double sum = 0;
    size_t cases = 0;
    for (auto& [c, list] : by_case) {
        size_t mates = 0;
        for (const auto& e : list) mates += cs.series[e.second] == cs.series[c];
        if (mates == 0) continue;
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        size_t found = 0;
        for (size_t i = 0; i < list.size() && i < n; ++i) found += cs.series[list[i].second] == cs.series[c];
        sum += double(found) / double(mates);
        ++cases;
    }
    return cases ? sum / double(cases) : 0;
}

std::vector<int> series_folds(const CaseSet& cs, int k, uint32_t seed) {
    std::map<std::string, std::vector<size_t>> members;
    for (size_t i = 0; i < cs.size(); ++i) members[cs.series[i].empty() ? "~" + cs.id[i] : cs.series[i]].push_back(i);
    std::vector<std::string> keys;
    for (const auto& [key, v] : members) keys.push_back(key);
    std::mt19937 rng(seed);
    std::shuffle(keys.begin(), keys.end(), rng);
    std::vector<int> fold(cs.size(), 0);
    std::vector<size_t> load(static_cast<size_t>(k), 0);
    for (const auto& key : keys) {   // each series (or singleton) to the lightest fold
        size_t f = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        for (size_t i : members[key]) fold[i] = static_cast<int>(f);
        load[f] += members[key].size();
    }
    return fold;
}

}  // namespace crimescope::linkage
