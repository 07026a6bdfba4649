#include "forecast/tendency.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <numeric>

#include "base/dates.hpp"
#include "data/csv_reader.hpp"
#include "eval/naive_bayes.hpp"

namespace crimescope::forecast {

std::string CountCube::month_name(int t) const {
    int k = first_month + t;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", k / 12, k % 12 + 1);
    return buf;
}


std::string normalise_unit_name(const std::string& s) {
    // Sector names differ between sources in spacing and hyphens: compare upper case, single spaces, no spaces around '-'.
    std::string out;
    for (char c : s) {
        if (c == '-') { while (!out.empty() && out.back() == ' ') out.pop_back(); out.push_back('-'); continue; }
        if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '-')) continue;
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string cube_to_tsv(const CountCube& q) {
    std::string out;
    char buf[32];
    for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
        for (int s = 0; s < static_cast<int>(q.units.size()); ++s)
            for (int t = 0; t < q.n_months; ++t) {
                double v = q.at(c, s, t);
                if (v == 0 && !(c == 0 && s == 0)) continue;   // the first cell's zeros keep the month range
                std::snprintf(buf, sizeof buf, "\t%g\n", v);
                out += q.families[static_cast<size_t>(c)] + "\t" + q.units[static_cast<size_t>(s)] + "\t" + q.month_name(t) + buf;
            }
    return out;
}

Result<CountCube> cube_from_tsv(const std::string& tsv, const std::string& name) {
    struct Row { std::string f, u; int32_t m; double v; };
    std::vector<Row> rows;
    std::map<std::string, int> fam, unit;
    int32_t mn = INT32_MAX, mx = INT32_MIN;
    size_t pos = 0;
    long line = 0;
    while (pos < tsv.size()) {
        size_t end = tsv.find('\n', pos);
        if (end == std::string::npos) end = tsv.size();
        std::string l = tsv.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (l.empty()) continue;
        size_t a = l.find('\t'), b = l.find('\t', a + 1), c = l.find('\t', b + 1);
        int y = 0, m = 0;
        if (a == std::string::npos || b == std::string::npos || c == std::string::npos ||
            std::sscanf(l.c_str() + b + 1, "%d-%d", &y, &m) != 2 || m < 1 || m > 12)
            return make_error(ErrorKind::Corrupt, "expected family, unit, YYYY-MM, count", name, line);
        Row r{l.substr(0, a), l.substr(a + 1, b - a - 1), y * 12 + m - 1, std::atof(l.c_str() + c + 1)};
        fam.emplace(r.f, 0);
        unit.emplace(r.u, 0);
        mn = std::min(mn, r.m);
        mx = std::max(mx, r.m);
        rows.push_back(std::move(r));
    }
    CountCube q;
    if (rows.empty()) return q;
    for (auto& [k, v] : fam) { v = static_cast<int>(q.families.size()); q.families.push_back(k); }
    for (auto& [k, v] : unit) { v = static_cast<int>(q.units.size()); q.units.push_back(k); }
    q.first_month = mn;
    q.n_months = mx - mn + 1;
    q.counts.assign(q.families.size() * q.units.size() * static_cast<size_t>(q.n_months), 0.0);
    for (const auto& r : rows) q.at(fam[r.f], unit[r.u], r.m - mn) += r.v;
    return q;
}

CountCube group_families(const CountCube& q, const std::vector<std::pair<std::string, std::vector<std::string>>>& rules) {
    CountCube g;
    g.units = q.units;
    g.first_month = q.first_month;
    g.n_months = q.n_months;
    std::vector<int> to(q.families.size(), -1);
    for (size_t c = 0; c < q.families.size(); ++c) {
        std::string low = q.families[c];
        for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        for (const auto& [group, needles] : rules) {
            bool hit = false;
            for (const auto& n : needles) hit |= low.find(n) != std::string::npos;
            if (!hit) continue;
            auto it = std::find(g.families.begin(), g.families.end(), group);
            if (it == g.families.end()) { g.families.push_back(group); it = g.families.end() - 1; }
            to[c] = static_cast<int>(it - g.families.begin());
            break;
        }
    }
    g.counts.assign(g.families.size() * g.units.size() * static_cast<size_t>(g.n_months), 0.0);
    for (size_t c = 0; c < q.families.size(); ++c) {
        if (to[c] < 0) continue;
        for (int s = 0; s < static_cast<int>(q.units.size()); ++s)
            for (int t = 0; t < q.n_months; ++t) g.at(to[c], s, t) += q.at(static_cast<int>(c), s, t);
    }
    return g;
}

std::pair<double, double> fit_alpha_beta(const CountCube& q, int v) {
    std::pair<double, double> best{0.5, 0.5};
    double best_mae = 1e300;
    std::vector<double> fv, gv, obs;
    for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
        for (int s = 0; s < static_cast<int>(q.units.size()); ++s) {
            fv.push_back(paper_f(q, c, s, v));
            gv.push_back(paper_g(q, c, s, v));
            obs.push_back(q.at(c, s, v));
        }
    for (int a = 0; a <= 10; ++a)
        for (int b = 0; b <= 10; ++b) {
            double mae = 0;
            for (size_t i = 0; i < obs.size(); ++i) mae += std::fabs(0.1 * a * fv[i] + 0.1 * b * gv[i] - obs[i]);
            if (mae < best_mae - 1e-9) { best_mae = mae; best = {0.1 * a, 0.1 * b}; }
        }
    return best;
}

Result<CountCube> load_cdmx_counts(const std::string& path) {
    auto r = data::CsvReader::open(path);
    if (!r) return r.error();
    auto& rd = *r.value();
    if (!rd.next_record()) return data::error_or(rd, make_error(ErrorKind::Format, "empty file", path, 1));
    std::map<std::string, int> col;
    for (size_t i = 0; i < rd.fields().size(); ++i) col[std::string(rd.fields()[i])] = static_cast<int>(i);
    for (const char* need : {"crime", "date", "count", "sector_hoyodecrimen"})
        if (!col.count(need)) return make_error(ErrorKind::MissingColumn, std::string("no column ") + need, path, 1, need);
    struct Row { std::string crime, sector; int32_t month; double count; };
    std::vector<Row> rows;
    std::map<std::string, int> fam, unit;
    int32_t mn = INT32_MAX, mx = INT32_MIN;
    while (rd.next_record()) {
        const auto& f = rd.fields();
        if (f.size() != col.size()) return make_error(ErrorKind::Format, "ragged row", path, rd.record_line());
        std::string sector = normalise_unit_name(std::string(f[static_cast<size_t>(col["sector_hoyodecrimen"])]));
        if (sector.empty() || sector == "NA") continue;
        DateTime dt;
        if (!parse_datetime(f[static_cast<size_t>(col["date"])], "%Y-%m-%d", dt))
            return make_error(ErrorKind::Format, "not a date", path, rd.record_line(), "date");
        CivilDate c = civil_from_days(dt.day);
        Row row{std::string(f[static_cast<size_t>(col["crime"])]), sector, c.year * 12 + c.month - 1, 0};
        std::string cnt(f[static_cast<size_t>(col["count"])]);
        char* end = nullptr;
        row.count = std::strtod(cnt.c_str(), &end);
        if (cnt.empty() || *end) return make_error(ErrorKind::Format, "not a number", path, rd.record_line(), "count");
        fam.emplace(row.crime, 0);
        unit.emplace(row.sector, 0);
        mn = std::min(mn, row.month);
        mx = std::max(mx, row.month);
        rows.push_back(std::move(row));
    }
    if (const auto* e = rd.error()) return *e;
    CountCube q;
    for (auto& [k, v] : fam) { v = static_cast<int>(q.families.size()); q.families.push_back(k); }
    for (auto& [k, v] : unit) { v = static_cast<int>(q.units.size()); q.units.push_back(k); }
    q.first_month = mn;
    q.n_months = mx - mn + 1;
    q.counts.assign(q.families.size() * q.units.size() * static_cast<size_t>(q.n_months), 0.0);
    for (const auto& row : rows) q.at(fam[row.crime], unit[row.sector], row.month - mn) += row.count;
    return q;
}

CountCube cube_from_incidents(const data::IncidentTable& t, const std::string& family_role, const std::string& unit_role) {
    CountCube q;
    const data::CategoryColumn* fam = t.category(family_role);
    const data::CategoryColumn* unit = t.category(unit_role);
    if (!fam || !unit || t.size() == 0) return q;
    std::map<std::string, int> fi, ui;
    int32_t mn = INT32_MAX, mx = INT32_MIN;
    for (size_t r = 0; r < t.size(); ++r) {
        CivilDate c = civil_from_days(t.day[r]);
        mn = std::min(mn, c.year * 12 + c.month - 1);
        mx = std::max(mx, c.year * 12 + c.month - 1);
        fi.emplace(fam->value_at(r), 0);
        ui.emplace(unit->value_at(r), 0);
    }
    for (auto& [k, v] : fi) { v = static_cast<int>(q.families.size()); q.families.push_back(k); }
    for (auto& [k, v] : ui) { v = static_cast<int>(q.units.size()); q.units.push_back(k); }
    q.first_month = mn;
    q.n_months = mx - mn + 1;
    q.counts.assign(q.families.size() * q.units.size() * static_cast<size_t>(q.n_months), 0.0);
    for (size_t r = 0; r < t.size(); ++r) {
        CivilDate c = civil_from_days(t.day[r]);
        q.at(fi[fam->value_at(r)], ui[unit->value_at(r)], c.year * 12 + c.month - 1 - mn) += 1;
    }
    return q;
}

double paper_f(const CountCube& q, int c, int s, int t) {
    if (t < 12) return 0;
    // The time unit is the month of the year: "t - 1" is the same month a year earlier, and the sum runs over
    // the year-over-year changes of that month, #(t_p) − #(t_{p−1}), for every pair of years in the data,
    // divided by K1 = the number of non-zero changes. (This reading reproduces the reference MAE of 1.48.)
    double sum = 0;
    int k = 0;
    for (int tp = t - 12; tp - 12 >= 0; tp -= 12) {
        double d = q.at(c, s, tp) - q.at(c, s, tp - 12);
        sum += d;
        k += d != 0;
    }
    return q.at(c, s, t - 12) + sum / std::max(1, k);
}

double paper_g(const CountCube& q, int c, int s, int t) {
    if (t < 1) return 0;
    // Σ_{p=1..11} [#(t − p) − #(t − p − 1)], / K2: the month-over-month changes of the last 12 months.
    double sum = 0;
    int k = 0;
    for (int p = 1; p <= 11 && t - p - 1 >= 0; ++p) {
        double d = q.at(c, s, t - p) - q.at(c, s, t - p - 1);
        sum += d;
        k += d != 0;
    }
    return q.at(c, s, t - 1) + sum / std::max(1, k);
}

double paper_F(const CountCube& q, int c, int s, int t, double alpha, double beta) {
    return alpha * paper_f(q, c, s, t) + beta * paper_g(q, c, s, t);
}

const char* method_name(Method m) {
    switch (m) {
        case Method::LastMonth: return "last month";
        case Method::SameMonthLastYear: return "same month last year";
        case Method::MeanLast12: return "mean of last 12 months";
        case Method::PaperF: return "paper's F (a = b = 0.5)";
        case Method::NaiveBayes: return "naive Bayes (Table 9)";
        case Method::Default: return "default (chosen on validation)";
    }
    return "?";
}

std::string DefaultForecaster::describe() const {
    char buf[256];
    if (kind == Median) std::snprintf(buf, sizeof buf, "median of the last %.0f months", param);
    else if (kind == Ewma) std::snprintf(buf, sizeof buf, "exponentially weighted mean, decay %.2f", param);
    else {
        char value[48];
        if (calib_rate.empty()) std::snprintf(value, sizeof value, "x %.3f", scale);
        else std::snprintf(value, sizeof value, "median-calibrated");
        std::snprintf(buf, sizeof buf, "blend %.0f%% recent (EWMA %.2f) + %.0f%% mean of %d months%s%s, %s", 100 * recent_weight, param,
                      100 * (1 - recent_weight), long_months, seasonal ? ", seasonal" : "",
                      neighbour_weight > 0 ? (", " + std::to_string(static_cast<int>(std::lround(100 * neighbour_weight))) + "% neighbours").c_str() : "",
                      value);
    }
    return buf;
}

namespace {
double default_cell(const CountCube& q, int c, int s, int t, const DefaultForecaster& d) {
    if (d.kind == DefaultForecaster::Median) {
        std::vector<double> v;
        for (int p = 1; p <= static_cast<int>(d.param) && t - p >= 0; ++p) v.push_back(q.at(c, s, t - p));
        if (v.empty()) return 0;
        std::sort(v.begin(), v.end());
        size_t n = v.size();
        return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
    double w = 1, sw = 0, sx = 0;
    for (int p = 1; p <= 24 && t - p >= 0; ++p, w *= d.param) {
        sw += w;
        sx += w * q.at(c, s, t - p);
    }
    return sw > 0 ? sx / sw : 0;
}
}  // namespace

namespace {
DefaultForecaster choose_median_ewma(const CountCube& q, int v) {
    DefaultForecaster best;
    double best_mae = 1e300;
    std::vector<DefaultForecaster> cands;
    auto cand = [](DefaultForecaster::Kind k, double param) {
        DefaultForecaster d;
        d.kind = k;
        d.param = param;
        return d;
    };
    for (int k : {3, 4, 5, 6, 8, 10, 12}) cands.push_back(cand(DefaultForecaster::Median, double(k)));
    for (double dec : {0.5, 0.6, 0.7, 0.8, 0.9}) cands.push_back(cand(DefaultForecaster::Ewma, dec));
    for (const auto& d : cands) {
        double mae = 0;
        for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
            for (int s = 0; s < static_cast<int>(q.units.size()); ++s) mae += std::fabs(default_cell(q, c, s, v, d) - q.at(c, s, v));
        if (mae < best_mae - 1e-9) { best_mae = mae; best = d; }
    }
    return best;
}
}  // namespace

DefaultForecaster choose_default(const CountCube& q, int v) {
    if (v >= q.n_months) v = q.n_months - 1;   // never validate on a month the cube does not hold
    if (v < 0 || q.cells() == 0) return {};
    if (v < kBlendMinHistory) return choose_median_ewma(q, v);
    return choose_blend(q, v);
}

std::vector<double> forecast_month(const CountCube& q, int t, Method m, const DefaultForecaster& d, double alpha, double beta) {
    const int nc = static_cast<int>(q.families.size()), ns = static_cast<int>(q.units.size());
    std::vector<double> out(static_cast<size_t>(nc) * static_cast<size_t>(ns), 0.0);
    if (m == Method::Default && d.kind == DefaultForecaster::Blend) {
        out = default_rate(q, t, d);
        for (double& v : out) v = d.calib_rate.empty() ? (d.scale + 1e-6) * v : calibrate(d.calib_rate, d.calib_value, v);
        return out;
    }
    if (m == Method::NaiveBayes) {
        // Expected total per unit (mean of the last 12 months) x P(family | unit, calendar month) from a
        // categorical naive Bayes fitted on every earlier month's counts (as weights).
        std::vector<uint32_t> X, y;
        for (int tt = 0; tt < t; ++tt)
            for (int c = 0; c < nc; ++c)
                for (int s = 0; s < ns; ++s) {
                    const int n = static_cast<int>(std::lround(q.at(c, s, tt)));
                    for (int k = 0; k < n; ++k) {
                        X.push_back(static_cast<uint32_t>(s));
                        X.push_back(static_cast<uint32_t>((q.first_month + tt) % 12));
                        y.push_back(static_cast<uint32_t>(c));
                    }
                }
        eval::CategoricalNB nb;
        nb.fit(X, y, {static_cast<uint32_t>(ns), 12}, nc);
        for (int s = 0; s < ns; ++s) {
            double total = 0;
            int months = 0;
            for (int p = 1; p <= 12 && t - p >= 0; ++p, ++months)
                for (int c = 0; c < nc; ++c) total += q.at(c, s, t - p);
            total /= std::max(1, months);
            const uint32_t x[2] = {static_cast<uint32_t>(s), static_cast<uint32_t>((q.first_month + t) % 12)};
            auto lp = nb.log_posterior(x);
            double mx = *std::max_element(lp.begin(), lp.end()), z = 0;
            for (double& v : lp) z += (v = std::exp(v - mx));
            for (int c = 0; c < nc; ++c) out[static_cast<size_t>(c * ns + s)] = total * lp[static_cast<size_t>(c)] / z;
        }
        return out;
    }
    for (int c = 0; c < nc; ++c)
        for (int s = 0; s < ns; ++s) {
            double v = 0;
            switch (m) {
                case Method::LastMonth: v = t >= 1 ? q.at(c, s, t - 1) : 0; break;
                case Method::SameMonthLastYear: v = t >= 12 ? q.at(c, s, t - 12) : 0; break;
                case Method::MeanLast12: {
                    int k = 0;
                    for (int p = 1; p <= 12 && t - p >= 0; ++p, ++k) v += q.at(c, s, t - p);
                    v /= std::max(1, k);
                    break;
                }
                case Method::PaperF: v = paper_F(q, c, s, t, alpha, beta); break;
                case Method::Default: v = default_cell(q, c, s, t, d); break;
                case Method::NaiveBayes: break;
            }
            out[static_cast<size_t>(c * ns + s)] = v;
        }
    return out;
}

Metrics evaluate(const CountCube& q, int t, const std::vector<double>& f, int days) {
    Metrics m;
    const int nc = static_cast<int>(q.families.size()), ns = static_cast<int>(q.units.size());
    const size_t cells = static_cast<size_t>(nc) * static_cast<size_t>(ns);
    std::vector<double> obs(cells);
    double se = 0, ae = 0, total = 0;
    for (int c = 0; c < nc; ++c)
        for (int s = 0; s < ns; ++s) {
            size_t i = static_cast<size_t>(c * ns + s);
            obs[i] = q.at(c, s, t);
            se += (obs[i] - f[i]) * (obs[i] - f[i]);
            ae += std::fabs(obs[i] - f[i]);
            total += obs[i];
        }
    m.mae = ae / static_cast<double>(cells);
    m.rmse = std::sqrt(se / static_cast<double>(cells));
    m.strmse = m.rmse / std::max(1, days);
    // Hotspots: flag the top share of cells by forecast; hit rate = share of the month's crimes in them;
    // PAI = hit rate / share of cells flagged (cells stand in for area).
    std::vector<size_t> order(cells);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return f[a] > f[b]; });
    std::vector<double> best = obs;   // the month's counts, largest first: the most any k cells could hold
    std::sort(best.begin(), best.end(), std::greater<double>());
    for (double share : {0.05, 0.10}) {
        size_t k = std::max<size_t>(1, static_cast<size_t>(std::round(share * static_cast<double>(cells))));
        k = std::min(k, cells);
        double hit = 0, most = 0;
        for (size_t i = 0; i < k; ++i) {
            hit += obs[order[i]];
            most += best[i];
        }
        double hr = total > 0 ? hit / total : 0;
        double pai = hr / (static_cast<double>(k) / static_cast<double>(cells));
        double pei = most > 0 ? hit / most : 0;
        if (share < 0.07) { m.hit5 = hr; m.pai5 = pai; m.pei5 = pei; } else { m.hit10 = hr; m.pai10 = pai; m.pei10 = pei; }
    }
    return m;
}

}  // namespace crimescope::forecast
