#include "app/card_text.hpp"

#include <chrono>

#include "app/i18n.hpp"

namespace crimescope::app {

std::string city_short_name(const AppState& s) { return s.city ? score::city_short_name(s.city->display_name) : ""; }

int32_t today_day() {
    using namespace std::chrono;
    return static_cast<int32_t>(duration_cast<hours>(system_clock::now().time_since_epoch()).count() / 24);
}

CardWords card_words(const AppState& s, const ScoreCard& c) {
    if (!c.valid || !s.city) return {};
    score::PlaceCard card = c.place;
    if (!card.newest_day) card.newest_day = s.day_last;
    return score::card_words(card, c.result, c.params, city_short_name(s), today_day(),
                             lang() == Lang::es ? score::CardLang::es : score::CardLang::en);
}

}  // namespace crimescope::app
