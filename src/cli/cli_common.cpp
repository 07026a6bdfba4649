#include "cli_common.hpp"

namespace crimescope::cli {

Result<data::Profile> resolve_profile(const std::string& value, const std::vector<data::Profile>& shipped) {
    const bool file = value.find('/') != std::string::npos ||
                      (value.size() > 5 && value.compare(value.size() - 5, 5, ".json") == 0);
    if (file) return data::load_profile(value);
    std::string ids;
    for (const auto& p : shipped) {
        if (p.id == value) return p;
        ids += (ids.empty() ? "" : ", ") + p.id;
    }
    return make_error(ErrorKind::Profile, "no shipped profile has id '" + value + "' (ids: " + ids + ")", "--profile");
}

}  // namespace crimescope::cli
