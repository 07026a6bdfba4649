// layer.hpp: what a hotspot analysis hands to the map and to `--json` (issue #19): a grid, the cells it draws,
// each with a value and a class, and the legend of those classes. The app's Hotspots view draws any CellLayer
// the same way (src/app/views/view_hotspots.cpp); the CLI prints it with layer_json.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotspot/grid.hpp"

namespace crimescope::hotspot {

struct CellClass {
    std::string name;          // "hot spot (99%)", "new hot spot", "top 5% of area", ...
    uint32_t rgba = 0;         // 0xRRGGBBAA, the map's fill; alpha 0 (the neutral classes): not drawn on the map, listed in the legend
};

struct CellLayer {
    std::string layer;         // "kde" | "gistar" | "emerging" | "forecast_grid"
    std::string title;         // the legend's heading, e.g. "Getis-Ord Gi* hot spots (FDR 0.05)"
    std::string value_name;    // what `value` is, with its unit: "incidents per km²", "z-score", ...
    Grid grid;
    std::vector<int64_t> cells;     // the cells drawn (grid indices), ascending
    std::vector<float> value;       // one per drawn cell
    std::vector<uint8_t> klass;     // one per drawn cell: an index into `classes`
    std::vector<CellClass> classes;
    size_t significant = 0;    // cells that count as found (significant hot/cold spots; the hotspot set; ...)
    std::vector<std::string> notes;   // parameters and caveats said in plain words (bandwidth and its rule, caps)
};

// {"layer", "title", "value_name", "grid": {cell_m, lat0_deg, lon0_deg, nx, ny}, "cells": n drawn,
//  "significant": n, "classes": [{name, count}], "notes": [...], "features": [{cell, lat, lon, value, class}] }
// (features only when with_cells; lat / lon are the cell's centre).
nlohmann::json layer_json(const CellLayer& l, bool with_cells);

// A number with `decimals` decimals ("%.*f"), for the layers' titles and notes.
std::string format_fixed(double v, int decimals = 0);

}  // namespace crimescope::hotspot
