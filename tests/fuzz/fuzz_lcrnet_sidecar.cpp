// fuzz_lcrnet_sidecar.cpp: the crime-type classifier's JSON sidecar (classify::load_model on the bytes written
// to a temp file: fields, vocabularies, scaling, classes, width). A sidecar that loads encodes a record (the
// same path the app's form and `crimescope-cli classify` take), so a width that disagrees with the fields
// would write out of bounds here.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "classify/preprocess.hpp"
#include "fuzz_util.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_temp("lcrnet.json", data, size);
    auto m = classify::load_model(path);
    if (!m) {
        (void)m.error().to_string();
        return 0;
    }
    std::vector<float> row(static_cast<size_t>(m->width));
    auto get = [](const std::string& column) { return column.size() % 2 ? std::string("12/31/2019") : std::string("2330 robbery knife"); };
    classify::encode(m.value(), get, row.data());
    for (size_t k = 0; k < m->fields.size(); ++k) classify::encode(m.value(), get, row.data(), static_cast<int>(k));
    std::vector<std::string> values;
    for (const auto& f : m->fields) values.push_back(classify::raw_value(f, get));
    classify::encode_values(m.value(), values, row.data());
    return 0;
}
