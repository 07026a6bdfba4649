// tendency.hpp: monthly counts #(c, s, t) per crime family c, space unit s and month t, the tendency
// forecast of paper 002, F(c,s,t) = α·f(c,s,t) + β·g(c,s,t), baselines, a default forecaster chosen on a
// validation month, and STRMSE / RMSE / MAE / PAI. Reading of the garbled equations: ARCHITECTURE.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::forecast {

struct CountCube {
    std::vector<std::string> families, units;
    int32_t first_month = 0;          // year * 12 + (month - 1) of index 0
    int n_months = 0;
    std::vector<double> counts;       // [family][unit][month]
    double at(int c, int s, int t) const {
        return counts[(static_cast<size_t>(c) * units.size() + static_cast<size_t>(s)) * static_cast<size_t>(n_months) + static_cast<size_t>(t)];
    }
    double& at(int c, int s, int t) {
        return counts[(static_cast<size_t>(c) * units.size() + static_cast<size_t>(s)) * static_cast<size_t>(n_months) + static_cast<size_t>(t)];
    }
    std::string month_name(int t) const;   // "2015-11"
    int cells() const { return static_cast<int>(families.size() * units.size()); }
};

// CDMX hoyodecrimen cuadrantes counts grouped to the police sectors of `sector_hoyodecrimen` (NA excluded);
// families = the 19 crime types. Errors name file, line and field.
Result<CountCube> load_cdmx_counts(const std::string& path);
// Monthly counts as text (stored in packs as extras["monthly_counts"]): lines "family TAB unit TAB YYYY-MM TAB count".
std::string cube_to_tsv(const CountCube& q);
Result<CountCube> cube_from_tsv(const std::string& tsv, const std::string& name_for_errors);
// Sums families into groups by ordered substring rules [[group, [needles...]], ...] (case-insensitive);
// families matching no rule are dropped.
CountCube group_families(const CountCube& q, const std::vector<std::pair<std::string, std::vector<std::string>>>& rules);
// α, β on a 0..1 grid (step 0.1) by MAE on the validation month (forecast from the months before it).
std::pair<double, double> fit_alpha_beta(const CountCube& q, int validation_month);
// Sector names as the counts and the polygons both reduce to (upper case, single spaces, no space at '-').
std::string normalise_unit_name(const std::string& s);
// Incidents counted per (family role, unit role, month).
CountCube cube_from_incidents(const data::IncidentTable& t, const std::string& family_role, const std::string& unit_role);

// The paper's partial forecasts for month t from months < t (K1, K2 = number of non-zero changes, at least 1).
double paper_f(const CountCube& q, int c, int s, int t);   // seasonal: same month last year + its mean yearly change
double paper_g(const CountCube& q, int c, int s, int t);   // trend: last month + its mean monthly change
double paper_F(const CountCube& q, int c, int s, int t, double alpha = 0.5, double beta = 0.5);

enum class Method { LastMonth, SameMonthLastYear, MeanLast12, PaperF, NaiveBayes, Default };
const char* method_name(Method m);

// The default forecaster: the median or an exponentially weighted mean of recent months, with its setting
// chosen by MAE on the validation month (t - 1, forecast from months < t - 1).
struct DefaultForecaster {
    enum Kind { Median, Ewma } kind = Median;
    double param = 12;   // months for Median, decay for Ewma
    std::string describe() const;
};
DefaultForecaster choose_default(const CountCube& q, int validation_month);

// Forecasts for every cell (family x unit, row-major) of month t.
std::vector<double> forecast_month(const CountCube& q, int t, Method m, const DefaultForecaster& d = {}, double alpha = 0.5, double beta = 0.5);

struct Metrics {
    double mae = 0, rmse = 0, strmse = 0;
    double hit5 = 0, pai5 = 0, hit10 = 0, pai10 = 0;   // top 5% / 10% of cells by forecast flagged
};
// STRMSE = sqrt(mean over the m cells of (O - F)^2) / n, n = days in the month forecast.
Metrics evaluate(const CountCube& q, int t, const std::vector<double>& f, int days_in_month);

}  // namespace crimescope::forecast
