#include "forecast/table_csv.hpp"

#include <algorithm>
#include <numeric>

#include "base/csv_write.hpp"

namespace crimescope::forecast {

std::string forecast_table_csv(const CountCube& q, int month, const std::vector<double>& f_default,
                               const std::vector<double>& f_paper, const std::vector<double>& f_last,
                               const std::string& forecaster) {
    std::string out = "family,unit,month,forecast,paper_F,last_month,change,observed,forecaster\n";
    const size_t nu = q.units.size(), cells = q.families.size() * nu;
    if (f_default.size() < cells || f_paper.size() < cells || f_last.size() < cells) return out;
    // The month's name: the cube's, or the month after its last one.
    const int abs_month = q.first_month + month;
    char name[16];
    std::snprintf(name, sizeof name, "%04d-%02d", abs_month / 12, abs_month % 12 + 1);
    const bool observed = month < q.n_months;
    for (size_t c = 0; c < q.families.size(); ++c) {
        std::vector<size_t> units(nu);
        std::iota(units.begin(), units.end(), size_t{0});
        std::stable_sort(units.begin(), units.end(), [&](size_t a, size_t b) {
            const double fa = f_default[c * nu + a], fb = f_default[c * nu + b];
            if (fa != fb) return fa > fb;
            return q.units[a] < q.units[b];
        });
        for (size_t u : units) {
            const size_t k = c * nu + u;
            out += csv_line({q.families[c], q.units[u], name, csv_number(f_default[k]), csv_number(f_paper[k]), csv_number(f_last[k]),
                             csv_number(f_default[k] - f_last[k]),
                             observed ? csv_number(q.at(static_cast<int>(c), static_cast<int>(u), month)) : "", forecaster});
        }
    }
    return out;
}

}  // namespace crimescope::forecast
