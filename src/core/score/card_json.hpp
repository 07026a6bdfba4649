// card_json.hpp: the score card as JSON, written once for `crimescope-cli score --json` and the app's
// "Score card (JSON)" export (issue #14, "Results out"). Numbers are rounded as the CLI has always printed
// them (score 1e-6, percentile 0.1, CI 0.01, ratio and p 1e-4, distances 0.1 m). A place outside coverage
// gets {"covered": false, "message": ...} and no numbers. The model's estimate is the caller's to add
// (it needs ONNX Runtime, which core does not).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

#include "data/incident_table.hpp"
#include "score/card_words.hpp"
#include "score/place_card.hpp"
#include "score/radius_score.hpp"

namespace crimescope::score {

nlohmann::json card_json(const data::CityData& city, const PlaceCard& card, const ScoreScale& scale, const RadiusScoreParams& params);

// The card's sentences as the app shows them: {"lang", "line", "headline", "details": [...]}.
nlohmann::json card_words_json(const CardWords& words, CardLang lang);

}  // namespace crimescope::score
