#include "base/start_query.hpp"

#include <cmath>
#include <cstdlib>

#include "base/dates.hpp"

namespace crimescope {

namespace {

constexpr size_t kMaxQueryBytes = 4096;

bool id_like(std::string_view v, bool dash) {
    if (v.empty() || v.size() > 64) return false;
    for (char c : v)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-'))) return false;
    return true;
}

// A plain decimal number (no exponent, no hex, no inf/nan, at most 32 characters).
bool number(std::string_view v, double& out) {
    if (v.empty() || v.size() > 32) return false;
    size_t i = v[0] == '-' ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < v.size(); ++i) {
        if (v[i] >= '0' && v[i] <= '9') digits = true;
        else if (v[i] == '.' && !dot) dot = true;
        else return false;
    }
    if (!digits) return false;
    out = std::strtod(std::string(v).c_str(), nullptr);
    return std::isfinite(out);
}

std::string quoted(std::string_view v) {
    std::string s(v.substr(0, 40));
    for (auto& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == '"') c = '?';
    return "\"" + s + (v.size() > 40 ? "...\"" : "\"");
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool decode(std::string_view in, std::string& out) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') out += ' ';
        else if (in[i] != '%') out += in[i];
        else {
            if (i + 2 >= in.size()) return false;   // two hex digits must follow
            const int h = hex(in[i + 1]), l = hex(in[i + 2]);
            if (h < 0 || l < 0) return false;
            out += static_cast<char>(h * 16 + l);
            i += 2;
        }
    }
    return true;
}

}  // namespace

bool set_start_value(StartQuery& q, std::string_view key, std::string_view v, std::string& why) {
    double x = 0;
    auto refuse = [&](const char* what) {
        why = std::string(key) + ": " + what + " (" + quoted(v) + ")";
        return false;
    };
    if (key == "city") {
        if (!id_like(v, false)) return refuse("not a pack id (a-z, 0-9, _)");
        q.city = v;
    } else if (key == "lat") {
        if (!number(v, x) || x < -90 || x > 90) return refuse("not a latitude in [-90, 90]");
        q.lat_deg = x;
    } else if (key == "lon") {
        if (!number(v, x) || x < -180 || x > 180) return refuse("not a longitude in [-180, 180]");
        q.lon_deg = x;
    } else if (key == "r") {
        // The card's slider is 50..1000 m; a link may ask 10..2000 m (a 20 km radius over a city would take
        // minutes of counting in the page).
        if (!number(v, x) || x < 10 || x > 2000) return refuse("not a radius in [10, 2000] m");
        q.radius_m = x;
    } else if (key == "w") {
        if (!number(v, x) || x != std::floor(x) || x < 1 || x > 3650) return refuse("not a window of 1..3650 days");
        q.window_days = static_cast<int>(x);
    } else if (key == "date") {
        DateTime dt;
        CivilDate c;
        auto digits = [&](size_t a, size_t b) {
            for (size_t i = a; i < b; ++i)
                if (v[i] < '0' || v[i] > '9') return false;
            return true;
        };
        if (v.size() != 10 || v[4] != '-' || v[7] != '-' || !digits(0, 4) || !digits(5, 7) || !digits(8, 10) ||
            !parse_datetime(v, "%Y-%m-%d", dt) || (c = civil_from_days(dt.day)).year < 1900 || c.year > 2100)
            return refuse("not a date YYYY-MM-DD in 1900..2100");
        q.as_of = v;
    } else if (key == "heat") {
        q.heat = v == "1";
    } else if (key == "view") {
        if (v != "forecast" && v != "patterns" && v != "linkage" && v != "classify" && v != "hotspots")
            return refuse("not a view (forecast, patterns, linkage, classify, hotspots)");
        q.view = v;
    } else if (key == "model") {
        if (!id_like(v, false)) return refuse("not a model id (a-z, 0-9, _)");
        q.classify_model = v;
    } else if (key == "check") {
        q.classify_check = v == "1";
    } else if (key == "linkset") {
        if (!id_like(v, true)) return refuse("not a case set id (a-z, 0-9, _, -)");
        q.link_set = v;
    } else if (key == "lang") {
        if (v != "en" && v != "es") return refuse("not a language (en, es)");
        q.lang = v;
    } else if (key == "density") {
        if (v != "auto" && v != "points" && v != "density") return refuse("not a map mode (auto, points, density)");
        q.density = v;
    } else if (key == "hotspots") {
        if (v != "kde" && v != "gistar" && v != "emerging" && v != "near_repeat" && v != "concentration" && v != "forecast_grid")
            return refuse("not a hotspot analysis (kde, gistar, emerging, near_repeat, concentration, forecast_grid)");
        q.hotspots = v;
        if (q.view.empty()) q.view = "hotspots";
    }
    return true;   // unknown keys are not ours
}

StartQuery parse_start_query(std::string_view query) {
    StartQuery q;
    if (!query.empty() && query[0] == '?') query.remove_prefix(1);
    if (query.size() > kMaxQueryBytes) {
        q.refused.push_back("the query string is longer than 4096 bytes: the rest is ignored");
        query = query.substr(0, kMaxQueryBytes);
    }
    std::string key, value, why;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (part.empty()) continue;
        const size_t eq = part.find('=');
        if (!decode(part.substr(0, eq), key)) { q.refused.push_back("a key with a malformed %-escape"); continue; }
        if (!decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), value)) {
            q.refused.push_back(quoted(key) + ": a malformed %-escape");
            continue;
        }
        if (!set_start_value(q, key, value, why)) q.refused.push_back(why);
    }
    return q;
}

}  // namespace crimescope
