// address.hpp: a street address as people type it, split into parts (issue #13, "Addresses as people type
// them"). "5023 N Morningside Drive Apt 4, Houston, TX 77004" -> number 5023, prefix "n", name "morningside",
// type "dr", unit "4"; the city / state / zip after the street is dropped. Hundred-block forms are ranges:
// "5000-5099", "050XX" and "10XX" (Chicago, Vancouver), "X BLOCK" (Vancouver's 0 block), "5000 block of".
// Pure functions; every part is normalised like the geocoder's tokens (lower case, "Drive" -> "dr").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace crimescope::geocode {

struct ParsedAddress {
    bool has_number = false;
    uint32_t number_lo = 0;    // the typed house number, or the low end of a typed range
    uint32_t number_hi = 0;    // == number_lo for a single number; 5099 for "5000-5099", 1099 for "10XX"
    bool range = false;        // a block ("5000-5099", "10XX", "X BLOCK", "5000 block of")
    std::string prefix_dir;    // "n", "sw", ... or ""
    std::string name;          // street name tokens joined by one space: "morningside", "martin luther king"
    std::string type;          // canonical street type ("dr", "ave", "st") or "" when none was typed
    std::string suffix_dir;    // "s" in "1650 West Loop S", or ""
    std::string unit;          // "4" for "Apt 4", "12" for "#12", "b" for "Unit B"

    bool has_street() const { return !name.empty(); }
    // "morningside dr", "n ashland ave", "w lp s": the street's key (directions, name and type).
    std::string street_key() const;
    // Display form of the street: "Morningside Dr", "N Ashland Ave".
    std::string street_label() const;
    // The number whose hundred block is meant: the typed number, or the low end of a range.
    uint32_t block() const { return number_lo / 100; }
};

// Parses a typed address. Text without a leading house number still yields the street parts (has_number
// false), and text that is no address at all ("hollywood") yields just a name.
ParsedAddress parse_address(std::string_view text);

// True for a canonical street type token ("st", "ave", "dr", ... as Geocoder::normalise writes them).
bool is_street_type(std::string_view token);
// True for a canonical direction token ("n", "s", "e", "w", "ne", "nw", "se", "sw").
bool is_direction(std::string_view token);
// The spelled-out form of a canonical street type ("dr" -> "Drive"), or "" when there is none.
const char* street_type_spelled(std::string_view type);

}  // namespace crimescope::geocode
