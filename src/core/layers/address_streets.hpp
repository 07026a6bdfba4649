// address_streets.hpp: streets followed through the incident data's own block addresses, for cities with
// no street file (Houston `address` "9650 marlive ln", LAPD `LOCATION` "1100 W  39TH PL"): per street name
// the median position of each hundred-block's incidents, sorted by house number, joined where consecutive
// blocks are at most `max_gap_m` apart. A street with at least `major_blocks` blocks is major (rank 0).
// These lines are only as good as the geocoding of the incidents: they follow where crimes were reported.
#pragma once
#include <string>

#include "data/incident_table.hpp"

namespace crimescope::layers {

struct AddressStreetsOptions {
    std::string role = "address";
    double max_gap_m = 400;
    size_t major_blocks = 25;
};

struct AddressStreetsReport { size_t addresses = 0, unparsed = 0, streets = 0, blocks = 0; };

// Splits "1100 W  39TH PL" into 1100 and "W 39TH PL" (spaces collapsed); false when there is no leading number.
bool split_block_address(const std::string& address, long& number, std::string& street);

data::BaseLayer streets_from_addresses(const data::IncidentTable& t, const std::string& layer_name,
                                       const AddressStreetsOptions& opts = {}, AddressStreetsReport* report = nullptr);

}  // namespace crimescope::layers
