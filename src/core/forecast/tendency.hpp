// tendency.hpp: monthly counts #(c, s, t) per crime family c, space unit s and month t, the tendency
// forecast of paper 002, F(c,s,t) = α·f(c,s,t) + β·g(c,s,t), baselines, a default forecaster chosen on
// validation months before the month forecast (issue #19: blend.cpp), and STRMSE / RMSE / MAE / hit rate / PAI /
// PEI. Reading of the garbled equations: ARCHITECTURE.md. Tests: tests/core/forecast/test_tendency.cpp, test_blend.cpp.
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
    // Optional: the units next to each unit (indices into `units`; a grid cell's queen neighbours in the study
    // area). Empty = no geometry (police units); the default forecaster then does no spatial smoothing.
    std::vector<std::vector<int>> neighbours;
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

// The default forecaster. Kind Blend (what choose_default returns once 3 months of history precede the
// validation month): a rate per cell
//   λ(c,s,t) = σ(c, t) · [(1 - b)·m(c,s,t) + b·mean over the unit's neighbours n of m(c,n,t)],
//   m = a·R + (1 - a)·L,  R = exponentially weighted mean (decay d) of the last 24 deseasonalised months,
//   L = mean of the deseasonalised months of the last n = 12, 24 or 60 (all there are when fewer),
//   σ(c, month) = the family's seasonal index over the last whole years (1 when off or under 2 years),
// ranks the cells (hit rate, PAI, PEI), and the value forecast is that rate mapped through a monotone
// median calibration (the median count of validation cells with a similar rate, interpolated), which is what
// absolute error rewards, or the rate times a scale, whichever errs less on validation months left out in turn.
// a, d, n, b and the seasonal switch: by the crimes captured in the top 5% of cells over up to 12 validation
// months, each forecast from the months before it; among the settings within 2% of the best, the one whose
// rate errs least. The calibration is fitted on the same months. Median / Ewma: the round-1 forecasters (kept
// for short series and for comparison).
struct DefaultForecaster {
    enum Kind { Median, Ewma, Blend } kind = Median;
    double param = 12;            // months for Median, decay for Ewma, Blend: the decay d of R
    double recent_weight = 0.5;   // Blend: a
    double neighbour_weight = 0;  // Blend: b
    bool seasonal = false;        // Blend: σ on
    int long_months = 60;         // Blend: L's window
    std::vector<double> calib_rate, calib_value;   // Blend: knots of the calibration (rate ascending)
    double scale = 1;             // Blend without knots: value = (scale + 1e-6) x rate (1e-6: ranks even at scale 0)
    int validation_first = 0, validation_last = -1;   // Blend: the validation months (cube indices)
    std::string describe() const;
};
// Chosen and fitted on months <= validation_month only (the validation months end there); forecasts
// validation_month + 1 onwards. Fewer than 4 months before it: the median / EWMA chosen on that month by MAE.
DefaultForecaster choose_default(const CountCube& q, int validation_month);
// The Blend search alone (validation months: up to 12 ending at validation_month, each with at least
// kBlendMinHistory months before it).
constexpr int kBlendMinHistory = 3;
DefaultForecaster choose_blend(const CountCube& q, int validation_month);

// The Blend rate λ of every cell (family x unit, row-major) of month t, from months < t.
struct BlendParams {
    double recent_weight = 0.5, decay = 0.8, neighbour_weight = 0;
    bool seasonal = false;
    int long_months = 60;
};
std::vector<double> blend_rate(const CountCube& q, int t, const BlendParams& p);
// The default's rate for month t: Blend: λ with its setting (what ranks the cells); Median / Ewma: its forecast.
std::vector<double> default_rate(const CountCube& q, int t, const DefaultForecaster& d);
// The monotone median calibration through knots (rate ascending): below the first knot its value, between
// knots linear, beyond the last proportional to the rate; plus 1e-6·rate so that the ranking of the rates is kept.
double calibrate(const std::vector<double>& knot_rate, const std::vector<double>& knot_value, double rate);
// The scale κ of least absolute error Σ|y - κ·rate|: the median of y / rate weighted by rate (1 without rates).
double fit_scale(const std::vector<std::pair<double, double>>& rate_obs);
// Knots from (rate, observed) pairs: up to 200 bins (of at least 30 pairs) of equal count by rate, each bin's
// mean rate and median count, made non-decreasing by pooling adjacent violating bins (the pooled median).
void fit_calibration(std::vector<std::pair<double, double>> rate_obs, std::vector<double>& knot_rate,
                     std::vector<double>& knot_value);

// Forecasts for every cell (family x unit, row-major) of month t.
std::vector<double> forecast_month(const CountCube& q, int t, Method m, const DefaultForecaster& d = {}, double alpha = 0.5, double beta = 0.5);

struct Metrics {
    double mae = 0, rmse = 0, strmse = 0;
    double hit5 = 0, pai5 = 0, hit10 = 0, pai10 = 0;   // top 5% / 10% of cells by forecast flagged
    double pei5 = 0, pei10 = 0;   // PAI / the largest PAI any set of as many cells reaches (NIJ's PEI)
};
// STRMSE = sqrt(mean over the m cells of (O - F)^2) / n, n = days in the month forecast.
// k = max(1, round(share x cells)) cells with the highest forecast are flagged (ties: the lower cell index);
// hit = crimes in them / all crimes; PAI = hit / (k / cells) (every cell the same area); PEI = crimes in them /
// crimes in the k cells with the most crimes that month (= PAI / PAI*, 0 when the month has none).
Metrics evaluate(const CountCube& q, int t, const std::vector<double>& f, int days_in_month);

}  // namespace crimescope::forecast
