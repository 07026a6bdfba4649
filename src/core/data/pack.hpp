// pack.hpp: the versioned binary city pack (.cspack). Little-endian. Layout (see ARCHITECTURE.md):
//   header (32 B): magic "CSCOPEPK", u32 version, u32 section_count, u64 payload_size, u32 table_crc32, u32 header_crc32
//   section table: section_count x {char name[24], u64 offset, u64 size, u32 crc32, u32 reserved}
//   sections, each 8-byte aligned: "meta" (JSON), "day" i32[n], "minute" i16[n], "lat" f32[n], "lon" f32[n],
//   "c<i>.codes" u8/u16/u32[n], "c<i>.dict" NUL-separated strings, "n<i>" f32[n], "b<i>" boundary layer,
//   "l<i>" base-map layer (features, ranks, i32 1e-6 degree lon/lat deltas) and "l<i>.names" (version 2);
//   version 3's byte-planar arrays, codecs and location group are described at kPackVersion.
// The whole file may be gzip-compressed (detected by magic). Loading copies columns straight in (no text
// parsing but the small meta JSON) and rejects a bad magic, version, size or checksum with a clear error.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::data {

// 2: base-map layers "l<i>" (+ "l<i>.names"). 3: every fixed-width array byte-planar (all first bytes, then
// all second bytes, ...); a category's "codec" in meta: "plain", "refs" (an identifier column in first-use
// order: 0 = the next new value, k = the value k before it) or "group"; the location group ("group" in meta:
// size, columns) stores each distinct (lat, lon, member codes) tuple once in "g.lat", "g.lon", "g.c<i>" and a
// u32 tuple per row in "g.codes", in place of "lat", "lon" and the members' "c<i>.codes". Versions 1 and 2
// still load.
constexpr uint32_t kPackVersion = 3;

// `version` 2 writes the version 2 layout (for tests of older packs); 3 is the default.
std::vector<uint8_t> encode_pack(const CityData& city, uint32_t version = kPackVersion);
// `max_rows` (0: none): a pack of more incidents is refused before its arrays are decoded (the app's limit).
Result<CityData> decode_pack(const uint8_t* data, size_t size, const std::string& name_for_errors, size_t max_rows = 0);
// Bytes a base-map layer takes in a pack (its "l<i>" and "l<i>.names" sections), before the file's gzip.
size_t base_layer_bytes(const BaseLayer& layer);
Status write_pack(const std::string& path, const CityData& city, bool gzip_file = true);   // atomic
Result<CityData> load_pack(const std::string& path, size_t max_rows = 0);

// "ID_OR_FILE" of `--pack`: a file path when the value contains '/' or ends in .cspack or .cspack.gz, else the
// id of a pack listed in `packs_dir`/packs.json (its "file", relative to packs_dir). An unknown id -> an error
// listing the ids.
bool pack_value_is_path(const std::string& value);
Result<std::string> resolve_pack_path(const std::string& value, const std::string& packs_dir);
// resolve_pack_path + load_pack.
Result<CityData> load_pack_by_id_or_path(const std::string& value, const std::string& packs_dir);

}  // namespace crimescope::data
