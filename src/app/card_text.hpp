// card_text.hpp: the citizen's score card in words (issue #13), in the interface language: the one-line
// summary of the phone's collapsed sheet, the card's sentences, and the whole text for the page's aria-live
// region. Same words in the desktop card, the phone sheet and for screen readers.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.hpp"

namespace crimescope::app {

struct CardWords {
    std::string line;                  // collapsed sheet: "412 crimes · more than 95% of places in Chicago"
    std::string headline;              // "412 reported crimes within 200 m in the past year (to ...): more than ..."
    std::vector<std::string> details;  // change, most common types, data age, caveats
    std::string all() const;           // headline and details, one paragraph
};

// The city's short name ("Chicago" for "Chicago (aggravated assaults)").
std::string city_short_name(const AppState& s);
// Today's date (days since 1970-01-01) from the system clock, for the data's age.
int32_t today_day();
CardWords card_words(const AppState& s, const ScoreCard& c);

}  // namespace crimescope::app
