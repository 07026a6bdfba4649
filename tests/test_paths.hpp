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
// Set by CS_SKIP: tests/catch_main.cpp then exits 77 when nothing failed, which CTest reports as skipped
// (SKIP_RETURN_CODE, cmake/tests.cmake); a failed assertion still fails the test.
inline bool& skipped_flag() {
    static bool skipped = false;
    return skipped;
}
}  // namespace cs_test

// A test case that cannot run here (no ../shared/data): says why and marks the run skipped; the caller returns.
#define CS_SKIP(why)                        \
    do {                                    \
        cs_test::skipped_flag() = true;     \
        WARN("SKIPPED: " << why);           \
    } while (0)
