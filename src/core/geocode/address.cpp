#include "geocode/address.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "geocode/geocoder.hpp"

namespace crimescope::geocode {

namespace {

struct TypeName { const char* canonical; const char* spelled; };
// Canonical street types (the geocoder's abbreviations) with their spelled-out form.
const TypeName kTypes[] = {
    {"st", "Street"}, {"ave", "Avenue"}, {"blvd", "Boulevard"}, {"rd", "Road"}, {"dr", "Drive"}, {"ln", "Lane"},
    {"pl", "Place"}, {"ct", "Court"}, {"hwy", "Highway"}, {"lp", "Loop"}, {"pkwy", "Parkway"}, {"ter", "Terrace"},
    {"cir", "Circle"}, {"sq", "Square"}, {"expy", "Expressway"}, {"fwy", "Freeway"}, {"way", "Way"}, {"trl", "Trail"},
    {"plz", "Plaza"}, {"cres", "Crescent"}, {"aly", "Alley"}, {"cv", "Cove"}, {"xing", "Crossing"}, {"walk", "Walk"},
    {"row", "Row"}, {"mall", "Mall"}, {"pass", "Pass"}, {"path", "Path"}, {"run", "Run"}, {"bnd", "Bend"},
    {"holw", "Hollow"}, {"mnr", "Manor"}, {"grn", "Green"}, {"crk", "Creek"}, {"spur", "Spur"}, {"byp", "Bypass"},
};

const char* kDirections[] = {"n", "s", "e", "w", "ne", "nw", "se", "sw"};

// Words that introduce a unit: "Apt 4", "Unit B", "Suite 200".
bool is_unit_word(const std::string& t) {
    return t == "apt" || t == "apartment" || t == "unit" || t == "ste" || t == "suite" || t == "rm" || t == "room" ||
           t == "bldg" || t == "building" || t == "no";
}

// Trailing words that name a state, province or country (dropped after the street).
bool is_region_word(const std::string& t) {
    static const char* k[] = {"tx", "texas", "ca", "california", "il", "illinois", "bc", "ny", "usa", "us", "canada",
                              "cdmx", "mexico", "british", "columbia"};
    for (const char* w : k)
        if (t == w) return true;
    return false;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

uint32_t to_u32(std::string_view digits) {
    uint64_t v = 0;
    for (char c : digits) {
        v = v * 10 + static_cast<uint64_t>(c - '0');
        if (v > 100000000) return 100000000;   // no house number is this long; keeps the block arithmetic sane
    }
    return static_cast<uint32_t>(v);
}

// A leading house number: "5023", "5023a", "5000-5099", "050XX", "10XX", "0000X". Sets the number fields.
bool parse_number(const std::string& w, ParsedAddress& a) {
    size_t d = 0;
    while (d < w.size() && std::isdigit(static_cast<unsigned char>(w[d]))) ++d;
    if (d == 0) return false;
    std::string rest = w.substr(d);
    const std::string digits = w.substr(0, d);
    if (rest.empty() || (rest.size() == 1 && std::isalpha(static_cast<unsigned char>(rest[0])) && rest != "x")) {
        a.number_lo = a.number_hi = to_u32(digits);   // "5023", "5023a"
    } else if (std::all_of(rest.begin(), rest.end(), [](char c) { return c == 'x'; })) {
        uint32_t scale = 1;
        for (size_t i = 0; i < rest.size() && scale < 100000000; ++i) scale *= 10;
        // In 64 bits, capped like to_u32: "99999XXXXX" must not wrap round to a small number.
        const uint64_t lo = std::min<uint64_t>(uint64_t{to_u32(digits)} * scale, 100000000u);
        a.number_lo = static_cast<uint32_t>(lo);
        a.number_hi = static_cast<uint32_t>(lo + scale - 1);
        if (a.number_hi - a.number_lo < 99) a.number_hi = a.number_lo + 99;   // "0000X" is Chicago's 0 block
        a.range = true;
    } else if (rest[0] == '-' && all_digits(std::string_view(rest).substr(1))) {
        a.number_lo = to_u32(digits);
        a.number_hi = std::max(a.number_lo, to_u32(std::string_view(rest).substr(1)));
        a.range = a.number_hi != a.number_lo;
    } else if (rest.size() == 2 && rest[0] == '-' && std::isalpha(static_cast<unsigned char>(rest[1]))) {
        a.number_lo = a.number_hi = to_u32(digits);   // "5023-a"
    } else {
        return false;   // "39th", "4x4": not a house number
    }
    a.has_number = true;
    return true;
}

std::string title(const std::string& t) {
    std::string out = t;
    bool start = true;
    for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = c == ' ';
    }
    return out;
}

}  // namespace

bool is_street_type(std::string_view token) {
    for (const auto& t : kTypes)
        if (token == t.canonical) return true;
    return false;
}

bool is_direction(std::string_view token) {
    for (const char* d : kDirections)
        if (token == d) return true;
    return false;
}

const char* street_type_spelled(std::string_view type) {
    for (const auto& t : kTypes)
        if (type == t.canonical) return t.spelled;
    return "";
}

std::string ParsedAddress::street_key() const {
    std::string k;
    for (const std::string* s : {&prefix_dir, &name, &type, &suffix_dir}) {
        if (s->empty()) continue;
        if (!k.empty()) k += ' ';
        k += *s;
    }
    return k;
}

std::string ParsedAddress::street_label() const {
    std::string k;
    auto put = [&](const std::string& s) {
        if (s.empty()) return;
        if (!k.empty()) k += ' ';
        k += s;
    };
    std::string pd = prefix_dir, sd = suffix_dir;
    for (char& c : pd) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char& c : sd) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    put(pd);
    put(title(name));
    put(title(type));
    put(sd);
    return k;
}

