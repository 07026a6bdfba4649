// Tests for omega/cr_omega: the paper's §2.2.1 worked example, exactly (θ sets, scores, class), and CR-Ω+M.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "base/csv_write.hpp"
#include "omega/cr_omega.hpp"
#include "omega/memberships_csv.hpp"

using namespace crimescope::omega;

namespace {

// The 15 patterns of §2.2.1: (time quadrant, month, zone) -> class.
struct Example {
    std::map<std::string, uint32_t> codes;   // value text -> code (one space for all three features)
    std::vector<std::string> names{""};
    std::vector<uint32_t> X, y;
    uint32_t code(const std::string& s) {
        auto [it, fresh] = codes.emplace(s, static_cast<uint32_t>(names.size()));
        if (fresh) names.push_back(s);
        return it->second;
    }
    void add(const char* q, const char* month, const char* zone, uint32_t cls) {
        X.push_back(code(q));
        X.push_back(code(month));
        X.push_back(code(zone));
        y.push_back(cls);
    }
    Example() {
        add("8", "July", "Santiago Tepalcapa", 0);
        add("8", "May", "Santiago Tepalcapa", 0);
        add("8", "May", "Santiago Tepalcapa", 0);
        add("1", "January", "Sección Parques", 0);
        add("2", "January", "Sección Parques", 0);
        add("4", "April", "Bosques del Lago", 1);
        add("6", "April", "Bosques del Lago", 1);
        add("8", "May", "Centro Urbano", 1);
        add("5", "July", "Ensueños", 1);
        add("5", "July", "Santiago Tepalcapa", 1);
        add("6", "July", "Centro Urbano", 2);
        add("6", "June", "Centro Urbano", 2);
        add("6", "March", "Centro Urbano", 2);
        add("5", "February", "Cumbria", 2);
        add("4", "June", "Cumbria", 2);
    }
    // A θ set as readable text: {"[8, May]", "[8, Santiago Tepalcapa]"}.
    std::set<std::string> text(const Model& m, const std::vector<uint32_t>& props) const {
        std::set<std::string> out;
        for (uint32_t p : props) {
            std::string s = "[";
            for (int f = 0; f < 3; ++f)
                if (m.properties[p].mask & (1u << f)) s += (s.size() > 1 ? ", " : "") + names[m.properties[p].v[size_t(f)]];
            out.insert(s + "]");
        }
        return out;
    }
};

Thresholds paper_thresholds() {
    Thresholds t;
    t.b1p = 3; t.b1p_other = 1; t.b1n = 3; t.b1n_self = 1; t.b2p = 2; t.b2p_other = 1; t.b0 = 3; t.min_subset = 2;
    return t;
}

using S = std::set<std::string>;

}  // namespace

TEST_CASE("CR-Ω+: the paper's §2.2.1 example gives exactly the listed θ sets", "[omega][golden]") {
    Example e;
    Model m = train(e.X, e.y, 3, 3, Algorithm::CrOmegaPlus, paper_thresholds());
    CHECK(e.text(m, m.theta(0, kCharacteristic)) == S{"[8, Santiago Tepalcapa]"});
    CHECK(e.text(m, m.theta(1, kCharacteristic)) == S{});
    CHECK(e.text(m, m.theta(2, kCharacteristic)) == S{"[6, Centro Urbano]"});
    CHECK(e.text(m, m.theta(0, kNegative)) == S{"[6, Centro Urbano]"});
    CHECK(e.text(m, m.theta(1, kNegative)) == S{"[8, Santiago Tepalcapa]", "[6, Centro Urbano]"});
    CHECK(e.text(m, m.theta(2, kNegative)) == S{"[8, Santiago Tepalcapa]"});
    CHECK(e.text(m, m.theta(0, kComplementary)) ==
          S{"[8, May, Santiago Tepalcapa]", "[8, May]", "[May, Santiago Tepalcapa]", "[8, Santiago Tepalcapa]", "[January, Sección Parques]"});
    CHECK(e.text(m, m.theta(1, kComplementary)) == S{"[April, Bosques del Lago]", "[5, July]"});
    CHECK(e.text(m, m.theta(2, kComplementary)) == S{"[6, Centro Urbano]"});
}

