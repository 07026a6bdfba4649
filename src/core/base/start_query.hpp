// start_query.hpp: what a link or the command line asks the app to open (issue #17): the page's query string
// (`?city=&lat=&lon=&r=&w=&date=&heat=&view=&model=&check=&linkset=&lang=&density=&hotspots=`) and the desktop's options of the
// same meaning go through these checks, so a hostile URL or argument is refused here, whole, before it reaches
// the app. Each value is checked on its own; a bad one is dropped and said (`refused`), the others stay.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crimescope {

struct StartQuery {
    std::string city;                 // [a-z0-9_]{1,64}
    std::optional<double> lat_deg;    // [-90, 90], finite
    std::optional<double> lon_deg;    // [-180, 180], finite
    std::optional<double> radius_m;   // [10, 2000]
    std::optional<int> window_days;   // [1, 3650]
    std::string as_of;                // a real date YYYY-MM-DD, 1900..2100
    bool heat = false;
    std::string view;                 // forecast, patterns, linkage, classify, hotspots
    std::string hotspots;             // kde, gistar, emerging, near_repeat, concentration, forecast_grid (opens the Hotspots view)
    std::string classify_model;       // [a-z0-9_]{1,64}
    bool classify_check = false;
    std::string link_set;             // [a-z0-9_-]{1,64}
    std::string lang;                 // en, es
    std::string density;              // auto, points, density (the map's density layer)
    std::vector<std::string> refused; // "lat: not a latitude in [-90, 90] (\"1e309\")", one per dropped value
};

// The query string with or without its leading '?'; '+' and %XX decoded (a malformed escape refuses that
// value). Unknown keys are ignored; a repeated key keeps its last accepted value. At most 4096 bytes are read (the rest
// is refused as one entry).
StartQuery parse_start_query(std::string_view query);

// One value by its query key ("lat", "r", ...): the same checks for the desktop's options. False (and `why`
// set) when the value is refused.
bool set_start_value(StartQuery& q, std::string_view key, std::string_view value, std::string& why);

}  // namespace crimescope
