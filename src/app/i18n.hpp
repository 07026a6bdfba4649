// i18n.hpp: the interface text in English and Spanish from one string table (issue #13). Every
// citizen-facing string (search, card, sheet, menu, coverage, data source) goes through tr(): the English
// text is the key, so a missing Spanish entry shows English, never an empty label. Format strings keep
// their conversions in the same order in both languages.
#pragma once
#include <string>

namespace crimescope::app {

enum class Lang { en, es };

void set_lang(Lang lang);
Lang lang();
const char* lang_code();                       // "en" | "es"
bool parse_lang(const std::string& code, Lang& out);   // "en", "es", "es-MX", "en_US" ...

// The current language's text for the English `en` (a string from the table); `en` itself when absent.
const char* tr(const char* en);

// Every English key of the table has a Spanish text (for the test of the table).
int missing_spanish();

}  // namespace crimescope::app
