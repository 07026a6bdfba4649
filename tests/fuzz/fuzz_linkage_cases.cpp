// fuzz_linkage_cases.cpp: a linkage case file under a bundled schema (linkage::load_cases_with_schema, as
// the app and `crimescope-cli link` open a folder): the bytes are written to a temp folder as the file the
// schema names. The input's size picks the schema (robbery: lat/lon-free planar metres, categorical,
// quantitative and MO trees; crimelinkage: censored times and a series file; Israel: unknown units and
// a fitted y scale), and its first byte whether the file is read as CSV or as JSON cases ("[" or "{").
// Then pairs are built as `link` would (within the window, bounded by count_pairs first).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_util.hpp"
#include "linkage/cases.hpp"
#include "linkage/schema.hpp"

using namespace crimescope;

namespace {

struct Schema { std::string csv, json; };

const std::vector<Schema>& schemas() {
    static const std::vector<Schema> all = [] {
        const std::pair<const char*, const char*> texts[] = {
#include "schemas.inc"
        };
        std::vector<Schema> out;
        for (const auto& [name, text] : texts) {
            std::string s = text;
            // The case file is cases.csv / cases.json in the temp folder, whatever the bundled name.
            size_t at = s.find("\"file\": \"");
            if (at == std::string::npos) std::abort();
            size_t end = s.find('"', at + 9);
            Schema sc;
            sc.csv = s.substr(0, at + 9) + "cases.csv" + s.substr(end);
            sc.json = s.substr(0, at + 9) + "cases.json" + s.substr(end);
            out.push_back(std::move(sc));
        }
        // crimelinkage's ground truth file.
        fuzz::write_temp("crime_groups.csv", std::string("crimeID,group_id,n_offenders\nC:1,1,1\nC:2,1,1\nC:3,0,0\n"));
        return out;
    }();
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto& sc = schemas()[size % schemas().size()];
    const bool json = size > 0 && (data[0] == '[' || data[0] == '{');
    fuzz::write_temp(json ? "cases.json" : "cases.csv", data, size);
    auto cs = linkage::load_cases_with_schema(json ? sc.json : sc.csv, "schema.json", fuzz::temp_dir(), "");
    if (!cs) {
        (void)cs.error().to_string();
        return 0;
    }
    auto p = linkage::pair_params(cs.value());
    if (linkage::count_pairs(cs.value(), p) > 20000) return 0;
    auto pr = linkage::make_pairs(cs.value(), p);
    (void)linkage::schema_json(cs.value());
    return 0;
}
