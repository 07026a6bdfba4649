// cli_common.hpp: option handling shared by several subcommands (one copy of each rule).
#pragma once
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/profile.hpp"

namespace crimescope::cli {

// --profile VALUE (ingest, pack, export): a profile file when VALUE contains '/' or ends in .json, else an id
// of assets/profiles (`shipped`).
Result<data::Profile> resolve_profile(const std::string& value, const std::vector<data::Profile>& shipped);

}  // namespace crimescope::cli
