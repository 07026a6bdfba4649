// gtfs_stops.hpp: a GTFS stops.txt (plain or .gz) as a places layer: stations only (rows with no
// parent_station: a parent station or a stand-alone stop; platforms and entrances are dropped), deduplicated
// by name and position (the same name within about 10 m), kept only inside `box` when it is not empty.
#pragma once
#include <string>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "geo/geo.hpp"

namespace crimescope::layers {

struct GtfsStopsReport { size_t rows = 0, kept = 0, child_stops = 0, duplicates = 0, outside = 0, bad_rows = 0; };

Result<data::BaseLayer> read_gtfs_stations(const std::string& path, const std::string& layer_name, const geo::BBox& box,
                                           GtfsStopsReport* report = nullptr);

}  // namespace crimescope::layers
