// dataset.hpp: the records a classifier was evaluated on, read as scripts/train_lcrnet.py reads them: the
// sidecar's data section names the files (gzip CSV under ../shared/data/incidents), the de-duplication key,
// how the month is derived (for the time split) and how the label is (LAPD: Crm Cd -> family table).
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diag.hpp"
#include "classify/preprocess.hpp"

namespace crimescope::classify {

struct Records {
    std::vector<std::string> columns;                 // kept columns
    std::unordered_map<std::string, int> col;
    std::vector<std::vector<std::string>> rows;       // values of `columns`
    std::vector<int> label;                           // class index (-1: a class the model does not know)
    std::vector<std::string> month;                   // YYYY-MM
    Getter getter(size_t row) const;
};

// `part`: "test" or "train" (the sidecar's month ranges). `data_root`: the folder the sidecar's files are
// relative to. Rows whose month cannot be derived are skipped and counted in `report`.
Result<Records> load_split(const Model& m, const std::string& data_root, const std::string& part, IngestReport& report);
// Reads an analyst's CSV with the model's input columns (and the label column if present).
Result<Records> load_csv(const Model& m, const std::string& path, IngestReport& report);

}  // namespace crimescope::classify
