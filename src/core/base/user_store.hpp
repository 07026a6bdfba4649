// user_store.hpp: the desktop's store of the analyst's own documents (linkage decisions and entered cases, saved
// column readings, user layers): one file DIR/<key>.json per key (the key made file-safe), written atomically
// (write_file_atomic: a save killed at any moment leaves the old document or the new one, whole). The browser
// keeps the same documents in IndexedDB (src/platform/platform_web.cpp). An entry that cannot be read is set
// aside under another key (set_aside_key), never overwritten unread.
#pragma once
#include <string>

#include "base/result.hpp"

namespace crimescope {

std::string user_document_path(const std::string& dir, const std::string& key);
// Creates DIR when missing.
Status save_user_document(const std::string& dir, const std::string& key, const std::string& text);
// The text; "" when nothing is stored under `key`.
Result<std::string> load_user_document(const std::string& dir, const std::string& key);
// What a platform's load_user_data says (as its error) when the stored entry was not text at all and the platform
// has already kept it under set_aside_key: "set aside: <why>; kept as <key>". The app then treats the entry as
// unreadable but safe to replace.
inline constexpr const char* kSetAsidePrefix = "set aside: ";
// Where an unreadable entry of `key` is kept: "<key>.unreadable-<YYYYMMDDTHHMMSSZ>" (UTC, `unix_s`).
std::string set_aside_key(const std::string& key, long long unix_s);

}  // namespace crimescope
