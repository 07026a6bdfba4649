#include "base/user_store.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <sys/stat.h>

#include "base/file_io.hpp"

namespace crimescope {

namespace {
std::string safe_name(const std::string& key) {
    std::string out;
    for (char c : key) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return out;
}
void make_dirs(const std::string& dir) {
    for (size_t p = 1; p <= dir.size(); ++p)
        if (p == dir.size() || dir[p] == '/') ::mkdir(dir.substr(0, p).c_str(), 0755);
}
}  // namespace

std::string user_document_path(const std::string& dir, const std::string& key) { return dir + "/" + safe_name(key) + ".json"; }

Status save_user_document(const std::string& dir, const std::string& key, const std::string& text) {
    make_dirs(dir);
    return write_file_atomic(user_document_path(dir, key), text);
}

Result<std::string> load_user_document(const std::string& dir, const std::string& key) {
    const std::string path = user_document_path(dir, key);
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return std::string();
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    return std::string(bytes->begin(), bytes->end());
}

std::string set_aside_key(const std::string& key, long long unix_s) {
    const std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return key + ".unreadable-" + buf;
}

}  // namespace crimescope