TEST_CASE("CR-Ω+: P1 = (8, February, Santiago Tepalcapa) scores 1.5 / -1 / -1 and belongs to C1", "[omega][golden]") {
    Example e;
    Model m = train(e.X, e.y, 3, 3, Algorithm::CrOmegaPlus, paper_thresholds());
    const uint32_t p1[3] = {e.code("8"), e.code("February"), e.code("Santiago Tepalcapa")};
    Prediction p = classify(m, p1);
    REQUIRE(p.score.size() == 3);
    CHECK(p.score[0] == 1.5);
    CHECK(p.score[1] == -1.0);
    // The paper's table prints -0.5 for C3, but its own intersection vector (θ1+ 0, θ1− 1, θ2+ 0 for C3:
    // θ2+(C3) = {[6, Centro Urbano]} shares nothing with P1) and the rule give -1.
    CHECK(p.score[2] == -1.0);
    CHECK(p.cls == 0);
    // The explanation lists [8, Santiago Tepalcapa] as characteristic and complementary for C1.
    int c1 = 0;
    for (const auto& w : p.why) c1 += w.cls == 0;
    CHECK(c1 == 2);
}

TEST_CASE("CR-Ω+M: counting the union of the other classes adds (8, May) to θ1−(C3)", "[omega][golden]") {
    Example e;
    Model m = train(e.X, e.y, 3, 3, Algorithm::CrOmegaPlusM, paper_thresholds());
    CHECK(e.text(m, m.theta(2, kNegative)) == S{"[8, Santiago Tepalcapa]", "[8, May]"});
    CHECK(e.text(m, m.theta(0, kNegative)) == S{"[6, Centro Urbano]"});
    CHECK(e.text(m, m.theta(1, kNegative)) == S{"[8, Santiago Tepalcapa]", "[6, Centro Urbano]"});
}

TEST_CASE("KORA-Ω has no negative description, a pattern sharing nothing is not covered", "[omega]") {
    Example e;
    Model k = train(e.X, e.y, 3, 3, Algorithm::KoraOmega, paper_thresholds());
    for (int c = 0; c < 3; ++c) CHECK(k.theta(c, kNegative).empty());
    const uint32_t p1[3] = {e.code("8"), e.code("February"), e.code("Santiago Tepalcapa")};
    CHECK(classify(k, p1).score == std::vector<double>{1.5, 0.0, 0.0});
    const uint32_t stranger[3] = {e.code("3"), e.code("October"), e.code("Nowhere")};
    CHECK(classify(k, stranger).cls == -1);
    // Subsets of one feature: [Santiago Tepalcapa] alone appears 3 times in C1 and once in C2.
    Thresholds t1 = paper_thresholds();
    t1.min_subset = 1;
    Model m1 = train(e.X, e.y, 3, 3, Algorithm::CrOmegaPlus, t1);
    CHECK(e.text(m1, m1.theta(0, kCharacteristic)).count("[Santiago Tepalcapa]") == 1);
}

TEST_CASE("memberships CSV: one row per distinct pattern, its count, S per class and the class", "[omega][export]") {
    Example e;
    Model m = train(e.X, e.y, 3, 3, Algorithm::CrOmegaPlus, paper_thresholds());
    PatternSet ps;
    ps.feature_names = {"time quadrant", "month", "zone"};
    ps.values = {e.names, e.names, e.names};
    ps.classes = {"C1", "C2", "C3"};
    ps.X = e.X;
    ps.y = e.y;
    const std::string csv = memberships_csv(m, ps);
    std::vector<std::string> lines;
    for (size_t a = 0, b; a < csv.size(); a = b + 1) {
        b = csv.find('\n', a);
        if (b == std::string::npos) b = csv.size();
        lines.push_back(csv.substr(a, b - a));
    }
    REQUIRE(lines.size() == 1 + 14);   // 15 patterns, (8, May, Santiago Tepalcapa) twice
    CHECK(lines[0] == "time quadrant,month,zone,incidents,S(C1),S(C2),S(C3),class");
    const Prediction p0 = classify(m, &e.X[0]);
    CHECK(lines[1] == "8,July,Santiago Tepalcapa,1," + crimescope::csv_number(p0.score[0]) + "," + crimescope::csv_number(p0.score[1]) + "," +
                          crimescope::csv_number(p0.score[2]) + "," + (p0.cls >= 0 ? ps.classes[size_t(p0.cls)] : std::string()));
    CHECK(lines[2].rfind("8,May,Santiago Tepalcapa,2,", 0) == 0);
    CHECK(lines[2].substr(lines[2].rfind(',') + 1) == "C1");
}
