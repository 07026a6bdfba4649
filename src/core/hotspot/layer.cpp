#include "hotspot/layer.hpp"

#include <cmath>
#include <cstdio>

namespace crimescope::hotspot {

std::string format_fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

nlohmann::json layer_json(const CellLayer& l, bool with_cells) {
    nlohmann::json j;
    j["layer"] = l.layer;
    j["title"] = l.title;
    j["value_name"] = l.value_name;
    j["grid"] = {{"cell_m", l.grid.cell_m}, {"lat0_deg", l.grid.lat0_deg}, {"lon0_deg", l.grid.lon0_deg}, {"nx", l.grid.nx}, {"ny", l.grid.ny}};
    j["cells"] = l.cells.size();
    j["significant"] = l.significant;
    std::vector<size_t> per_class(l.classes.size(), 0);
    for (uint8_t k : l.klass)
        if (k < per_class.size()) ++per_class[k];
    auto classes = nlohmann::json::array();
    for (size_t k = 0; k < l.classes.size(); ++k) classes.push_back({{"name", l.classes[k].name}, {"count", per_class[k]}});
    j["classes"] = classes;
    j["notes"] = l.notes;
    if (with_cells) {
        auto f = nlohmann::json::array();
        for (size_t k = 0; k < l.cells.size(); ++k) {
            const auto c = l.grid.cell_centre(l.cells[k]);
            const double v = k < l.value.size() ? l.value[k] : NAN;
            f.push_back({{"cell", l.cells[k]},
                         {"lat", std::round(c.lat_deg * 1e6) / 1e6},
                         {"lon", std::round(c.lon_deg * 1e6) / 1e6},
                         {"value", std::isfinite(v) ? nlohmann::json(std::round(v * 1e4) / 1e4) : nlohmann::json(nullptr)},
                         {"class", k < l.klass.size() && l.klass[k] < l.classes.size() ? l.classes[l.klass[k]].name : ""}});
        }
        j["features"] = f;
    }
    return j;
}

}  // namespace crimescope::hotspot
