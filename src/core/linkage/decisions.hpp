// decisions.hpp: what the analyst adds to a case set: pairs marked confirmed linked / not linked, and cases
// entered in the form. Saved as one JSON document per set (desktop: a file written atomically; browser:
// IndexedDB), exported as CSV or JSON, and used as training labels (a decision overrides the series labels).
#pragma once
#include <string>
#include <vector>

#include "base/result.hpp"
#include "linkage/cases.hpp"

namespace crimescope::linkage {

struct Decision {
    std::string a, b;          // case ids (a < b)
    bool linked = false;       // confirmed linked, or confirmed not linked
    std::string note;
};

struct UserData {
    std::string set;                    // the case set's name
    std::vector<Decision> decisions;
    std::vector<NewCase> cases;
    const Decision* find(const std::string& a, const std::string& b) const;
    void decide(std::string a, std::string b, bool linked, std::string note = {});
    void forget(std::string a, std::string b);
};

std::string user_data_json(const UserData& u);
Result<UserData> parse_user_data(const std::string& text, const std::string& file_for_errors);
// CSV exports (RFC 4180 quoting): decisions as a,b,decision,note; entered cases as id,x,y,date_time,<features>.
std::string decisions_csv(const UserData& u);
std::string cases_csv(const UserData& u, const CaseSet& cs);
// The ranked pairs the analyst sees (issue #14, "Results out"): `shown` lists pair indices best first; `score`
// is per pair; `series` (per case, -1 alone; may be empty) gives each case's series, written from 1 as the view numbers them. Columns: rank,
// case_a, case_b, date_a, date_b, distance_m, probability, series_a, series_b, decision (the analyst's, if any).
std::string ranked_pairs_csv(const CaseSet& cs, const Pairs& pairs, const std::vector<double>& score,
                             const std::vector<uint32_t>& shown, const std::vector<int>& series, const UserData& u);
// The series the view found (issue #14, "Results out"): one row per case in a series of two or more, by series
// (numbered from 1 as the view numbers them) then date. Columns: series, cases (in that series), case, date,
// x, y (the case set's planar units; metres when metres_per_unit = 1).
std::string series_csv(const CaseSet& cs, const std::vector<int>& series);
// Decided pairs become labelled training pairs (linked or not); returns how many pairs they touched.
size_t apply_decisions(const CaseSet& cs, const UserData& u, Pairs& pr);

}  // namespace crimescope::linkage
