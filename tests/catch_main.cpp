// The one translation unit that compiles Catch2's main (slow under em++: keep it alone). A run in which a test
// case skipped (CS_SKIP, test_paths.hpp) and nothing failed exits 77: CTest's SKIP_RETURN_CODE (one process per
// test case under catch_discover_tests).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "test_paths.hpp"

int main(int argc, char* argv[]) {
    const int failed = Catch::Session().run(argc, argv);
    if (failed == 0 && cs_test::skipped_flag()) return 77;
    return failed;
}
