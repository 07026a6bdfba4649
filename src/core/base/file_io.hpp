// file_io.hpp: whole-file reads (gzip detected by magic; inflated by libdeflate natively, zlib on the web) and atomic writes
// (temp file + rename, so a crash never leaves a half-written user file).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace crimescope {

// A file read whole (packs, GeoJSON, shapefiles, models, JSON) is at most this many bytes on disk, and its
// text, inflated, at most this many too: past it, a clear error instead of running out of memory (CSVs
// stream, csv_chunks.hpp).
constexpr size_t kMaxWholeFileBytes = size_t{1} << 30;
std::string whole_file_limit_text();   // "1 GiB (the limit of a file read whole)"

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path);          // raw bytes
Result<std::vector<uint8_t>> read_file_maybe_gzip(const std::string& path);     // inflated if gzip
// gunzip_whole to kMaxWholeFileBytes.
Result<std::vector<uint8_t>> gunzip(const uint8_t* data, size_t size, const std::string& name_for_errors);
// gunzip, refusing (and setting *over_limit) once the text would pass limit_bytes. Every member of a
// multi-member file is inflated. libdeflate natively (one pass per member), zlib on the web.
Result<std::vector<uint8_t>> gunzip_whole(const uint8_t* data, size_t size, const std::string& name_for_errors,
                                          size_t limit_bytes, bool* over_limit);
const char* whole_inflater_name();   // "libdeflate" or "zlib"
// gzip bytes; natively libdeflate on every core, as one gzip member per MiB (deterministic), else zlib.
std::vector<uint8_t> gzip(const uint8_t* data, size_t size, int level = 9);
Status write_file_atomic(const std::string& path, const uint8_t* data, size_t size);
Status write_file_atomic(const std::string& path, const std::string& text);
uint32_t crc32_of(const uint8_t* data, size_t size);
std::string base_name(const std::string& path);

}  // namespace crimescope
