#include "base/file_io.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace crimescope {

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return make_error(ErrorKind::Io, std::string("cannot open: ") + std::strerror(errno), path);
    std::vector<uint8_t> out;
    uint8_t buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
    bool err = std::ferror(f) != 0;
    std::fclose(f);
    if (err) return make_error(ErrorKind::Io, "read failed", path);
    return out;
}

Result<std::vector<uint8_t>> gunzip(const uint8_t* data, size_t size, const std::string& name) {
    std::vector<uint8_t> out;
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) return make_error(ErrorKind::Io, "zlib init failed", name);
    zs.next_in = const_cast<Bytef*>(data);
    zs.avail_in = static_cast<uInt>(size);
    uint8_t buf[1 << 16];
    int rc = Z_OK;
    while (true) {
        zs.next_out = buf;
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.insert(out.end(), buf, buf + (sizeof buf - zs.avail_out));
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members: continue if more input remains.
            if (zs.avail_in > 0) {
                inflateReset(&zs);
                continue;
            }
            break;
        }
        if (rc != Z_OK) break;
        if (zs.avail_in == 0 && zs.avail_out != 0) { rc = Z_BUF_ERROR; break; }
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return make_error(ErrorKind::Corrupt, "gzip data is truncated or corrupt (zlib: " +
                                                  std::string(zs.msg ? zs.msg : std::to_string(rc)) + ")", name);
    return out;
}

Result<std::vector<uint8_t>> read_file_maybe_gzip(const std::string& path) {
    auto raw = read_file_bytes(path);
    if (!raw) return raw;
    const auto& b = raw.value();
    if (b.size() >= 2 && b[0] == 0x1f && b[1] == 0x8b) return gunzip(b.data(), b.size(), path);
    return raw;
}

std::vector<uint8_t> gzip(const uint8_t* data, size_t size, int level) {
    z_stream zs{};
    deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::vector<uint8_t> out(deflateBound(&zs, static_cast<uLong>(size)) + 64);
    zs.next_in = const_cast<Bytef*>(data);
    zs.avail_in = static_cast<uInt>(size);
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

Status write_file_atomic(const std::string& path, const uint8_t* data, size_t size) {
    std::string tmp = path + ".tmp-" + std::to_string(reinterpret_cast<uintptr_t>(data) & 0xffff);
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return make_error(ErrorKind::Io, std::string("cannot create: ") + std::strerror(errno), tmp);
    bool ok = std::fwrite(data, 1, size, f) == size;
    ok = (std::fflush(f) == 0) && ok;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) {
        std::remove(tmp.c_str());
        return make_error(ErrorKind::Io, "write failed (disk full?)", path);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return make_error(ErrorKind::Io, std::string("cannot replace: ") + std::strerror(errno), path);
    }
    return Ok{};
}

Status write_file_atomic(const std::string& path, const std::string& text) {
    return write_file_atomic(path, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

uint32_t crc32_of(const uint8_t* data, size_t size) {
    uLong c = crc32(0L, Z_NULL, 0);
    while (size > 0) {
        uInt chunk = static_cast<uInt>(size > (1u << 30) ? (1u << 30) : size);
        c = crc32(c, data, chunk);
        data += chunk;
        size -= chunk;
    }
    return static_cast<uint32_t>(c);
}

std::string base_name(const std::string& path) {
    size_t s = path.find_last_of("/\\");
    return s == std::string::npos ? path : path.substr(s + 1);
}

}  // namespace crimescope
