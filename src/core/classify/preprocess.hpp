// preprocess.hpp: the crime-type classifier's input encoding (paper 000, LCRNet), read from the model's JSON
// sidecar and identical to scripts/train_lcrnet.py: categorical text -> vocabulary index (0 unknown), derived
// categories (hour of an HHMM field, weekday of an M/D/Y date or of Y/M/D columns), numbers (missing or below
// a floor -> the training median, clipped, centred, divided by the training RMS), text -> [A-Za-z0-9]+
// lower-case tokens -> indices (0 pad, 1 unknown). One float row per record: categorical indices, token
// indices, scaled numbers. Occlusion: a field blanked is encoded as missing.
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"

namespace crimescope::classify {

struct Field {
    std::string name, kind, column;       // kind: categorical, hhmm_hour, mdy_weekday, ymd_weekday, numeric, text
    std::vector<std::string> columns;     // ymd_weekday: year, month, day
    std::vector<std::string> vocab;
    std::unordered_map<std::string, int> index;
    int max_tokens = 0;
    double median = 0, center = 0, scale = 1, clip_lo = 0, clip_hi = 0;
    bool has_floor = false, zero_missing = false, strip_zeros = false;
    double floor = 0;
    bool is_numeric() const { return kind == "numeric"; }
    bool is_text() const { return kind == "text"; }
    int width() const { return is_text() ? max_tokens : 1; }
};

// What the app's model card shows, read once from the sidecar: a field of another type than expected is left
// empty (the card of a hostile sidecar is blank, never an exception in a view).
struct ModelCard {
    std::string model;                    // the architecture in words
    bool has_split = false;
    std::string train, test, subsample;   // the split's periods
    long long test_rows = 0;
    long long parameters = 0, flops_per_record = 0, sas_flops_saved_per_record = 0;
    std::string config;                   // the "config" object as JSON text
    struct Metric {
        std::string setting, model;
        double accuracy = 0, macro_f1 = 0;
    };
    std::vector<Metric> metrics;          // held-out, per setting and model
    std::string leak_note, limits;
};
ModelCard model_card_of(const std::string& sidecar_text);

struct Model {
    std::string dataset, setting, onnx_file, sidecar_path;
    ModelCard card;
    std::vector<Field> fields;            // in input order
    std::vector<std::string> classes;
    int width = 0;
    std::string sidecar_text;             // the whole sidecar (the model card reads metrics and notes from it)
    std::vector<std::string> input_columns() const;   // the CSV columns the fields read
};

Result<Model> load_model(const std::string& sidecar_path);

// A record's value of a column ("" when absent).
using Getter = std::function<std::string(const std::string& column)>;
// The field's text as derived from the record (before lookup / scaling); what the form shows and edits.
std::string raw_value(const Field& f, const Getter& get);
// Encodes one record into out[0 .. width). `blank` >= 0: that field is encoded as missing (occlusion).
void encode(const Model& m, const Getter& get, float* out, int blank = -1);
// Encodes from per-field raw values (the form): values[k] is field k's text as raw_value gives it.
void encode_values(const Model& m, const std::vector<std::string>& values, float* out, int blank = -1);
std::vector<std::string> tokens(const std::string& text);
std::string trim(const std::string& text);   // ASCII whitespace at both ends (Python's str.strip on ASCII)

}  // namespace crimescope::classify
