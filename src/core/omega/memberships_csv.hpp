// memberships_csv.hpp: the pattern view's results as CSV (issue #14, "Results out"): for every distinct pattern
// (time quadrant, month, zone) of the data, how many incidents have it, the membership S(Ci, P) of every class
// under the trained model, and the class chosen (blank when no class covers the pattern).
#pragma once
#include <string>

#include "omega/cr_omega.hpp"
#include "omega/patterns.hpp"

namespace crimescope::omega {

// Header: one column per feature (its value text), "incidents", "S(<class>)" per class, "class". Rows in the
// order the patterns first occur in `ps`.
std::string memberships_csv(const Model& m, const PatternSet& ps);

}  // namespace crimescope::omega
