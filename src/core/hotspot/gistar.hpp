// gistar.hpp: Getis-Ord Gi* hot spots on the grid (issue #19), with Benjamini-Hochberg false-discovery-rate
// control. Places are the study-area cells (study_area.hpp); x_i is the incident count of cell i; weights are
// binary: w_ij = 1 when the centre of study-area cell j lies within neighbour_m of cell i's centre (self
// included). Gi*_i = (sum_j w_ij x_j - xbar W_i) / (S sqrt((n sum_j w_ij^2 - W_i^2) / (n - 1))), with
// xbar, S = sqrt(mean x^2 - xbar^2) over the n places (Getis & Ord 1992; Ord & Getis 1995).
// See tests/core/hotspot/test_gistar.cpp.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "hotspot/grid.hpp"
#include "hotspot/layer.hpp"

namespace crimescope::hotspot {

struct GiStarParams {
    double neighbour_m = 0;      // 0 = cell_m sqrt(2) (the queen neighbours); must be >= 0
    double fdr_q = 0.05;         // Benjamini-Hochberg level; 0 = no FDR control (classes by p alone)
};

// The raw statistic over a set of places.
struct GiStarField {
    std::vector<int64_t> cells;   // the places (study-area cells), ascending
    std::vector<double> z;        // Gi* z-score per place (0 when the counts have no variance)
    std::vector<double> p;        // two-sided normal p-value per place
    std::vector<uint8_t> fdr_pass;  // 1 where BH at fdr_q rejects (all 0 when fdr_q = 0)
    double neighbour_m = 0;       // the distance used
};

// Neighbour lists (indices into `cells`, self included) of the places whose centres lie within neighbour_m.
std::vector<std::vector<uint32_t>> gistar_neighbours(const Grid& g, std::span<const int64_t> cells, double neighbour_m);

// Gi* z of values x over places with the given neighbour lists (binary weights). All 0 when x is constant.
std::vector<double> gistar_z(std::span<const double> x, const std::vector<std::vector<uint32_t>>& neighbours);

// Two-sided p-value of a standard-normal z: erfc(|z| / sqrt 2).
double two_sided_p(double z);

// Benjamini-Hochberg step-up at level q: pass[i] = 1 when p[i] <= p_(k), k the largest rank with p_(k) <= k q / m.
std::vector<uint8_t> benjamini_hochberg(std::span<const double> p, double q);

// z, p and the FDR decision for the study-area cells of `rows`.
Result<GiStarField> gistar_field(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows,
                                 const GiStarParams& p = {});

// ArcGIS's Gi_Bin classes: 0 "cold spot (99%)", 1 "(95%)", 2 "(90%)", 3 "not significant", 4 "hot spot (90%)",
// 5 "(95%)", 6 "(99%)" by |z| >= 2.576 / 1.960 / 1.645; a cell failing the FDR test (when on) is not significant.
uint8_t gistar_bin(double z, bool passes_fdr);

// The layer "gistar": every study-area cell, value = z; significant = cells passing FDR (or p < 0.10 with fdr_q 0).
// Errors (Invalid): no rows with a position, neighbour_m < 0 or not finite, fdr_q outside [0, 1).
Result<CellLayer> gistar(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows,
                         const GiStarParams& p = {});

}  // namespace crimescope::hotspot
