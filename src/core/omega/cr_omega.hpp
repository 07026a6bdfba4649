// cr_omega.hpp: the logical-combinatorial classifiers of paper 002 (Godoy-Calderón et al. 2010): KORA-Ω,
// CR-Ω+ and CR-Ω+M over categorical patterns (time quadrant, month, zone -> crime family).
// A property is a feature subset with values (e.g. [quadrant 8, zone "Santiago Tepalcapa"]). Learning
// counts every property of size >= min_subset in every class and keeps, per class Ci:
//   θ1+(Ci) characteristic: >= b1p times in Ci and <= b1p_other times in any other class
//   θ1−(Ci) negative:       >= b1n times in another class and <= b1n_self times in Ci
//   θ0     neutral:         >= b0 times in every class
//   θ2+(Ci) complementary:  as θ1+ with b2p / b2p_other (the paper's worked example keeps θ1+ properties
//                           in θ2+, so they are not removed first; see ARCHITECTURE.md)
// CR-Ω+M counts "the union of the other classes" instead of "any other class" in these conditions.
// Solution rule: S(Ci, P) = |F_P ∩ θ1+(Ci)| − |F_P ∩ θ1−(Ci)| + ½·|F_P ∩ θ2+(Ci)|; KORA-Ω has no θ1− term.
// The predicted class is the argmax; a pattern none of whose properties is in any θ set is "not covered".
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crimescope::omega {

constexpr int kMaxFeatures = 6;

enum class Algorithm { KoraOmega, CrOmegaPlus, CrOmegaPlusM };
const char* algorithm_name(Algorithm a);   // "KORA-Ω", "CR-Ω+", "CR-Ω+M"

struct Thresholds {
    int b1p = 3, b1p_other = 1;   // characteristic
    int b1n = 3, b1n_self = 1;    // negative
    int b0 = 3;                   // neutral
    int b2p = 2, b2p_other = 1;   // complementary
    int min_subset = 2;           // smallest feature subset (the paper reports 1 and 2)
};

struct Property {
    uint8_t mask = 0;                          // which features
    std::array<uint32_t, kMaxFeatures> v{};    // their values (0 where the mask bit is off)
    bool operator==(const Property& o) const { return mask == o.mask && v == o.v; }
};

struct PropertyHash {
    size_t operator()(const Property& p) const;
};

enum Role : uint8_t { kCharacteristic = 1, kNegative = 2, kComplementary = 4 };

struct Model {
    Algorithm algorithm = Algorithm::CrOmegaPlus;
    Thresholds thresholds;
    int n_features = 0, n_classes = 0;
    std::vector<Property> properties;                 // every property seen in training
    std::vector<uint32_t> counts;                     // properties x classes
    std::vector<uint8_t> roles;                       // properties x classes: Role bits
    std::vector<uint8_t> neutral;                     // per property
    std::unordered_map<Property, uint32_t, PropertyHash> index;
    std::vector<uint32_t> class_sizes;

    // The θ sets of one class, as property indices.
    std::vector<uint32_t> theta(int cls, Role role) const;
    std::vector<uint32_t> theta0() const;
};

// patterns: n x n_features value codes (row-major); labels: class per pattern in [0, n_classes).
Model train(const std::vector<uint32_t>& patterns, const std::vector<uint32_t>& labels, int n_features, int n_classes,
            Algorithm algorithm, const Thresholds& thresholds);

struct MatchedProperty {
    uint32_t property;
    int cls;
    Role role;
};

struct Prediction {
    int cls = -1;                       // -1: not covered
    std::vector<double> score;          // S(Ci, P) per class
    std::vector<MatchedProperty> why;   // every matched property, with its class and role
};

Prediction classify(const Model& m, const uint32_t* pattern);

// Thresholds scaled as the paper's worked example (b1 = s, b1' = s/3, b2 = s/2, b2' = s/3, b0 = s).
Thresholds scaled_thresholds(int scale, int min_subset);
// Trains on `fit` rows for each scale in {3, 5, 10, 20, 40, 80, 160, 320} and keeps the one with the best
// recall on `validation` rows (a slice at the end of the training period; never the test period).
int choose_scale(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, int n_features, int n_classes,
                 const std::vector<size_t>& fit, const std::vector<size_t>& validation, Algorithm algorithm, int min_subset);
Model train_rows(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, int n_features, int n_classes,
                 const std::vector<size_t>& rows, Algorithm algorithm, const Thresholds& thresholds);

}  // namespace crimescope::omega
