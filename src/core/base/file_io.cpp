#include "base/file_io.hpp"

#include <zlib.h>
#ifdef CS_HAVE_LIBDEFLATE
#include <libdeflate.h>

#include <atomic>
#include <unistd.h>
#include <thread>

#include "base/parallel.hpp"
#endif

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace crimescope {

std::string whole_file_limit_text() { return std::to_string(kMaxWholeFileBytes >> 20) + " MiB (the limit of a file read whole)"; }

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return make_error(ErrorKind::Io, std::string("cannot open: ") + std::strerror(errno), path);
    std::vector<uint8_t> out;
    if (std::fseek(f, 0, SEEK_END) == 0) {   // one allocation of the right size (no doubling past the limit)
        const long sz = std::ftell(f);
        if (sz > 0 && static_cast<unsigned long>(sz) > kMaxWholeFileBytes) {
            std::fclose(f);
            return make_error(ErrorKind::Invalid, "the file is larger than " + whole_file_limit_text(), path);
        }
        if (sz > 0) out.reserve(static_cast<size_t>(sz));
    }
    std::fseek(f, 0, SEEK_SET);
    uint8_t buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (out.size() + n > kMaxWholeFileBytes) {
            std::fclose(f);
            return make_error(ErrorKind::Invalid, "the file is larger than " + whole_file_limit_text(), path);
        }
        out.insert(out.end(), buf, buf + n);
    }
    bool err = std::ferror(f) != 0;
    std::fclose(f);
    if (err) return make_error(ErrorKind::Io, "read failed", path);
    return out;
}

namespace {

[[maybe_unused]] Result<std::vector<uint8_t>> gunzip_zlib(const uint8_t* data, size_t size, const std::string& name, size_t limit_bytes,
                                         bool* over_limit) {
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
        if (out.size() > limit_bytes) {
            inflateEnd(&zs);
            if (over_limit) *over_limit = true;
            return make_error(ErrorKind::Invalid, "the gzip text inflates past " + std::to_string(limit_bytes) + " bytes" + (limit_bytes == kMaxWholeFileBytes ? " = " + whole_file_limit_text() : std::string()), name);
        }
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

#ifdef CS_HAVE_LIBDEFLATE
// One pass per member into a buffer sized by the last member's ISIZE (exact for a one-member file), grown
// (and the member retried) when a multi-member file needs more.
Result<std::vector<uint8_t>> gunzip_libdeflate(const uint8_t* data, size_t size, const std::string& name, size_t limit_bytes,
                                               bool* over_limit) {
    if (size < 18) return make_error(ErrorKind::Corrupt, "gzip data is truncated or corrupt (shorter than a gzip header)", name);
    const size_t isize = static_cast<size_t>(data[size - 4]) | static_cast<size_t>(data[size - 3]) << 8 |
                         static_cast<size_t>(data[size - 2]) << 16 | static_cast<size_t>(data[size - 1]) << 24;
    // ISIZE is the file's word, not a promise: deflate expands at most about 1032:1, so a hostile 20-byte file
    // cannot make us allocate 4 GiB up front (the loop below grows the buffer when a file really needs more).
    size_t cap = std::min(limit_bytes, std::max<size_t>(1024, std::min<size_t>(isize, size * 1032)));
    std::vector<uint8_t> out(cap);
    std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(libdeflate_alloc_decompressor(),
                                                                                      libdeflate_free_decompressor);
    if (!d) return make_error(ErrorKind::Io, "libdeflate init failed", name);
    size_t in_pos = 0, used = 0;
    while (in_pos < size) {
        size_t in_n = 0, out_n = 0;
        const libdeflate_result r = libdeflate_gzip_decompress_ex(d.get(), data + in_pos, size - in_pos, out.data() + used,
                                                                  out.size() - used, &in_n, &out_n);
        if (r == LIBDEFLATE_SUCCESS) {
            in_pos += in_n;
            used += out_n;
            continue;
        }
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
            if (out.size() >= limit_bytes) {
                if (over_limit) *over_limit = true;
                return make_error(ErrorKind::Invalid, "the gzip text inflates past " + std::to_string(limit_bytes) + " bytes" + (limit_bytes == kMaxWholeFileBytes ? " = " + whole_file_limit_text() : std::string()), name);
            }
            const size_t remaining_in = size - in_pos;
            out.resize(std::min(limit_bytes, std::max(out.size() * 2, used + 4 * remaining_in)));
            continue;
        }
        return make_error(ErrorKind::Corrupt, "gzip data is truncated or corrupt (libdeflate: bad data)", name);
    }
    out.resize(used);
    out.shrink_to_fit();
    return out;
}
#endif

}  // namespace

Result<std::vector<uint8_t>> gunzip_whole(const uint8_t* data, size_t size, const std::string& name, size_t limit_bytes,
                                          bool* over_limit) {
    if (over_limit) *over_limit = false;
#ifdef CS_HAVE_LIBDEFLATE
    return gunzip_libdeflate(data, size, name, limit_bytes, over_limit);
#else
    return gunzip_zlib(data, size, name, limit_bytes, over_limit);
#endif
}

