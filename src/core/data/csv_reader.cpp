#include "data/csv_reader.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "base/file_io.hpp"

namespace crimescope::data {

std::string csv_record_too_long(size_t limit_bytes) {
    return "a record longer than " + std::to_string(limit_bytes) +
           " bytes (the limit of one CSV record): an unclosed quote, or not a CSV file?";
}

std::string csv_too_many_fields(size_t limit_fields) {
    return "a record with more than " + std::to_string(limit_fields) + " fields (the limit of one CSV record)";
}

Result<std::unique_ptr<CsvReader>> CsvReader::open(const std::string& path, CsvOptions opts) {
    gzFile gz = gzopen(path.c_str(), "rb");   // reads plain files transparently
    if (!gz) return make_error(ErrorKind::Io, std::string("cannot open: ") + std::strerror(errno), path);
    gzbuffer(gz, 1 << 18);
    std::unique_ptr<CsvReader> r(new CsvReader());
    r->m_name = path;
    r->m_opts = opts;
    r->m_gz = gz;
    r->m_buf.resize(1 << 18);
    return r;
}

Result<std::unique_ptr<CsvReader>> CsvReader::from_memory(std::string name, const uint8_t* data, size_t size,
                                                          CsvOptions opts) {
    std::unique_ptr<CsvReader> r(new CsvReader());
    r->m_name = std::move(name);
    r->m_opts = opts;
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        auto inflated = gunzip(data, size, r->m_name);
        if (!inflated) return inflated.error();
        r->m_mem_owned = std::move(inflated.value());
        r->m_mem = r->m_mem_owned.data();
        r->m_mem_size = r->m_mem_owned.size();
    } else {
        r->m_mem = data;
        r->m_mem_size = size;
    }
    return r;
}

CsvReader::~CsvReader() {
    if (m_gz) gzclose(static_cast<gzFile>(m_gz));
}

bool CsvReader::refill() {
    if (m_eof) return false;
    if (m_mem) {
        // Memory input is one buffer; the first refill exposes it all.
        if (m_len == 0 && m_pos == 0 && m_bytes_in == 0 && m_mem_size > 0) {
            m_len = m_mem_size;
            m_pos = 0;
            m_bytes_in = m_mem_size;
            return true;
        }
        m_eof = true;
        return false;
    }
    int n = gzread(static_cast<gzFile>(m_gz), m_buf.data(), static_cast<unsigned>(m_buf.size()));
    if (n <= 0) {
        m_eof = true;
        int code = Z_OK;
        const char* msg = gzerror(static_cast<gzFile>(m_gz), &code);
        if ((n < 0 || code != Z_OK) && !m_error) {
            m_error = Error{ErrorKind::Corrupt, std::string("gzip data is truncated or corrupt (zlib: ") + (msg ? msg : "?") + ")",
                            m_name, m_line, ""};
        }
        return false;
    }
    m_pos = 0;
    m_len = static_cast<size_t>(n);
    m_bytes_in += static_cast<uint64_t>(n);
    return true;
}

inline int CsvReader::peek() {
    if (m_pos >= m_len && !refill()) return -1;
    return m_mem ? m_mem[m_pos] : m_buf[m_pos];
}

inline int CsvReader::get() {
    int c = peek();
    if (c >= 0) {
        ++m_pos;
        ++m_raw;
    }
    return c;
}

bool CsvReader::next_record() {
    m_record.clear();
    m_ends.clear();
    m_fields.clear();
    m_unterminated = false;
    if (!m_started) {
        m_started = true;
        // UTF-8 BOM
        if (peek() == 0xEF) {
            const uint8_t* p = m_mem ? m_mem : m_buf.data();
            if (m_len - m_pos >= 3 && p[m_pos + 1] == 0xBB && p[m_pos + 2] == 0xBF) m_pos += 3;
        }
    }
    if (m_error) return false;
    int c = peek();
    if (c < 0) return false;
    m_record_line = m_line;
    const char delim = m_opts.delimiter;
    bool in_quotes = false;
    bool field_was_quoted = false;
    const uint64_t raw0 = m_raw;
    uint64_t line_end = 0;   // bytes of the record's line end
    auto fail = [&](std::string msg) {
        m_error = Error{ErrorKind::Format, std::move(msg), m_name, m_record_line, ""};
        m_record.clear();
        m_ends.clear();
        return false;
    };
    while (true) {
        c = get();
        if (c < 0) {
            if (in_quotes) m_unterminated = true;
            break;
        }
        if (m_raw - raw0 > m_opts.max_record_bytes && (in_quotes || (c != '\r' && c != '\n')))
            return fail(csv_record_too_long(m_opts.max_record_bytes));
        if (in_quotes) {
            if (c == '"') {
                if (peek() == '"') {
                    get();
                    m_record.push_back('"');
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\r') {
                    if (peek() == '\n') { get(); m_record.push_back('\r'); c = '\n'; }
                    ++m_line;
                } else if (c == '\n') {
                    ++m_line;
                }
                m_record.push_back(static_cast<char>(c));
            }
            continue;
        }
        if (c == delim) {
            if (m_ends.size() + 1 >= m_opts.max_fields) return fail(csv_too_many_fields(m_opts.max_fields));
            m_ends.push_back(m_record.size());
            field_was_quoted = false;
            continue;
        }
        if (c == '\r' || c == '\n') {
            line_end = 1;
            if (c == '\r' && peek() == '\n') {
                get();
                line_end = 2;
            }
            ++m_line;
            break;
        }
        if (c == '"') {
            // RFC 4180: quotes open a field only at its start; elsewhere a quote is kept as a character.
            size_t field_start = m_ends.empty() ? 0 : m_ends.back();
            if (m_record.size() == field_start && !field_was_quoted) {
                in_quotes = true;
                field_was_quoted = true;
                continue;
            }
        }
        m_record.push_back(static_cast<char>(c));
    }
    if (m_raw - raw0 - line_end > m_opts.max_record_bytes) return fail(csv_record_too_long(m_opts.max_record_bytes));
    if (m_error) return false;   // the gzip data broke inside this record
    m_ends.push_back(m_record.size());
    size_t start = 0;
    m_fields.reserve(m_ends.size());
    for (size_t e : m_ends) {
        m_fields.emplace_back(m_record.data() + start, e - start);
        start = e;
    }
    return true;
}

}  // namespace crimescope::data
