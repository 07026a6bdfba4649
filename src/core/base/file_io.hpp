// file_io.hpp: whole-file reads (gzip detected by magic, both targets use zlib) and atomic writes
// (temp file + rename, so a crash never leaves a half-written user file).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace crimescope {

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path);          // raw bytes
Result<std::vector<uint8_t>> read_file_maybe_gzip(const std::string& path);     // inflated if gzip
Result<std::vector<uint8_t>> gunzip(const uint8_t* data, size_t size, const std::string& name_for_errors);
std::vector<uint8_t> gzip(const uint8_t* data, size_t size, int level = 9);
Status write_file_atomic(const std::string& path, const uint8_t* data, size_t size);
Status write_file_atomic(const std::string& path, const std::string& text);
uint32_t crc32_of(const uint8_t* data, size_t size);
std::string base_name(const std::string& path);

}  // namespace crimescope
