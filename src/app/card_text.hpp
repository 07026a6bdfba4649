// card_text.hpp: the citizen's score card in words for the app (issue #13): core's score/card_words in the
// interface language. Same words in the desktop card, the phone sheet, the page's aria-live region and
// `crimescope-cli score`.
#pragma once
#include <string>

#include "app/app_state.hpp"
#include "score/card_words.hpp"

namespace crimescope::app {

using score::CardWords;

// The city's short name ("Chicago" for "Chicago (aggravated assaults)").
std::string city_short_name(const AppState& s);
// Today's date (days since 1970-01-01) from the system clock, for the data's age.
int32_t today_day();
CardWords card_words(const AppState& s, const ScoreCard& c);

}  // namespace crimescope::app