ParsedAddress parse_address(std::string_view text) {
    ParsedAddress a;
    // Segments between commas: the first is the street; later ones are a unit ("Apt 4") or city / state / zip.
    std::vector<std::string> segments(1);
    for (char c : text) {
        if (c == ',' || c == ';') segments.emplace_back();
        else segments.back().push_back(c);
    }
    // Raw words of a segment; "#12" and "# 12" become a unit.
    auto words_of = [&](const std::string& seg) {
        std::vector<std::string> w;
        std::string cur;
        auto flush = [&] {
            if (!cur.empty()) w.push_back(lower(cur));
            cur.clear();
        };
        for (char c : seg) {
            if (std::isspace(static_cast<unsigned char>(c))) flush();
            else if (c == '#') { flush(); w.push_back("#"); }
            else cur.push_back(c);
        }
        flush();
        return w;
    };
    std::vector<std::string> raw = words_of(segments[0]);
    auto first_token = [](const std::string& w) {
        auto n = Geocoder::normalise(w);
        return n.empty() ? std::string() : n[0];
    };
    for (size_t s = 1; s < segments.size(); ++s) {   // a unit after a comma: "..., Apt 4, Houston"
        auto w = words_of(segments[s]);
        if (w.size() >= 2 && (w[0] == "#" || is_unit_word(first_token(w[0])))) a.unit = first_token(w[1]);
    }
    size_t i = 0;
    if (!raw.empty() && parse_number(raw[0], a)) {
        i = 1;
        if (!a.range && i < raw.size() && raw[i].size() > 1 && raw[i][0] == '-' && all_digits(std::string_view(raw[i]).substr(1))) {
            ParsedAddress b;   // "5000 -5099"
            if (parse_number(raw[0] + raw[i], b)) { a = b; ++i; }
        }
    } else if (raw.size() >= 2 && raw[0] == "x" && lower(raw[1]) == "block") {
        a.has_number = true;   // Vancouver's "X BLOCK E HASTINGS ST": the 0 block
        a.number_lo = 0;
        a.number_hi = 99;
        a.range = true;
        i = 1;
    }
    // Normalised tokens of the rest, with units and a trailing zip taken out.
    std::vector<std::string> t;
    for (; i < raw.size(); ++i) {
        const std::string& w = raw[i];
        if (w == "#") {
            if (i + 1 < raw.size()) a.unit = lower(raw[++i]);
            continue;
        }
        const bool zip = (w.size() == 5 && all_digits(w)) ||
                         (w.size() == 10 && all_digits(w.substr(0, 5)) && w[5] == '-' && all_digits(w.substr(6)));
        if (zip && !t.empty()) break;   // "... Dr 77004": the zip and anything after it go
        for (auto& tok : Geocoder::normalise(w)) t.push_back(std::move(tok));
    }
    // "5000 block of Morningside": a hundred block.
    if (a.has_number && !t.empty() && t[0] == "block") {
        t.erase(t.begin());
        if (!a.range) {
            a.number_lo = a.number_lo / 100 * 100;
            a.number_hi = a.number_lo + 99;
            a.range = true;
        }
    }
    for (size_t k = 0; k + 1 < t.size();) {   // "Apt 4", "Unit B"
        if (is_unit_word(t[k]) && k > 0) {
            a.unit = t[k + 1];
            t.erase(t.begin() + static_cast<long>(k), t.begin() + static_cast<long>(k + 2));
        } else {
            ++k;
        }
    }
    while (t.size() > 2 && is_region_word(t.back())) t.pop_back();   // "... Houston TX"
    // Street type: the last type word that is not the first word ("Avenue B" has no type; its name is "ave b").
    size_t first = 0;
    if (t.size() >= 2 && is_direction(t[0])) first = 1;
    long type_at = -1;
    for (size_t k = t.size(); k-- > first + 1;)
        if (is_street_type(t[k])) { type_at = static_cast<long>(k); break; }
    size_t end = t.size();
    if (type_at >= 0) {
        a.type = t[static_cast<size_t>(type_at)];
        // After the type: a direction suffix, then anything else is the city ("... Dr Houston").
        size_t after = static_cast<size_t>(type_at) + 1;
        if (after < t.size() && is_direction(t[after])) a.suffix_dir = t[after];
        end = static_cast<size_t>(type_at);
    } else if (t.size() >= first + 2 && is_direction(t.back())) {
        a.suffix_dir = t.back();
        end = t.size() - 1;
    }
    if (first == 1) a.prefix_dir = t[0];
    if (end <= first && first == 1) {   // "West Loop S": the direction is the name
        a.prefix_dir.clear();
        first = 0;
    }
    for (size_t k = first; k < end; ++k) {
        if (!a.name.empty()) a.name += ' ';
        a.name += t[k];
    }
    if (a.name.empty() && !a.type.empty()) std::swap(a.name, a.type);   // "100 Loop": a name, not a type
    return a;
}

}  // namespace crimescope::geocode
