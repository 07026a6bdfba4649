// test_paths.hpp: where tests find committed fixtures and, when present, the full shared data.
#pragma once
#include <string>
#include <sys/stat.h>

namespace cs_test {
inline std::string source_dir() { return CS_SOURCE_DIR; }
inline std::string fixture(const std::string& rel) { return source_dir() + "/tests/fixtures/" + rel; }
inline std::string shared_data(const std::string& rel) { return source_dir() + "/../shared/data/" + rel; }
inline bool exists(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
}
}  // namespace cs_test
