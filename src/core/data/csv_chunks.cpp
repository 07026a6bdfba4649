#include "data/csv_chunks.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <optional>

#ifndef CS_NO_THREADS
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#include "base/file_io.hpp"

namespace crimescope::data {

// ---------------------------------------------------------------------------------------------------
// RecordScanner

void RecordScanner::reset(const char* begin, const char* end, bool at_eof) {
    m_begin = m_p = begin;
    m_end = end;
    m_eof = at_eof;
    m_lines = 0;
    m_record_line = 0;
    m_unterminated = false;
}

std::string RecordScanner::limit_message() const {
    return m_too_many_fields ? csv_too_many_fields(m_max_fields) : csv_record_too_long(m_max_bytes);
}

RecordScanner::Next RecordScanner::next() {
    if (m_p >= m_end) return m_eof ? Next::End : Next::NeedMore;
    const char* const start = m_p;
    const long lines0 = m_lines;
    const char* p = m_p;
    const char* const end = m_end;
    const char d = m_delim;
    m_scratch.clear();
    m_refs.clear();
    m_unterminated = false;
    m_too_many_fields = false;
    long lines = m_lines;
    auto over_limit = [&](bool fields) {
        m_p = start;
        m_lines = lines0;
        m_record_line = lines0;
        m_too_many_fields = fields;
        return Next::OverLimit;
    };
    // More text is needed: unless what there is already breaks the limit (a CR at the end may be half of the
    // line end, so one byte more is allowed).
    auto need_more = [&] {
        if (static_cast<size_t>(end - start) > m_max_bytes + 1) return over_limit(false);
        m_p = start;
        m_lines = lines0;
        return Next::NeedMore;
    };
    // Appends [a, b) of quoted text, counting line ends as CsvReader does (CRLF once, lone CR once, LF once).
    auto append_quoted = [&](const char* a, const char* b) {
        for (const char* q = a; q < b; ++q) {
            if (*q == '\n') ++lines;
            else if (*q == '\r' && (q + 1 >= b || q[1] != '\n')) ++lines;
        }
        m_scratch.append(a, static_cast<size_t>(b - a));
    };
    while (true) {
        if (p < end && *p == '"') {
            ++p;
            const size_t off = m_scratch.size();
            while (true) {
                const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
                if (!q) {
                    if (!m_eof) return need_more();
                    append_quoted(p, end);
                    p = end;
                    m_unterminated = true;
                    break;
                }
                // A CR right before the quote is a lone CR (the quote follows it), counted by append_quoted.
                append_quoted(p, q);
                p = q + 1;
                if (p < end && *p == '"') {
                    m_scratch.push_back('"');
                    ++p;
                    continue;
                }
                if (p >= end && !m_eof) return need_more();   // "" may be split across the buffer end
                break;
            }
            if (!m_unterminated) {   // after the closing quote, text up to the delimiter is kept as is
                const char* q = p;
                while (q < end && *q != d && *q != '\n' && *q != '\r') ++q;
                m_scratch.append(p, static_cast<size_t>(q - p));
                p = q;
            }
            m_refs.push_back(Ref{true, off, m_scratch.size() - off});
        } else {
            const char* q = p;
            while (q < end && *q != d && *q != '\n' && *q != '\r') ++q;
            m_refs.push_back(Ref{false, static_cast<size_t>(p - start), static_cast<size_t>(q - p)});
            p = q;
        }
        // The limits in CsvReader's order: it takes a record byte by byte, the byte count checked on each byte
        // (a delimiter counts), then a delimiter's field count.
        if (p < end && *p == d) {
            if (static_cast<size_t>(p - start) + 1 > m_max_bytes) return over_limit(false);
            if (m_refs.size() >= m_max_fields) return over_limit(true);
            ++p;
            continue;
        }
        if (static_cast<size_t>(p - start) > m_max_bytes) return over_limit(false);   // p: a line end or the end
        if (p >= end) {
            if (!m_eof) return need_more();
            break;   // last record without a line end
        }
        if (*p == '\r') {
            if (p + 1 >= end && !m_eof) return need_more();   // CR LF may be split across the buffer end
            ++p;
            if (p < end && *p == '\n') ++p;
        } else {
            ++p;
        }
        ++lines;
        break;
    }
    m_fields.clear();
    for (const Ref& r : m_refs)
        m_fields.emplace_back(r.quoted ? m_scratch.data() + r.off : start + r.off, r.len);
    m_record_line = lines0;
    m_lines = lines;
    m_p = p;
    return Next::Record;
}

size_t guess_record_start(const char* text, size_t size, size_t at) {
    for (size_t i = at; i < size; ++i) {
        if (text[i] == '\n') return i + 1;
        if (text[i] == '\r') return (i + 1 < size && text[i + 1] == '\n') ? i + 2 : i + 1;
    }
    return size;
}

// ---------------------------------------------------------------------------------------------------
// TextInput

namespace {

// The blocks of a streamed file: zlib inflate (every member) or plain reads.
class BlockReader {
public:
    BlockReader(FILE* f, bool gz, std::string name, size_t block) : m_f(f), m_gz(gz), m_name(std::move(name)), m_block(block) {
        if (m_gz) {
            m_in.resize(size_t{1} << 20);
            if (inflateInit2(&m_zs, 15 + 32) != Z_OK) m_error = Error{ErrorKind::Io, "zlib init failed", m_name, 0, ""};
        }
    }
    ~BlockReader() {
        if (m_gz) inflateEnd(&m_zs);
    }
    // The next block (empty at the end or on error).
    std::vector<uint8_t> next() {
        std::vector<uint8_t> out;
        if (m_done || m_error) return out;
        out.resize(m_block);
        size_t n = 0;
        if (!m_gz) {
            n = std::fread(out.data(), 1, out.size(), m_f);
            if (n < out.size()) {
                if (std::ferror(m_f)) m_error = Error{ErrorKind::Io, "read failed", m_name, 0, ""};
                m_done = true;
            }
            out.resize(n);
            return out;
        }
        m_zs.next_out = out.data();
        m_zs.avail_out = static_cast<uInt>(out.size());
        while (m_zs.avail_out > 0) {
            if (m_zs.avail_in == 0) {
                size_t got = std::fread(m_in.data(), 1, m_in.size(), m_f);
                if (got == 0) {
                    if (std::ferror(m_f)) m_error = Error{ErrorKind::Io, "read failed", m_name, 0, ""};
                    else if (!m_member_ended) m_error = Error{ErrorKind::Corrupt, "gzip data is truncated or corrupt (zlib: unexpected end of file)", m_name, 0, ""};
                    m_done = true;
                    break;
                }
                m_zs.next_in = m_in.data();
                m_zs.avail_in = static_cast<uInt>(got);
            }
            if (m_member_ended) {   // another member follows
                inflateReset(&m_zs);
                m_member_ended = false;
            }
            int rc = inflate(&m_zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                m_member_ended = true;
                continue;
            }
            if (rc != Z_OK) {
                m_error = Error{ErrorKind::Corrupt,
                                std::string("gzip data is truncated or corrupt (zlib: ") + (m_zs.msg ? m_zs.msg : std::to_string(rc)) + ")",
                                m_name, 0, ""};
                m_done = true;
                break;
            }
        }
        out.resize(out.size() - m_zs.avail_out);
        return out;
    }
    const std::optional<Error>& error() const { return m_error; }
    bool done() const { return m_done || m_error.has_value(); }

private:
    FILE* m_f;
    bool m_gz;
    std::string m_name;
    size_t m_block;
    z_stream m_zs{};
    std::vector<uint8_t> m_in;
    bool m_member_ended = false;
    bool m_done = false;
    std::optional<Error> m_error;
};

}  // namespace

struct TextInput::Impl {
    std::string name;
    FILE* f = nullptr;
    uint64_t file_bytes = 0;
    const char* inflater = "none";
    bool whole = false;
    std::vector<uint8_t> whole_text;
    bool whole_given = false;
    std::unique_ptr<BlockReader> reader;
    std::optional<Error> error;
#ifndef CS_NO_THREADS
    // Prefetch: a reader thread keeps up to two blocks ready.
    bool prefetch = false;
    std::thread thread;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::vector<uint8_t>> ready;
    bool reader_done = false, stop = false;
#endif
    ~Impl() {
#ifndef CS_NO_THREADS
        if (thread.joinable()) {
            {
                std::lock_guard<std::mutex> lk(mu);
                stop = true;
            }
            cv.notify_all();
            thread.join();
        }
#endif
        if (f) std::fclose(f);
    }
};

TextInput::~TextInput() = default;

Result<std::unique_ptr<TextInput>> TextInput::open(const std::string& path, const TextInputOptions& opts) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return make_error(ErrorKind::Io, std::string("cannot open: ") + std::strerror(errno), path);
    std::unique_ptr<TextInput> in(new TextInput());
    in->m = std::make_unique<Impl>();
    Impl& m = *in->m;
    m.name = path;
    m.f = f;
    uint8_t magic[2] = {0, 0};
    const size_t nmagic = std::fread(magic, 1, 2, f);
    const bool gz = nmagic == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (std::fseek(f, 0, SEEK_END) == 0) {
        long sz = std::ftell(f);
        m.file_bytes = sz > 0 ? static_cast<uint64_t>(sz) : 0;
    }
    std::fseek(f, 0, SEEK_SET);
    bool stream = true;
    if (gz) {
        // ISIZE (text size mod 2^32 of the last member) says whether a whole-file inflate fits the limit.
        uint8_t tail[4] = {0, 0, 0, 0};
        uint64_t isize = 0;
        if (m.file_bytes >= 18 && std::fseek(f, -4, SEEK_END) == 0 && std::fread(tail, 1, 4, f) == 4)
            isize = uint64_t{tail[0]} | uint64_t{tail[1]} << 8 | uint64_t{tail[2]} << 16 | uint64_t{tail[3]} << 24;
        std::fseek(f, 0, SEEK_SET);
        if (isize <= opts.whole_limit_bytes && m.file_bytes <= opts.whole_limit_bytes) {
            auto raw = read_file_bytes(path);
            if (!raw) return raw.error();
            bool over = false;
            auto text = gunzip_whole(raw->data(), raw->size(), path, opts.whole_limit_bytes, &over);
            if (text) {
                m.whole_text = std::move(text.value());
                m.whole = true;
                m.inflater = whole_inflater_name();
                stream = false;
            } else if (!over) {
                return text.error();
            }
        }
        if (stream) m.inflater = "zlib";
    } else if (m.file_bytes <= opts.whole_limit_bytes) {
        auto raw = read_file_bytes(path);
        if (!raw) return raw.error();
        m.whole_text = std::move(raw.value());
        m.whole = true;
        stream = false;
    }
    if (stream) {
        m.reader = std::make_unique<BlockReader>(f, gz, path, std::max<size_t>(opts.block_bytes, 4096));
#ifndef CS_NO_THREADS
        if (opts.prefetch) {
            m.prefetch = true;
            Impl* mp = &m;
            m.thread = std::thread([mp] {
                while (true) {
                    {
                        std::unique_lock<std::mutex> lk(mp->mu);
                        mp->cv.wait(lk, [&] { return mp->stop || mp->ready.size() < 2; });
                        if (mp->stop) return;
                    }
                    std::vector<uint8_t> b = mp->reader->next();
                    std::lock_guard<std::mutex> lk(mp->mu);
                    if (b.empty() && mp->reader->done()) {
                        if (mp->reader->error()) mp->error = mp->reader->error();
                        mp->reader_done = true;
                        mp->cv.notify_all();
                        return;
                    }
                    mp->ready.push_back(std::move(b));
                    mp->cv.notify_all();
                }
            });
        }
#endif
    }
    return in;
}

