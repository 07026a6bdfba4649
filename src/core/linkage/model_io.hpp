// model_io.hpp: the trained linkage model as a file (JSON), the one `crimescope-cli link train` writes and
// `link rank` and the app read. Format version 2 adds "format_version"; a file without it is version 1 (the
// same fields, as written before the version was). Read errors name the file and the field.
#pragma once
#include <string>

#include "base/result.hpp"
#include "linkage/workflow.hpp"

namespace crimescope::linkage {

constexpr int kModelFormatVersion = 2;

std::string model_json(const Model& model);
Result<Model> parse_model(const std::string& text, const std::string& file_for_errors);
Status save_model(const std::string& path, const Model& model);   // written atomically
Result<Model> load_model(const std::string& path);

}  // namespace crimescope::linkage