const char* whole_inflater_name() {
#ifdef CS_HAVE_LIBDEFLATE
    return "libdeflate";
#else
    return "zlib";
#endif
}

Result<std::vector<uint8_t>> gunzip(const uint8_t* data, size_t size, const std::string& name) {
    return gunzip_whole(data, size, name, kMaxWholeFileBytes, nullptr);
}

Result<std::vector<uint8_t>> read_file_maybe_gzip(const std::string& path) {
    auto raw = read_file_bytes(path);
    if (!raw) return raw;
    const auto& b = raw.value();
    if (b.size() >= 2 && b[0] == 0x1f && b[1] == 0x8b) return gunzip(b.data(), b.size(), path);
    return raw;
}

[[maybe_unused]] static std::vector<uint8_t> gzip_zlib(const uint8_t* data, size_t size, int level) {
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

std::vector<uint8_t> gzip(const uint8_t* data, size_t size, int level) {
#ifdef CS_HAVE_LIBDEFLATE
    // Natively: 1 MiB pieces compressed by libdeflate on every core, written as consecutive gzip members (one
    // gzip file; every reader here, zlib's included, inflates all members). The cut does not depend on the
    // core count, so the bytes are deterministic.
    const size_t piece = size_t{1} << 20;
    const size_t n = std::max<size_t>(1, (size + piece - 1) / piece);
    std::vector<std::vector<uint8_t>> parts(n);
    std::atomic<size_t> next{0};
    auto work = [&] {
        libdeflate_compressor* c = libdeflate_alloc_compressor(std::clamp(level, 1, 12));
        for (size_t k; (k = next.fetch_add(1)) < n;) {
            const size_t off = k * piece, len = std::min(piece, size - std::min(size, off));
            parts[k].resize(libdeflate_gzip_compress_bound(c, len));
            const size_t got = libdeflate_gzip_compress(c, data + off, len, parts[k].data(), parts[k].size());
            parts[k].resize(got);
        }
        libdeflate_free_compressor(c);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<size_t>(worker_count(), n); ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    std::vector<uint8_t> out;
    size_t total = 0;
    for (const auto& p : parts) total += p.size();
    out.reserve(total);
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
#else
    return gzip_zlib(data, size, level);
#endif
}

namespace {

// This machine's name as it goes into a temporary file's name (letters, digits and '-').
std::string host_tag() {
    static const std::string tag = [] {
        char buf[256] = {};
#ifndef __EMSCRIPTEN__
        if (::gethostname(buf, sizeof buf - 1) != 0) buf[0] = 0;
#endif
        std::string t;
        for (const char* c = buf; *c; ++c)
            if (std::isalnum(static_cast<unsigned char>(*c)) || *c == '-') t.push_back(*c);
        return t.empty() ? std::string("host") : t;
    }();
    return tag;
}

// Removes TARGET.tmp-PID-N.HOST files that a process of this machine killed during a save left (PID no longer
// running); those of a live process, and of another machine sharing the folder (a network drive, a container
// with its own PIDs has its own host name), stay. Natively only: the browser has one process.
void sweep_stale_temps(const std::string& path) {
#ifndef __EMSCRIPTEN__
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = target.filename().string() + ".tmp-";
    const std::string suffix = "." + host_tag();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string rest = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());   // PID-N
        const size_t dash = rest.find('-');
        if (dash == 0 || dash == std::string::npos || rest.find_first_not_of("0123456789-") != std::string::npos) continue;
        const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
        if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(it->path(), ec);
    }
#else
    (void)path;
#endif
}

}  // namespace

std::string temp_save_name(const std::string& path, long pid, unsigned n) {
    return path + ".tmp-" + std::to_string(pid) + "-" + std::to_string(n) + "." + host_tag();
}

Status write_file_atomic(const std::string& path, const uint8_t* data, size_t size) {
    static std::atomic<unsigned> counter{0};
    const std::string tmp = temp_save_name(path, static_cast<long>(::getpid()), counter.fetch_add(1));
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return make_error(ErrorKind::Io, std::string("cannot create: ") + std::strerror(errno), tmp);
    bool ok = std::fwrite(data, 1, size, f) == size;
    ok = (std::fflush(f) == 0) && ok;
    // On disk before the rename, so that a crash after it cannot leave the new name with no data (a file system that
    // cannot sync a regular file says EINVAL / EROFS: nothing more can be done there).
#ifndef CS_NO_FSYNC
    if (ok && ::fsync(::fileno(f)) != 0 && errno != EINVAL && errno != EROFS) ok = false;
#endif
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) {
        std::remove(tmp.c_str());
        return make_error(ErrorKind::Io, "write failed (disk full?)", path);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return make_error(ErrorKind::Io, std::string("cannot replace: ") + std::strerror(errno), path);
    }
    sweep_stale_temps(path);
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
