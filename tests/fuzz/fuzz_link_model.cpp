// fuzz_link_model.cpp: a trained linkage model file (linkage::parse_model, what `link rank` and the app read).
// A model that parses is loaded into its network and scores a few inputs in the range pairs produce: the
// probability must be a number in [0, 1] (a hostile file must never make scores NaN silently).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "linkage/model_io.hpp"
#include "linkage/network.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto md = linkage::parse_model(text, "model.json");
    if (!md) {
        (void)md.error().to_string();
        return 0;
    }
    (void)linkage::model_json(md.value());
    linkage::PairMatrix shape;
    shape.input_names = md->input_names;
    shape.feature_names = md->feature_names;
    shape.feature_of_input = md->feature_of_input;
    linkage::SimilarityNetwork net;
    if (!net.load(shape, false, md->params, md->kept)) return 0;
    std::vector<float> x(md->input_names.size());
    for (float v : {0.0f, 0.5f, 1.0f, -8.0f, 12.0f}) {
        for (auto& xi : x) xi = v;
        const double p = net.predict(x.data());
        if (!(p >= 0 && p <= 1)) {
            std::fprintf(stderr, "model scores %g for inputs all %g\n", p, static_cast<double>(v));
            std::abort();
        }
    }
    return 0;
}
