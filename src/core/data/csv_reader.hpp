// csv_reader.hpp: streaming RFC 4180 reader. Quoted fields, doubled quotes, embedded newlines,
// CRLF / LF / CR-only line endings, a UTF-8 BOM, and gzip input (detected by magic, via zlib).
// Memory stays bounded by the longest record; fields are views valid until the next next_record().
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace crimescope::data {

// The limits of one record, the same rule in both readers (this one and csv_chunks.hpp's RecordScanner): its
// text, from its first byte to its line end (quotes and delimiters counted, the line end not), at most
// max_record_bytes; at most max_fields fields. Past either, reading stops with a Format error naming the file
// and the line where the record starts (an unclosed quote that swallows the rest of a file ends here too).
constexpr size_t kMaxCsvRecordBytes = size_t{1} << 20;
constexpr size_t kMaxCsvFields = 4096;
std::string csv_record_too_long(size_t limit_bytes);
std::string csv_too_many_fields(size_t limit_fields);

struct CsvOptions {
    char delimiter = ',';
    size_t max_record_bytes = kMaxCsvRecordBytes;
    size_t max_fields = kMaxCsvFields;
};

class CsvReader {
public:
    // Opens a file (plain or .gz); errors name the file.
    static Result<std::unique_ptr<CsvReader>> open(const std::string& path, CsvOptions opts = {});
    // Reads from memory (the bytes must outlive the reader); gzip is inflated first.
    static Result<std::unique_ptr<CsvReader>> from_memory(std::string name, const uint8_t* data, size_t size,
                                                          CsvOptions opts = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // Reads the next record. Returns false at end of input, or at an error (a record over the limits, gzip
    // data that is corrupt): check error() after the last record. A record of one empty field from a blank
    // line is reported as such (fields().size() == 1 && fields()[0].empty()); callers usually skip it.
    bool next_record();
    const Error* error() const { return m_error ? &*m_error : nullptr; }
    const std::vector<std::string_view>& fields() const { return m_fields; }
    long record_line() const { return m_record_line; }   // 1-based physical line where the record starts
    long lines_consumed() const { return m_line; }
    bool unterminated_quote() const { return m_unterminated; }  // the last record hit EOF inside quotes
    uint64_t bytes_consumed() const { return m_bytes_in; }
    const std::string& name() const { return m_name; }

private:
    CsvReader() = default;
    int get();          // next byte or -1
    int peek();
    bool refill();

    std::string m_name;
    CsvOptions m_opts;
    void* m_gz = nullptr;                        // gzFile when reading a file
    std::vector<uint8_t> m_mem_owned;            // inflated memory input
    const uint8_t* m_mem = nullptr;
    size_t m_mem_size = 0;
    std::vector<uint8_t> m_buf;
    size_t m_pos = 0, m_len = 0;
    bool m_eof = false;
    uint64_t m_bytes_in = 0;

    std::string m_record;                        // field bytes, concatenated
    std::vector<size_t> m_ends;                  // end offset of each field in m_record
    std::vector<std::string_view> m_fields;
    long m_line = 1;                             // current physical line
    long m_record_line = 0;
    bool m_unterminated = false;
    bool m_started = false;
    uint64_t m_raw = 0;                          // bytes taken by get()
    std::optional<Error> m_error;
};

// The reader's error when it stopped at one (for the "empty file" answers after a failed first record).
inline Error error_or(const CsvReader& r, Error otherwise) { return r.error() ? *r.error() : std::move(otherwise); }

}  // namespace crimescope::data
