// classify_state.hpp: the crime-type classifier (paper 000, LCRNet): the chosen model (sidecar + ONNX), the
// case form and its answer (class probabilities and, per field, the change when it is blanked), a batch run
// (the model's 200 held-out reference records, or a CSV natively) with its metrics, and the model card.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "classify/metrics.hpp"
#include "classify/preprocess.hpp"

namespace crimescope::app {

struct ClassifyBatch {
    std::string source;                   // what was classified
    size_t n = 0, labelled = 0;
    classify::ClassMetrics metrics;       // of the labelled records
    std::vector<std::vector<long>> confusion;   // rows true, columns predicted
    double max_abs_diff = -1;             // vs the training script's probabilities (reference records)
    double ms_per_case = 0;
};

struct ClassifyState {
    bool show = false, show_card = false;
    std::vector<std::string> available;   // datasets with a model sidecar
    int model_index = 0;
    std::string loaded, error;
    classify::Model model;
    std::vector<std::array<char, 160>> form;   // raw text per field
    bool pending = false;
    int serial = 0;
    std::vector<float> probs;             // the form's answer
    std::vector<float> occlusion;         // per field: p(top class) minus p(top class) with the field blanked
    int top = -1;
    double last_ms = 0;                   // request to answer (the browser loads ONNX Runtime Web on first use)
    ClassifyBatch batch;
    bool batch_pending = false;
    bool select_batch = false;            // bring the Batch tab to the front (a batch was asked for)
    char csv_path[512] = "";
    // Requests
    bool want_classify = false, want_reference = false, want_csv = false, want_example = false;
};

}  // namespace crimescope::app
