// fuzz_util.hpp: small helpers shared by the libFuzzer targets: a per-process temp folder for the loaders
// that only take a path (the input is written there per run; nothing is read from beside the binary).
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace crimescope::fuzz {

// A folder of this process under $TMPDIR (or /tmp), created on first use; removed at exit.
inline const std::string& temp_dir() {
    static const std::string dir = [] {
        const char* base = std::getenv("TMPDIR");
        std::string d = std::string(base && *base ? base : "/tmp") + "/cs_fuzz_" + std::to_string(getpid());
        std::string cmd = "mkdir -p '" + d + "'";
        if (std::system(cmd.c_str()) != 0) std::abort();
        static std::string keep = d;
        std::atexit([] { std::string rm = "rm -rf '" + keep + "'"; (void)std::system(rm.c_str()); });
        return d;
    }();
    return dir;
}

// Writes bytes to temp_dir()/name and returns the path.
inline std::string write_temp(const std::string& name, const uint8_t* data, size_t size) {
    std::string path = temp_dir() + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

inline std::string write_temp(const std::string& name, const std::string& text) {
    return write_temp(name, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

}  // namespace crimescope::fuzz
