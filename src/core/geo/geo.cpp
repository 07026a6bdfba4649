#include "geo/geo.hpp"

#include <algorithm>
#include <cmath>

namespace crimescope::geo {

namespace {
constexpr double kDeg = kPi / 180.0;
// WGS84
constexpr double kA_m = 6378137.0;
constexpr double kF = 1.0 / 298.257223563;
constexpr double kK0 = 0.9996;
constexpr double kFalseEasting_m = 500000.0;
constexpr double kFalseNorthingSouth_m = 10000000.0;

struct KruegerSeries {
    double n, A, alpha[4], beta[4];
    KruegerSeries() {
        n = kF / (2 - kF);
        double n2 = n * n, n3 = n2 * n, n4 = n3 * n;
        A = kA_m / (1 + n) * (1 + n2 / 4 + n4 / 64);
        alpha[1] = n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180;
        alpha[2] = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440;
        alpha[3] = 61 * n3 / 240 - 103 * n4 / 140;
        beta[1] = n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360;
        beta[2] = n2 / 48 + n3 / 15 - 437 * n4 / 1440;
        beta[3] = 17 * n3 / 480 - 37 * n4 / 840;
        alpha[0] = beta[0] = 0;
    }
};
const KruegerSeries& series() {
    static const KruegerSeries s;
    return s;
}
}  // namespace

void BBox::extend(double lat_deg, double lon_deg) {
    lat_min_deg = std::min(lat_min_deg, lat_deg);
    lat_max_deg = std::max(lat_max_deg, lat_deg);
    lon_min_deg = std::min(lon_min_deg, lon_deg);
    lon_max_deg = std::max(lon_max_deg, lon_deg);
}

double haversine_m(LatLon a, LatLon b) {
    double dlat = (b.lat_deg - a.lat_deg) * kDeg, dlon = (b.lon_deg - a.lon_deg) * kDeg;
    double s = std::sin(dlat / 2), t = std::sin(dlon / 2);
    double h = s * s + std::cos(a.lat_deg * kDeg) * std::cos(b.lat_deg * kDeg) * t * t;
    return 2 * kEarthRadius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

LatLon utm_to_latlon(const Utm& u) {
    const KruegerSeries& k = series();
    double xi = (u.northing_m - (u.north ? 0.0 : kFalseNorthingSouth_m)) / (kK0 * k.A);
    double eta = (u.easting_m - kFalseEasting_m) / (kK0 * k.A);
    double xi1 = xi, eta1 = eta;
    for (int j = 1; j <= 3; ++j) {
        xi1 -= k.beta[j] * std::sin(2 * j * xi) * std::cosh(2 * j * eta);
        eta1 -= k.beta[j] * std::cos(2 * j * xi) * std::sinh(2 * j * eta);
    }
    double chi = std::asin(std::sin(xi1) / std::cosh(eta1));
    // Conformal latitude chi -> geodetic latitude phi by Newton iteration on the exact relation.
    double e = std::sqrt(kF * (2 - kF));
    double phi = chi;
    for (int it = 0; it < 8; ++it) {
        double s = std::sin(phi);
        double chi_of_phi = std::asin(std::tanh(std::atanh(s) - e * std::atanh(e * s)));
        double dchi = chi - chi_of_phi;
        // d chi / d phi = (1 - e^2) / ((1 - e^2 s^2)) * cos(chi)... use numeric derivative for robustness
        double h = 1e-9;
        double s2 = std::sin(phi + h);
        double chi2 = std::asin(std::tanh(std::atanh(s2) - e * std::atanh(e * s2)));
        double deriv = (chi2 - chi_of_phi) / h;
        phi += dchi / deriv;
        if (std::fabs(dchi) < 1e-14) break;
    }
    double lon0 = (u.zone * 6 - 183) * kDeg;
    double lam = lon0 + std::atan2(std::sinh(eta1), std::cos(xi1));
    return LatLon{phi / kDeg, lam / kDeg};
}

Utm latlon_to_utm(LatLon p, int zone) {
    const KruegerSeries& k = series();
    double e = std::sqrt(kF * (2 - kF));
    double phi = p.lat_deg * kDeg;
    double lam = (p.lon_deg - (zone * 6 - 183)) * kDeg;
    double s = std::sin(phi);
    double t = std::sinh(std::atanh(s) - e * std::atanh(e * s));
    double xi1 = std::atan2(t, std::cos(lam));
    double eta1 = std::atanh(std::sin(lam) / std::sqrt(1 + t * t));
    double xi = xi1, eta = eta1;
    for (int j = 1; j <= 3; ++j) {
        xi += k.alpha[j] * std::sin(2 * j * xi1) * std::cosh(2 * j * eta1);
        eta += k.alpha[j] * std::cos(2 * j * xi1) * std::sinh(2 * j * eta1);
    }
    Utm u;
    u.zone = zone;
    u.north = p.lat_deg >= 0;
    u.easting_m = kFalseEasting_m + kK0 * k.A * eta;
    u.northing_m = kK0 * k.A * xi + (u.north ? 0.0 : kFalseNorthingSouth_m);
    return u;
}

Merc to_mercator(LatLon p) {
    double lat = std::clamp(p.lat_deg, -85.05112878, 85.05112878) * kDeg;
    return Merc{(p.lon_deg + 180.0) / 360.0, 0.5 - std::log(std::tan(kPi / 4 + lat / 2)) / (2 * kPi)};
}

LatLon from_mercator(Merc m) {
    double lon = m.x * 360.0 - 180.0;
    double lat = std::atan(std::sinh(kPi * (1 - 2 * m.y))) / kDeg;
    return LatLon{lat, lon};
}

double mercator_metres_per_unit(double lat_deg) {
    return 2 * kPi * kA_m * std::cos(lat_deg * kDeg);
}

namespace {
void dp(const std::vector<LatLon>& pts, size_t a, size_t b, double tol2, double kx, std::vector<char>& keep) {
    if (b <= a + 1) return;
    double ax = pts[a].lon_deg * kx, ay = pts[a].lat_deg, bx = pts[b].lon_deg * kx, by = pts[b].lat_deg;
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double best = -1;
    size_t best_i = a;
    for (size_t i = a + 1; i < b; ++i) {
        double px = pts[i].lon_deg * kx - ax, py = pts[i].lat_deg - ay;
        double d2;
        if (len2 == 0) {
            d2 = px * px + py * py;
        } else {
            double tt = std::clamp((px * dx + py * dy) / len2, 0.0, 1.0);
            double qx = px - tt * dx, qy = py - tt * dy;
            d2 = qx * qx + qy * qy;
        }
        if (d2 > best) { best = d2; best_i = i; }
    }
    if (best > tol2) {
        keep[best_i] = 1;
        dp(pts, a, best_i, tol2, kx, keep);
        dp(pts, best_i, b, tol2, kx, keep);
    }
}
}  // namespace

std::vector<LatLon> simplify(const std::vector<LatLon>& line, double tolerance_m) {
    if (line.size() < 3 || tolerance_m <= 0) return line;
    double lat0 = line[0].lat_deg * kDeg;
    double kx = std::cos(lat0);                       // degrees of lon -> degrees of lat scale
    double tol_deg = tolerance_m / (kEarthRadius_m * kDeg);
    std::vector<char> keep(line.size(), 0);
    keep.front() = keep.back() = 1;
    dp(line, 0, line.size() - 1, tol_deg * tol_deg, kx, keep);
    std::vector<LatLon> out;
    for (size_t i = 0; i < line.size(); ++i)
        if (keep[i]) out.push_back(line[i]);
    return out;
}

bool polygon_centroid(const std::vector<std::vector<LatLon>>& rings, LatLon& out) {
    const std::vector<LatLon>* best = nullptr;
    double best_a = -1;
    for (const auto& r : rings) {
        double a = 0;
        for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) a += r[j].lon_deg * r[i].lat_deg - r[i].lon_deg * r[j].lat_deg;
        if (std::fabs(a) > best_a) { best_a = std::fabs(a); best = &r; }
    }
    if (!best || best->size() < 3) return false;
    double a = 0, cx = 0, cy = 0;
    const auto& r = *best;
    for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        double f = r[j].lon_deg * r[i].lat_deg - r[i].lon_deg * r[j].lat_deg;
        a += f;
        cx += (r[j].lon_deg + r[i].lon_deg) * f;
        cy += (r[j].lat_deg + r[i].lat_deg) * f;
    }
    if (std::fabs(a) < 1e-15) return false;
    out = LatLon{cy / (3 * a), cx / (3 * a)};
    return true;
}

bool point_in_rings(LatLon p, const std::vector<std::vector<LatLon>>& rings) {
    bool inside = false;
    for (const auto& ring : rings) {
        size_t n = ring.size();
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            const LatLon& a = ring[i];
            const LatLon& b = ring[j];
            if ((a.lat_deg > p.lat_deg) != (b.lat_deg > p.lat_deg)) {
                double x = (b.lon_deg - a.lon_deg) * (p.lat_deg - a.lat_deg) / (b.lat_deg - a.lat_deg) + a.lon_deg;
                if (p.lon_deg < x) inside = !inside;
            }
        }
    }
    return inside;
}

}  // namespace crimescope::geo
