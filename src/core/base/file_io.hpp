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
#ifdef __EMSCRIPTEN__
constexpr size_t kMaxWholeFileBytes = size_t{256} << 20;   // the page's memory stops at 2 GiB; a file is held twice
#else
constexpr size_t kMaxWholeFileBytes = size_t{1} << 30;
#endif
std::string whole_file_limit_text();   // "1024 MiB (the limit of a file read whole)"

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
// Written to TARGET.tmp-PID-N.HOST (temp_save_name), synced, renamed over the target; then the temporary files
// that killed saves of this machine left beside the target are removed (their process is gone).
std::string temp_save_name(const std::string& path, long pid, unsigned n);
Status write_file_atomic(const std::string& path, const uint8_t* data, size_t size);
Status write_file_atomic(const std::string& path, const std::string& text);
uint32_t crc32_of(const uint8_t* data, size_t size);
std::string base_name(const std::string& path);

}  // namespace crimescope
