// poisson.hpp: exact (Garwood) confidence interval for a Poisson count, from the gamma distribution.
#pragma once

namespace crimescope::eval {

double regularized_gamma_p(double a, double x);   // P(a, x), a > 0, x >= 0
double gamma_quantile(double a, double p);        // x with P(a, x) = p (scale 1)

struct Interval { double low = 0, high = 0; };
// Two-sided exact interval for the mean of a Poisson variable observed as `count`, at `confidence`.
Interval poisson_interval(unsigned count, double confidence = 0.95);

}  // namespace crimescope::eval
