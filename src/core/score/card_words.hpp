// card_words.hpp: the citizen's score card in words (issue #13), in English or Spanish, written once here so
// the app's card, the phone's sheet, the page's aria-live region and `crimescope-cli score` say the same:
//   line      "412 crimes · more than 95% of places in Chicago" (the phone's collapsed sheet)
//   headline  "412 reported crimes within 200 m in the past year (to 2018-08-31): more than 95% of places in Chicago."
//   details   the change against the window before (with the exact test's p in words), the most common types,
//             the data's date and age, the pack's caveats, and that only reported crime is counted.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "score/place_card.hpp"

namespace crimescope::score {

enum class CardLang { en, es };

struct CardWords {
    std::string line;
    std::string headline;
    std::vector<std::string> details;
    std::string all() const;   // headline and details, one paragraph
};

// `score` is the radius score shown (normally card.score); `city` the city's short name ("Chicago");
// `today_day` today in days since 1970-01-01 (for the data's age).
CardWords card_words(const PlaceCard& card, const RadiusScore& score, const RadiusScoreParams& params, const std::string& city,
                     int32_t today_day, CardLang lang);

// "p = 0.0386", "p = 1", "p < 0.0001": a p-value as the score JSON rounds it (1e-4), in words.
std::string p_value_words(double p);

// "Chicago" for "Chicago (aggravated assaults)": the display name up to " (".
std::string city_short_name(const std::string& display_name);

}  // namespace crimescope::score