bool TextInput::read_block(std::vector<uint8_t>& buf) {
    Impl& im = *m;
    if (im.whole) {
        if (im.whole_given) return false;
        im.whole_given = true;
        if (buf.empty()) buf.swap(im.whole_text);
        else buf.insert(buf.end(), im.whole_text.begin(), im.whole_text.end());
        std::vector<uint8_t>().swap(im.whole_text);
        return true;
    }
    if (!im.reader) return false;
#ifndef CS_NO_THREADS
    if (im.prefetch) {
        std::vector<uint8_t> b;
        {
            std::unique_lock<std::mutex> lk(im.mu);
            im.cv.wait(lk, [&] { return !im.ready.empty() || im.reader_done; });
            if (im.ready.empty()) return false;
            b = std::move(im.ready.front());
            im.ready.pop_front();
        }
        im.cv.notify_all();
        buf.insert(buf.end(), b.begin(), b.end());
        return true;
    }
#endif
    while (true) {
        std::vector<uint8_t> b = im.reader->next();
        if (b.empty()) {
            if (im.reader->done()) {
                if (im.reader->error()) im.error = im.reader->error();
                return false;
            }
            continue;
        }
        buf.insert(buf.end(), b.begin(), b.end());
        return true;
    }
}

const Error* TextInput::error() const {
#ifndef CS_NO_THREADS
    if (m->prefetch) {
        std::lock_guard<std::mutex> lk(m->mu);
        return m->error ? &*m->error : nullptr;
    }
#endif
    return m->error ? &*m->error : nullptr;
}
bool TextInput::whole() const { return m->whole; }
const char* TextInput::inflater() const { return m->inflater; }
uint64_t TextInput::file_bytes() const { return m->file_bytes; }

}  // namespace crimescope::data
