// csv_chunks.hpp: what the chunked parallel ingest (ingest.cpp) reads with: a tokenizer over a buffer
// (the same dialect as CsvReader, byte for byte: tests/core/data/test_csv_chunks.cpp), the guess of a record
// start inside a buffer, and a file's text, inflated whole (libdeflate natively) or streamed in blocks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "data/csv_reader.hpp"

namespace crimescope::data {

// Records of [begin, end): RFC 4180 as CsvReader reads it (a quote opens a field only at its start, "" is a
// quote inside quotes, CRLF / LF / CR-only line ends, newlines kept inside quotes). `at_eof` false means more
// text follows `end`: a record that reaches `end` is not complete and next() answers NeedMore without
// consuming it. Unquoted fields are views into the buffer, quoted ones into the scanner's scratch (valid
// until the next call). No allocation per record once the scratch has grown.
class RecordScanner {
public:
    // OverLimit: the record at pos() breaks csv_reader.hpp's limits (its text, or its text so far when more
    // is needed, over max_record_bytes; or over max_fields fields); limit_message() says which, record_line()
    // where it starts. Nothing is consumed.
    enum class Next { Record, NeedMore, End, OverLimit };
    explicit RecordScanner(char delimiter = ',', size_t max_record_bytes = kMaxCsvRecordBytes, size_t max_fields = kMaxCsvFields)
        : m_delim(delimiter), m_max_bytes(max_record_bytes), m_max_fields(max_fields) {}
    std::string limit_message() const;
    void reset(const char* begin, const char* end, bool at_eof);
    Next next();
    const std::vector<std::string_view>& fields() const { return m_fields; }
    bool unterminated_quote() const { return m_unterminated; }   // the record hit the end of input inside quotes
    size_t pos() const { return static_cast<size_t>(m_p - m_begin); }   // offset of the next unread byte
    long lines() const { return m_lines; }                 // line ends consumed since reset()
    long record_line() const { return m_record_line; }     // lines() where the last record started

private:
    struct Ref { bool quoted; size_t off, len; };
    char m_delim;
    size_t m_max_bytes, m_max_fields;
    bool m_too_many_fields = false;
    const char* m_begin = nullptr;
    const char* m_p = nullptr;
    const char* m_end = nullptr;
    bool m_eof = true;
    long m_lines = 0, m_record_line = 0;
    bool m_unterminated = false;
    std::string m_scratch;
    std::vector<Ref> m_refs;
    std::vector<std::string_view> m_fields;
};

// The offset after the first line end at or after `at` (size when none): where a record starts unless that
// line end is inside a quoted field. The chunked parse checks each guess against the serial boundary.
size_t guess_record_start(const char* text, size_t size, size_t at);

struct TextInputOptions {
    // A gzip file is inflated whole (libdeflate natively, one pass, about 2x zlib) when its text is at most
    // this many bytes; a bigger one, or a plain file over the limit, is streamed in blocks (bounded memory).
    size_t whole_limit_bytes = size_t{128} << 20;
    size_t block_bytes = size_t{8} << 20;   // streamed block size
    bool prefetch = true;                   // natively, a reader thread inflates the next block meanwhile
};

// A file's text (plain or gzip, several members included) in blocks, in order.
class TextInput {
public:
    static Result<std::unique_ptr<TextInput>> open(const std::string& path, const TextInputOptions& opts = {});
    ~TextInput();
    TextInput(const TextInput&) = delete;
    TextInput& operator=(const TextInput&) = delete;

    // Appends the next block of text to `buf`; false at the end (then check error()).
    bool read_block(std::vector<uint8_t>& buf);
    const Error* error() const;
    bool whole() const;                   // all of the text came (or comes) as one block
    const char* inflater() const;         // "libdeflate", "zlib" or "none"
    uint64_t file_bytes() const;          // size of the file on disk

    struct Impl;

private:
    TextInput() = default;
    std::unique_ptr<Impl> m;
};

}  // namespace crimescope::data
