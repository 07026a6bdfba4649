#include "omega/memberships_csv.hpp"

#include <unordered_map>

#include "base/csv_write.hpp"

namespace crimescope::omega {

std::string memberships_csv(const Model& m, const PatternSet& ps) {
    const int nf = ps.n_features();
    std::vector<std::string> head(ps.feature_names.begin(), ps.feature_names.end());
    head.push_back("incidents");
    for (const auto& c : ps.classes) head.push_back("S(" + c + ")");
    head.push_back("class");
    std::string out = csv_line(head);
    // distinct patterns in first-seen order, with their incident counts
    std::unordered_map<std::string, size_t> slot;
    std::vector<size_t> first;
    std::vector<size_t> count;
    const size_t n = nf > 0 ? ps.X.size() / static_cast<size_t>(nf) : 0;
    for (size_t i = 0; i < n; ++i) {
        std::string key(reinterpret_cast<const char*>(&ps.X[i * static_cast<size_t>(nf)]), sizeof(uint32_t) * static_cast<size_t>(nf));
        auto [it, added] = slot.emplace(std::move(key), first.size());
        if (added) { first.push_back(i); count.push_back(0); }
        ++count[it->second];
    }
    for (size_t k = 0; k < first.size(); ++k) {
        const uint32_t* pat = &ps.X[first[k] * static_cast<size_t>(nf)];
        std::vector<std::string> row;
        for (int f = 0; f < nf; ++f) {
            const auto& vals = ps.values[static_cast<size_t>(f)];
            row.push_back(pat[f] < vals.size() ? vals[pat[f]] : std::to_string(pat[f]));
        }
        row.push_back(std::to_string(count[k]));
        const Prediction pr = classify(m, pat);
        for (size_t c = 0; c < ps.classes.size(); ++c) row.push_back(c < pr.score.size() ? csv_number(pr.score[c]) : "");
        row.push_back(pr.cls >= 0 && static_cast<size_t>(pr.cls) < ps.classes.size() ? ps.classes[static_cast<size_t>(pr.cls)] : "");
        out += csv_line(row);
    }
    return out;
}

}  // namespace crimescope::omega
