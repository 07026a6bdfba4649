// fuzz_profile_infer.cpp: a CSV whose header no profile matches (data::infer_profile_file on the bytes
// written to a temp file: delimiter sniffing, gzip, the sample, every column guess). An inferred profile must
// survive profile_to_json -> parse_profile and then ingest the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/csv_reader.hpp"
#include "data/ingest.hpp"
#include "data/profile.hpp"
#include "data/profile_infer.hpp"
#include "fuzz_util.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_temp("export.csv", data, size);
    auto p = data::infer_profile_file(path);
    if (!p) {
        (void)p.error().to_string();
        return 0;
    }
    std::string back = data::profile_to_json(p.value());
    auto again = data::parse_profile(back, "inferred.json");
    if (!again) {
        std::fprintf(stderr, "inferred profile does not parse back: %s\n%s\n", again.error().to_string().c_str(), back.c_str());
        std::abort();
    }
    data::CsvOptions opts;
    opts.delimiter = again->delimiter;
    auto rd = data::CsvReader::from_memory("export.csv", data, size, opts);
    if (!rd) return 0;
    data::IncidentTable table;
    IngestReport report;
    data::IngestState state;
    (void)data::ingest_csv(*rd.value(), again.value(), table, report, state);
    return 0;
}
