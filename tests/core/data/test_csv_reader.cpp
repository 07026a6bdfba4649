// Tests for data/csv_reader: RFC 4180 edge cases, line endings, BOM, gzip, line numbers.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "data/csv_reader.hpp"

using crimescope::data::CsvReader;

namespace {
std::vector<std::vector<std::string>> read_all(const std::string& text, std::vector<long>* lines = nullptr) {
    auto r = CsvReader::from_memory("mem.csv", reinterpret_cast<const uint8_t*>(text.data()), text.size());
    REQUIRE(r.ok());
    std::vector<std::vector<std::string>> out;
    while (r.value()->next_record()) {
        std::vector<std::string> rec;
        for (auto f : r.value()->fields()) rec.emplace_back(f);
        out.push_back(rec);
        if (lines) lines->push_back(r.value()->record_line());
    }
    return out;
}
using Rows = std::vector<std::vector<std::string>>;
}  // namespace

TEST_CASE("csv: plain LF, CRLF and CR-only line endings give the same records", "[csv]") {
    Rows expected = {{"a", "b"}, {"1", "2"}, {"3", "4"}};
    CHECK(read_all("a,b\n1,2\n3,4\n") == expected);
    CHECK(read_all("a,b\r\n1,2\r\n3,4\r\n") == expected);
    CHECK(read_all("a,b\r1,2\r3,4\r") == expected);
    CHECK(read_all("a,b\n1,2\n3,4") == expected);   // no final newline
}

TEST_CASE("csv: quoted fields, doubled quotes, delimiters and newlines inside quotes", "[csv]") {
    std::vector<long> lines;
    Rows rows = read_all("h1,h2,h3\n\"a,b\",\"say \"\"hi\"\"\",x\n\"multi\nline\",\"\",end\nlast,row,here\n", &lines);
    REQUIRE(rows.size() == 4);
    CHECK(rows[1] == std::vector<std::string>{"a,b", "say \"hi\"", "x"});
    CHECK(rows[2] == std::vector<std::string>{"multi\nline", "", "end"});
    CHECK(rows[3] == std::vector<std::string>{"last", "row", "here"});
    // Physical line numbers: the multi-line record starts on line 3; the next record on line 5.
    CHECK(lines == std::vector<long>{1, 2, 3, 5});
}

TEST_CASE("csv: CRLF inside a quoted field counts one line", "[csv]") {
    std::vector<long> lines;
    Rows rows = read_all("a\r\n\"x\r\ny\"\r\nz\r\n", &lines);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "x\r\ny");
    CHECK(lines == std::vector<long>{1, 2, 4});
}

TEST_CASE("csv: UTF-8 BOM is skipped and UTF-8 text kept", "[csv]") {
    Rows rows = read_all("\xEF\xBB\xBFnombre,alcaldía\nÁlvaro Obregón,Ω\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0] == "nombre");
    CHECK(rows[1][0] == "Álvaro Obregón");
    CHECK(rows[1][1] == "Ω");
}

TEST_CASE("csv: empty fields, blank lines and a quote inside an unquoted field", "[csv]") {
    Rows rows = read_all("a,b,c\n,,\n\nx,5\" pipe,z\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[1] == std::vector<std::string>{"", "", ""});
    CHECK(rows[2] == std::vector<std::string>{""});   // blank line: one empty field (callers skip it)
    CHECK(rows[3] == std::vector<std::string>{"x", "5\" pipe", "z"});
}

TEST_CASE("csv: unterminated quote at end of input is flagged", "[csv]") {
    auto text = std::string("a,b\n1,\"open\n2,3\n");
    auto r = CsvReader::from_memory("m.csv", reinterpret_cast<const uint8_t*>(text.data()), text.size());
    REQUIRE(r.ok());
    REQUIRE(r.value()->next_record());
    CHECK_FALSE(r.value()->unterminated_quote());
    REQUIRE(r.value()->next_record());
    CHECK(r.value()->unterminated_quote());
    CHECK(r.value()->record_line() == 2);
    CHECK_FALSE(r.value()->next_record());
}

TEST_CASE("csv: gzip input in memory is inflated", "[csv]") {
    std::string text = "a,b\r1,2\r";
    auto gz = crimescope::gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    auto r = CsvReader::from_memory("m.csv.gz", gz.data(), gz.size());
    REQUIRE(r.ok());
    REQUIRE(r.value()->next_record());
    REQUIRE(r.value()->next_record());
    CHECK(std::string(r.value()->fields()[1]) == "2");
}

TEST_CASE("csv: corrupt gzip is an error naming the file", "[csv]") {
    std::string text = "a,b\n1,2\n";
    auto gz = crimescope::gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    gz.resize(gz.size() / 2);   // truncated
    auto r = CsvReader::from_memory("cut.csv.gz", gz.data(), gz.size());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string().find("cut.csv.gz") == 0);
    CHECK(r.error().kind == crimescope::ErrorKind::Corrupt);
}

TEST_CASE("csv: a missing file is an I/O error naming it", "[csv]") {
    auto r = CsvReader::open("/nonexistent/dir/x.csv");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == crimescope::ErrorKind::Io);
    CHECK(r.error().to_string().find("/nonexistent/dir/x.csv") == 0);
}

TEST_CASE("csv: long records across buffer refills from a file", "[csv]") {
    std::string path = "/tmp/crimescope_test_long.csv";
    std::string big(300000, 'x');
    std::string text = "a,b\n\"" + big + "\",tail\nend,1\n";
    REQUIRE(crimescope::write_file_atomic(path, text).ok());
    auto r = CsvReader::open(path);
    REQUIRE(r.ok());
    REQUIRE(r.value()->next_record());
    REQUIRE(r.value()->next_record());
    CHECK(r.value()->fields()[0].size() == big.size());
    CHECK(std::string(r.value()->fields()[1]) == "tail");
    REQUIRE(r.value()->next_record());
    CHECK(r.value()->record_line() == 3);
    std::remove(path.c_str());
}
