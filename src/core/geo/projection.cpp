#include "geo/projection.hpp"

#include <algorithm>
#include <cmath>

namespace crimescope::geo {

namespace {

constexpr double kDeg = kPi / 180.0;

double dms(double d, double m) { return d < 0 ? d - m / 60.0 : d + m / 60.0; }

// --- transverse Mercator, Krüger series to n^6 (Karney 2011, eqs 35-36)
struct Krueger {
    double e, n, A, alpha[7], beta[7];
    explicit Krueger(const Ellipsoid& el) {
        const double f = 1.0 / el.inv_f;
        e = std::sqrt(f * (2 - f));
        n = f / (2 - f);
        const double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
        A = el.a_m / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
        alpha[0] = beta[0] = 0;
        alpha[1] = n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800;
        alpha[2] = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360;
        alpha[3] = 61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440;
        alpha[4] = 49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600;
        alpha[5] = 34729 * n5 / 80640 - 3418889 * n6 / 1995840;
        alpha[6] = 212378941 * n6 / 319334400;
        beta[1] = n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800;
        beta[2] = n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720;
        beta[3] = 17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720;
        beta[4] = 4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600;
        beta[5] = 4583 * n5 / 161280 - 108847 * n6 / 3991680;
        beta[6] = 20648693 * n6 / 638668800;
    }
    // geodetic latitude/longitude offset (radians) -> (xi, eta) scaled by A (metres, before k0)
    void forward(double phi, double lam, double& x, double& y) const {
        const double s = std::sin(phi);
        const double t = std::sinh(std::atanh(s) - e * std::atanh(e * s));
        const double xi1 = std::atan2(t, std::cos(lam));
        const double eta1 = std::atanh(std::sin(lam) / std::sqrt(1 + t * t));
        double xi = xi1, eta = eta1;
        for (int j = 1; j <= 6; ++j) {
            xi += alpha[j] * std::sin(2 * j * xi1) * std::cosh(2 * j * eta1);
            eta += alpha[j] * std::cos(2 * j * xi1) * std::sinh(2 * j * eta1);
        }
        x = A * eta;
        y = A * xi;
    }
    void inverse(double x, double y, double& phi, double& lam) const {
        const double xi = y / A, eta = x / A;
        double xi1 = xi, eta1 = eta;
        for (int j = 1; j <= 6; ++j) {
            xi1 -= beta[j] * std::sin(2 * j * xi) * std::cosh(2 * j * eta);
            eta1 -= beta[j] * std::cos(2 * j * xi) * std::sinh(2 * j * eta);
        }
        const double chi = std::asin(std::sin(xi1) / std::cosh(eta1));   // conformal latitude
        phi = chi;
        for (int it = 0; it < 15; ++it) {
            const double es = e * std::sin(phi);
            const double next = 2 * std::atan(std::tan(kPi / 4 + chi / 2) * std::pow((1 + es) / (1 - es), e / 2)) - kPi / 2;
            if (std::fabs(next - phi) < 1e-14) { phi = next; break; }
            phi = next;
        }
        lam = std::atan2(std::sinh(eta1), std::cos(xi1));
    }
};

// --- Lambert conformal conic 2SP (EPSG GN7-2)
struct Lcc {
    double e, a, n, F, rF;
    double m_of(double phi) const { const double s = std::sin(phi); return std::cos(phi) / std::sqrt(1 - e * e * s * s); }
    double t_of(double phi) const {
        const double es = e * std::sin(phi);
        return std::tan(kPi / 4 - phi / 2) / std::pow((1 - es) / (1 + es), e / 2);
    }
    explicit Lcc(const ProjectedSystem& s) {
        const double f = 1.0 / s.ellipsoid.inv_f;
        e = std::sqrt(f * (2 - f));
        a = s.ellipsoid.a_m;
        const double p1 = s.lat1_deg * kDeg, p2 = s.lat2_deg * kDeg, pF = s.lat0_deg * kDeg;
        const double m1 = m_of(p1), m2 = m_of(p2), t1 = t_of(p1), t2 = t_of(p2);
        n = std::fabs(p1 - p2) < 1e-12 ? std::sin(p1) : (std::log(m1) - std::log(m2)) / (std::log(t1) - std::log(t2));
        F = m1 / (n * std::pow(t1, n));
        rF = a * F * std::pow(t_of(pF), n);
    }
};

}  // namespace

std::string ProjectedSystem::description() const {
    return "EPSG:" + std::to_string(epsg) + " " + name + ", " + unit_name;
}

LatLon projected_to_latlon(const ProjectedSystem& s, double x, double y) {
    const double E = x * s.unit_m - s.false_easting_m, N = y * s.unit_m - s.false_northing_m;
    switch (s.method) {
        case ProjMethod::WebMercator: {
            const double a = s.ellipsoid.a_m;
            return LatLon{(2 * std::atan(std::exp(N / a)) - kPi / 2) / kDeg, s.lon0_deg + E / a / kDeg};
        }
        case ProjMethod::TransverseMercator: {
            const Krueger k(s.ellipsoid);
            double x0, y0;
            k.forward(s.lat0_deg * kDeg, 0, x0, y0);   // meridian distance of the latitude of origin
            double phi, lam;
            k.inverse(E / s.k0, N / s.k0 + y0, phi, lam);
            return LatLon{phi / kDeg, s.lon0_deg + lam / kDeg};
        }
        case ProjMethod::LambertConic2SP: {
            const Lcc l(s);
            const double dn = l.rF - N;
            double r = std::sqrt(E * E + dn * dn);
            if (l.n < 0) r = -r;
            const double t = std::pow(r / (l.a * l.F), 1 / l.n);
            const double theta = l.n < 0 ? std::atan2(-E, -dn) : std::atan2(E, dn);
            double phi = kPi / 2 - 2 * std::atan(t);
            for (int it = 0; it < 15; ++it) {
                const double es = l.e * std::sin(phi);
                const double next = kPi / 2 - 2 * std::atan(t * std::pow((1 - es) / (1 + es), l.e / 2));
                if (std::fabs(next - phi) < 1e-14) { phi = next; break; }
                phi = next;
            }
            return LatLon{phi / kDeg, s.lon0_deg + theta / l.n / kDeg};
        }
    }
    return LatLon{NAN, NAN};
}

void latlon_to_projected(const ProjectedSystem& s, LatLon p, double& x, double& y) {
    double E = 0, N = 0;
    const double phi = p.lat_deg * kDeg, dlam = (p.lon_deg - s.lon0_deg) * kDeg;
    switch (s.method) {
        case ProjMethod::WebMercator:
            E = s.ellipsoid.a_m * dlam;
            N = s.ellipsoid.a_m * std::log(std::tan(kPi / 4 + phi / 2));
            break;
        case ProjMethod::TransverseMercator: {
            const Krueger k(s.ellipsoid);
            double x0, y0, xe, yn;
            k.forward(s.lat0_deg * kDeg, 0, x0, y0);
            k.forward(phi, dlam, xe, yn);
            E = s.k0 * xe;
            N = s.k0 * (yn - y0);
            break;
        }
        case ProjMethod::LambertConic2SP: {
            const Lcc l(s);
            const double r = l.a * l.F * std::pow(l.t_of(phi), l.n);
            const double theta = l.n * dlam;
            E = r * std::sin(theta);
            N = l.rF - r * std::cos(theta);
            break;
        }
    }
    x = (E + s.false_easting_m) / s.unit_m;
    y = (N + s.false_northing_m) / s.unit_m;
}

namespace {

struct Zone {   // one State Plane zone, parameters in metres as published by NGS / EPSG
    const char* name;
    ProjMethod method;
    double lat0, lon0, lat1, lat2, k0, fe_m, fn_m;
    BBox area;
    int epsg_m;
    struct Variant { int epsg; double unit_m; const char* suffix; };
    std::vector<Variant> feet;
};

std::vector<ProjectedSystem> build_table() {
    const ProjMethod L = ProjMethod::LambertConic2SP, T = ProjMethod::TransverseMercator;
    const double us = kUsSurveyFoot_m, ft = kFoot_m;
    // lat0/lon0/lat1/lat2 as degree, minute pairs folded with dms(); k0 for TM zones only.
    const std::vector<Zone> zones = {
        {"Arizona Central", T, 31, dms(-111, 55), 0, 0, 0.9999, 213360, 0, {31.3, 37.1, -113.4, -110.4}, 26949,
         {{2223, ft, "(ft)"}, {2868, ft, "(HARN, ft)"}}},
        {"California zone 2", L, dms(37, 40), -122, dms(39, 50), dms(38, 20), 1, 2000000, 500000, {37.9, 40.4, -124.1, -119.4}, 26942, {{2226, us, "(ftUS)"}}},
        {"California zone 3", L, dms(36, 30), dms(-120, 30), dms(38, 26), dms(37, 4), 1, 2000000, 500000, {36.7, 38.7, -123.2, -117.7}, 26943, {{2227, us, "(ftUS)"}}},
        {"California zone 4", L, dms(35, 20), -119, dms(37, 15), 36, 1, 2000000, 500000, {35.7, 37.7, -122.1, -117.0}, 26944, {{2228, us, "(ftUS)"}}},
        {"California zone 5", L, dms(33, 30), -118, dms(35, 28), dms(34, 2), 1, 2000000, 500000, {32.7, 36.0, -121.5, -114.1}, 26945, {{2229, us, "(ftUS)"}}},
        {"California zone 6", L, dms(32, 10), dms(-116, 15), dms(33, 53), dms(32, 47), 1, 2000000, 500000, {32.5, 34.1, -118.2, -114.4}, 26946, {{2230, us, "(ftUS)"}}},
        {"Colorado Central", L, dms(37, 50), dms(-105, 30), dms(39, 45), dms(38, 27), 1, 914401.8289, 304800.6096, {38.1, 40.1, -109.1, -102.0}, 26954, {{2232, us, "(ftUS)"}}},
        {"Florida East", T, dms(24, 20), -81, 0, 0, 0.999941177, 200000, 0, {24.4, 30.8, -82.4, -79.9}, 26958, {{2236, us, "(ftUS)"}, {2881, us, "(HARN, ftUS)"}}},
        {"Florida West", T, dms(24, 20), -82, 0, 0, 0.999941177, 200000, 0, {26.2, 29.7, -83.2, -81.1}, 26959, {{2237, us, "(ftUS)"}, {2882, us, "(HARN, ftUS)"}}},
        {"Georgia West", T, 30, dms(-84, 10), 0, 0, 0.9999, 700000, 0, {30.5, 35.1, -85.7, -83.2}, 26967, {{2240, us, "(ftUS)"}}},
        {"Hawaii zone 3", T, dms(21, 10), -158, 0, 0, 0.99999, 500000, 0, {21.2, 21.8, -158.4, -157.6}, 26963, {{3759, us, "(ftUS)"}}},
        {"Illinois East", T, dms(36, 40), dms(-88, 20), 0, 0, 0.999975, 300000, 0, {36.9, 42.6, -89.4, -87.0}, 26971, {{3435, us, "(ftUS)"}}},
        {"Indiana East", T, dms(37, 30), dms(-85, 40), 0, 0, 0.999966667, 100000, 250000, {37.7, 41.8, -86.5, -84.7}, 26973, {{2965, us, "(ftUS)"}}},
        {"Kansas South", L, dms(36, 40), dms(-98, 30), dms(38, 34), dms(37, 16), 1, 400000, 400000, {36.9, 38.7, -102.1, -94.5}, 26978, {{3420, us, "(ftUS)"}}},
        {"Kentucky North", L, dms(37, 30), dms(-84, 15), dms(37, 58), dms(38, 58), 1, 500000, 0, {37.6, 39.2, -86.1, -82.5}, 2205, {{2246, us, "(ftUS)"}}},
        {"Louisiana South", L, dms(28, 30), dms(-91, 20), dms(30, 42), dms(29, 18), 1, 1000000, 0, {28.8, 31.1, -94.0, -88.8}, 26982, {{3452, us, "(ftUS)"}}},
        {"Maryland", L, dms(37, 40), -77, dms(39, 27), dms(38, 18), 1, 400000, 0, {37.8, 39.8, -79.6, -74.9}, 26985, {{2248, us, "(ftUS)"}}},
        {"Massachusetts Mainland", L, 41, dms(-71, 30), dms(42, 41), dms(41, 43), 1, 200000, 750000, {41.2, 42.9, -73.6, -69.8}, 26986, {{2249, us, "(ftUS)"}}},
        {"Michigan South", L, dms(41, 30), dms(-84, 22), dms(43, 40), dms(42, 6), 1, 4000000, 0, {41.6, 44.3, -87.2, -82.1}, 26990, {{2253, ft, "(ft)"}}},
        {"Minnesota South", L, 43, -94, dms(45, 13), dms(43, 47), 1, 800000, 100000, {43.4, 45.5, -96.6, -91.2}, 26993, {{26851, us, "(ftUS)"}}},
        {"Missouri East", T, dms(35, 50), dms(-90, 30), 0, 0, 0.999933333, 250000, 0, {35.9, 41.0, -91.9, -89.0}, 26996, {}},
        {"Missouri West", T, dms(36, 10), dms(-94, 30), 0, 0, 0.999941177, 850000, 0, {36.4, 40.7, -95.8, -93.4}, 26998, {}},
        {"Nebraska", L, dms(39, 50), -100, 43, 40, 1, 500000, 0, {39.9, 43.1, -104.1, -95.3}, 32104, {{26852, us, "(ftUS)"}}},
        {"Nevada East", T, dms(34, 45), dms(-115, 35), 0, 0, 0.9999, 200000, 8000000, {34.9, 42.1, -117.2, -113.9}, 32107, {{3421, us, "(ftUS)"}}},
        {"New Mexico Central", T, 31, dms(-106, 15), 0, 0, 0.9999, 500000, 0, {31.3, 37.1, -107.8, -104.8}, 32113, {{2258, us, "(ftUS)"}}},
        {"New York Long Island", L, dms(40, 10), -74, dms(41, 2), dms(40, 40), 1, 300000, 0, {40.4, 41.3, -74.3, -71.8}, 32118, {{2263, us, "(ftUS)"}}},
        {"North Carolina", L, dms(33, 45), -79, dms(36, 10), dms(34, 20), 1, 609601.22, 0, {33.8, 36.6, -84.4, -75.4}, 32119, {{2264, us, "(ftUS)"}}},
        {"Ohio North", L, dms(39, 40), dms(-82, 30), dms(41, 42), dms(40, 26), 1, 600000, 0, {40.1, 42.0, -84.9, -80.5}, 32122, {{3734, us, "(ftUS)"}}},
        {"Ohio South", L, 38, dms(-82, 30), dms(40, 2), dms(38, 44), 1, 600000, 0, {38.3, 40.4, -84.9, -80.5}, 32123, {{3735, us, "(ftUS)"}}},
        {"Oklahoma North", L, 35, -98, dms(36, 46), dms(35, 34), 1, 600000, 0, {35.2, 37.1, -103.1, -94.4}, 32124, {{2267, us, "(ftUS)"}}},
        {"Oregon North", L, dms(43, 40), dms(-120, 30), 46, dms(44, 20), 1, 2500000, 0, {43.8, 46.3, -124.2, -116.4}, 32126, {{2269, ft, "(ft)"}}},
        {"Pennsylvania South", L, dms(39, 20), dms(-77, 45), dms(40, 58), dms(39, 56), 1, 600000, 0, {39.7, 41.2, -80.6, -74.6}, 32129, {{2272, us, "(ftUS)"}}},
        {"Tennessee", L, dms(34, 20), -86, dms(36, 25), dms(35, 15), 1, 600000, 0, {34.9, 36.7, -90.4, -81.6}, 32136, {{2274, us, "(ftUS)"}}},
        {"Texas North Central", L, dms(31, 40), dms(-98, 30), dms(33, 58), dms(32, 8), 1, 600000, 2000000, {31.6, 34.6, -103.1, -94.0}, 32138, {{2276, us, "(ftUS)"}}},
        {"Texas Central", L, dms(29, 40), dms(-100, 20), dms(31, 53), dms(30, 7), 1, 700000, 3000000, {29.6, 32.3, -106.7, -93.5}, 32139, {{2277, us, "(ftUS)"}}},
        {"Texas South Central", L, dms(27, 50), -99, dms(30, 17), dms(28, 23), 1, 600000, 4000000, {27.8, 30.7, -100.7, -93.7}, 32140, {{2278, us, "(ftUS)"}}},
        {"Texas South", L, dms(25, 40), dms(-98, 30), dms(27, 50), dms(26, 10), 1, 300000, 5000000, {25.8, 28.4, -100.3, -96.8}, 32141, {{2279, us, "(ftUS)"}}},
        {"Virginia North", L, dms(37, 40), dms(-78, 30), dms(39, 12), dms(38, 2), 1, 3500000, 2000000, {37.7, 39.5, -80.0, -76.2}, 32146, {{2283, us, "(ftUS)"}}},
        {"Virginia South", L, dms(36, 20), dms(-78, 30), dms(37, 58), dms(36, 46), 1, 3500000, 1000000, {36.5, 38.3, -83.7, -75.2}, 32147, {{2284, us, "(ftUS)"}}},
        {"Washington North", L, 47, dms(-120, 50), dms(48, 44), dms(47, 30), 1, 500000, 0, {46.9, 49.1, -124.8, -117.0}, 32148, {{2285, us, "(ftUS)"}, {2926, us, "(HARN, ftUS)"}}},
        {"Washington South", L, dms(45, 20), dms(-120, 30), dms(47, 20), dms(45, 50), 1, 500000, 0, {45.5, 47.7, -124.2, -116.9}, 32149, {{2286, us, "(ftUS)"}}},
        {"Wisconsin South", L, 42, -90, dms(44, 4), dms(42, 44), 1, 600000, 0, {42.4, 44.3, -91.3, -86.7}, 32154, {{2289, us, "(ftUS)"}}},
    };
    std::vector<ProjectedSystem> out;
    for (const auto& z : zones) {
        ProjectedSystem s;
        s.method = z.method;
        s.family = ProjFamily::StatePlane;
        s.ellipsoid = kGrs80;
        s.lat0_deg = z.lat0; s.lon0_deg = z.lon0; s.lat1_deg = z.lat1; s.lat2_deg = z.lat2;
        s.k0 = z.method == T ? z.k0 : 1;
        s.false_easting_m = z.fe_m; s.false_northing_m = z.fn_m;
        s.area = z.area;
        s.epsg = z.epsg_m;
        s.name = std::string("NAD83 / ") + z.name;
        s.unit_name = "metres";
        s.unit_m = 1;
        out.push_back(s);
        for (const auto& v : z.feet) {
            s.epsg = v.epsg;
            s.name = std::string("NAD83 / ") + z.name + " " + v.suffix;
            s.unit_m = v.unit_m;
            s.unit_name = v.unit_m == ft ? "international feet" : "US survey feet";
            out.push_back(s);
        }
    }
    for (int south = 0; south < 2; ++south)
        for (int zone = 1; zone <= 60; ++zone) {
            ProjectedSystem s;
            s.epsg = utm_epsg(zone, !south);
            s.name = "WGS 84 / UTM zone " + std::to_string(zone) + (south ? "S" : "N");
            s.unit_name = "metres";
            s.method = ProjMethod::TransverseMercator;
            s.family = ProjFamily::Utm;
            s.ellipsoid = kWgs84;
            s.lon0_deg = zone * 6 - 183;
            s.k0 = 0.9996;
            s.false_easting_m = 500000;
            s.false_northing_m = south ? 10000000 : 0;
            s.area = BBox{south ? -80.0 : 0.0, south ? 0.0 : 84.0, s.lon0_deg - 3, s.lon0_deg + 3};
            out.push_back(s);
        }
    for (int zone = 1; zone <= 23; ++zone) {
        ProjectedSystem s = out.back();
        s.epsg = 26900 + zone;
        s.name = "NAD83 / UTM zone " + std::to_string(zone) + "N";
        s.ellipsoid = kGrs80;
        s.lon0_deg = zone * 6 - 183;
        s.false_northing_m = 0;
        s.area = BBox{14.0, 84.0, s.lon0_deg - 3, s.lon0_deg + 3};
        out.push_back(s);
    }
    ProjectedSystem wm;
    wm.epsg = 3857;
    wm.name = "WGS 84 / Pseudo-Mercator (Web Mercator)";
    wm.unit_name = "metres";
    wm.method = ProjMethod::WebMercator;
    wm.family = ProjFamily::WebMercator;
    wm.ellipsoid = kWgs84;
    wm.area = BBox{-85.06, 85.06, -180, 180};
    out.push_back(wm);
    return out;
}

struct City { const char* name; double lat, lon; };
const City kCities[] = {
    {"New York", 40.71, -74.01}, {"Los Angeles", 34.05, -118.24}, {"Chicago", 41.88, -87.63}, {"Houston", 29.76, -95.37},
    {"Phoenix", 33.45, -112.07}, {"Philadelphia", 39.95, -75.17}, {"San Antonio", 29.42, -98.49}, {"San Diego", 32.72, -117.16},
    {"Dallas", 32.78, -96.80}, {"Austin", 30.27, -97.74}, {"Jacksonville", 30.33, -81.66}, {"Fort Worth", 32.76, -97.33},
    {"San Jose", 37.34, -121.89}, {"Columbus", 39.96, -83.00}, {"Charlotte", 35.23, -80.84}, {"Indianapolis", 39.77, -86.16},
    {"San Francisco", 37.77, -122.42}, {"Seattle", 47.61, -122.33}, {"Denver", 39.74, -104.99}, {"Oklahoma City", 35.47, -97.52},
    {"Nashville", 36.16, -86.78}, {"Washington", 38.91, -77.04}, {"El Paso", 31.76, -106.49}, {"Las Vegas", 36.17, -115.14},
    {"Boston", 42.36, -71.06}, {"Detroit", 42.33, -83.05}, {"Portland", 45.52, -122.68}, {"Louisville", 38.25, -85.76},
    {"Memphis", 35.15, -90.05}, {"Baltimore", 39.29, -76.61}, {"Milwaukee", 43.04, -87.91}, {"Albuquerque", 35.08, -106.65},
    {"Tucson", 32.22, -110.97}, {"Fresno", 36.74, -119.79}, {"Sacramento", 38.58, -121.49}, {"Mesa", 33.42, -111.83},
    {"Atlanta", 33.75, -84.39}, {"Kansas City", 39.10, -94.58}, {"Colorado Springs", 38.83, -104.82}, {"Omaha", 41.26, -95.93},
    {"Raleigh", 35.78, -78.64}, {"Miami", 25.76, -80.19}, {"Virginia Beach", 36.85, -75.98}, {"Long Beach", 33.77, -118.19},
    {"Oakland", 37.80, -122.27}, {"Minneapolis", 44.98, -93.27}, {"Bakersfield", 35.37, -119.02}, {"Tulsa", 36.15, -95.99},
    {"Tampa", 27.95, -82.46}, {"Arlington", 32.74, -97.11}, {"Wichita", 37.69, -97.34}, {"Aurora", 39.73, -104.83},
    {"New Orleans", 29.95, -90.07}, {"Cleveland", 41.50, -81.69}, {"Honolulu", 21.31, -157.86}, {"St. Louis", 38.63, -90.20},
    {"Pittsburgh", 40.44, -80.00}, {"Cincinnati", 39.10, -84.51}, {"St. Paul", 44.95, -93.09}, {"Anaheim", 33.84, -117.91},
    {"Riverside", 33.95, -117.40}, {"Corpus Christi", 27.80, -97.40}, {"Stockton", 37.96, -121.29}, {"Henderson", 36.04, -114.98},
    {"Lexington", 38.04, -84.50}, {"Buffalo", 42.89, -78.88}, {"Newark", 40.74, -74.17}, {"Vancouver", 49.28, -123.12},
    {"Toronto", 43.65, -79.38}, {"Montreal", 45.50, -73.57}, {"Calgary", 51.05, -114.07}, {"Mexico City", 19.43, -99.13},
    {"London", 51.51, -0.13}, {"Paris", 48.86, 2.35}, {"Berlin", 52.52, 13.40}, {"Madrid", 40.42, -3.70},
    {"Sydney", -33.87, 151.21}, {"Melbourne", -37.81, 144.96}, {"Sao Paulo", -23.55, -46.63}, {"Buenos Aires", -34.60, -58.38},
    {"Johannesburg", -26.20, 28.05}, {"Tokyo", 35.68, 139.69}, {"Auckland", -36.85, 174.76}, {"Bogota", 4.71, -74.07},
};

}  // namespace

const std::vector<ProjectedSystem>& projected_systems() {
    static const std::vector<ProjectedSystem> table = build_table();
    return table;
}

const ProjectedSystem* find_projected_system(int epsg) {
    if (epsg == 900913 || epsg == 3785 || epsg == 102100) epsg = 3857;
    for (const auto& s : projected_systems())
        if (s.epsg == epsg) return &s;
    return nullptr;
}

Result<const ProjectedSystem*> projected_system(int epsg) {
    if (const ProjectedSystem* s = find_projected_system(epsg)) return s;
    return make_error(ErrorKind::Profile,
                      "EPSG:" + std::to_string(epsg) +
                          " is not in the projection table (UTM 326xx/327xx/269xx, Web Mercator 3857 and the US State "
                          "Plane zones listed in src/core/geo/projection.hpp)");
}

double nearest_known_city_m(LatLon p, std::string* name) {
    double best = INFINITY;
    for (const auto& c : kCities) {
        const double d = haversine_m(p, LatLon{c.lat, c.lon});
        if (d < best) {
            best = d;
            if (name) *name = c.name;
        }
    }
    return best;
}

Result<SystemGuess> guess_projected_system(const std::vector<double>& xs, const std::vector<double>& ys) {
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < xs.size() && i < ys.size(); ++i)
        if (std::isfinite(xs[i]) && std::isfinite(ys[i]) && !(xs[i] == 0 && ys[i] == 0)) pts.emplace_back(xs[i], ys[i]);
    if (pts.size() > 400) {   // an even subsample keeps the search cheap
        std::vector<std::pair<double, double>> sub;
        for (size_t i = 0; i < 400; ++i) sub.push_back(pts[i * pts.size() / 400]);
        pts.swap(sub);
    }
    if (pts.size() < 3) return make_error(ErrorKind::Invalid, "fewer than 3 x/y points to choose a projected system from");
    struct Cand { const ProjectedSystem* s; LatLon med; double spread, city_m; std::string city; int rank; };
    std::vector<Cand> cands;
    std::vector<double> la, lo, d;
    for (const auto& s : projected_systems()) {
        la.clear(); lo.clear();
        size_t inside = 0;
        for (const auto& [x, y] : pts) {
            const LatLon p = projected_to_latlon(s, x, y);
            if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg)) continue;
            if (s.area.contains(p.lat_deg, p.lon_deg)) ++inside;
            la.push_back(p.lat_deg);
            lo.push_back(p.lon_deg);
        }
        if (inside * 10 < pts.size() * 9) continue;
        auto median = [](std::vector<double> v) {
            std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
            return v[v.size() / 2];
        };
        const LatLon med{median(la), median(lo)};
        d.clear();
        for (size_t i = 0; i < la.size(); ++i) d.push_back(haversine_m(med, LatLon{la[i], lo[i]}));
        std::sort(d.begin(), d.end());
        const double spread = d[std::min(d.size() - 1, d.size() * 9 / 10)];
        if (spread > 100000) continue;
        Cand c{&s, med, spread, 0, {}, 0};
        c.city_m = nearest_known_city_m(med, &c.city);
        c.rank = (c.city_m <= 60000 ? 0 : 10) + (s.family == ProjFamily::StatePlane ? 0 : s.family == ProjFamily::Utm ? 1 : 2);
        cands.push_back(std::move(c));
    }
    if (cands.empty())
        return make_error(ErrorKind::Invalid,
                          "no system of the projection table (UTM, Web Mercator, the US State Plane zones of "
                          "geo/projection.hpp) puts the x/y sample in one compact area inside the system's area");
    std::stable_sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
        if (a.rank != b.rank) return a.rank < b.rank;
        return a.city_m < b.city_m - 1000;   // within a km: keep table order
    });
    const Cand& best = cands.front();
    SystemGuess g;
    g.system = best.s;
    g.fitting = cands.size();
    g.median = best.med;
    g.spread_m = best.spread;
    g.near_city = best.city;
    g.near_city_m = best.city_m;
    char buf[240];
    std::snprintf(buf, sizeof buf, "sample median %.4f, %.4f, 90%% within %.0f km, %.0f km from %s", best.med.lat_deg,
                  best.med.lon_deg, best.spread / 1000, best.city_m / 1000, best.city.c_str());
    if (cands.size() == 1) {
        g.reason = std::string("the only system that puts the sample in one compact area (") + buf + ")";
    } else {
        std::string others;
        for (size_t i = 1; i < cands.size() && i < 4; ++i) others += (others.empty() ? "" : ", ") + ("EPSG:" + std::to_string(cands[i].s->epsg));
        if (cands.size() > 4) others += ", ...";
        g.reason = "of " + std::to_string(cands.size()) + " systems that put the sample in one compact area, the one " +
                   (best.city_m <= 60000 ? std::string("nearest a known city") : std::string("of the most specific kind")) + " (" + buf +
                   "; others: " + others + ")";
    }
    return g;
}

}  // namespace crimescope::geo
