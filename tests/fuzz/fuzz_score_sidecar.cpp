// fuzz_score_sidecar.cpp: the crime-score MLP's JSON sidecar (score::parse_mlp_sidecar: input shape, the
// fit / dev / test split, the held-out error), what the app's model card and `eval score` read.
#include <cstddef>
#include <cstdint>
#include <string>

#include "score/mlp_sidecar.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto s = score::parse_mlp_sidecar(text, "score_mlp.json");
    if (!s) (void)s.error().to_string();
    return 0;
}
