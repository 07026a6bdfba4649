// Tests for data/csv_chunks and the chunked parallel ingest (ingest_csv_file): the tokenizer equals CsvReader
// record for record (line numbers, unterminated quotes, any buffer split), and the chunked ingest gives the
// serial ingest_csv's table, report and dedupe state byte for byte: on every committed fixture, on a
// synthetic file with quoted newlines, CRLF, ragged rows, blank lines, bad numbers and duplicates cut across
// tiny chunks, windows and streamed blocks, and on the shared Chicago files when present.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "base/file_io.hpp"
#include "data/csv_chunks.hpp"
#include "data/csv_reader.hpp"
#include "data/ingest.hpp"
#include "data/profile_infer.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

namespace {

struct Rec {
    std::vector<std::string> fields;
    long line;
    bool unterminated;
    bool operator==(const Rec& o) const { return fields == o.fields && line == o.line && unterminated == o.unterminated; }
};

std::vector<Rec> by_reader(const std::string& text) {
    auto r = CsvReader::from_memory("m.csv", reinterpret_cast<const uint8_t*>(text.data()), text.size());
    REQUIRE(r.ok());
    std::vector<Rec> out;
    while (r.value()->next_record()) {
        Rec rec{{}, r.value()->record_line(), r.value()->unterminated_quote()};
        for (auto f : r.value()->fields()) rec.fields.emplace_back(f);
        out.push_back(rec);
    }
    return out;
}

struct LimitRun {
    std::vector<Rec> records;
    long error_line = 0;   // 0 = no error
    std::string message;
    bool operator==(const LimitRun& o) const { return records == o.records && error_line == o.error_line && message == o.message; }
};

// The scanner over text[0, split) as a partial buffer, then the rest: records, 1-based lines, and where it
// stopped at a record over the limits.
LimitRun scanner_limited(const std::string& text, size_t split, size_t max_bytes = kMaxCsvRecordBytes,
                         size_t max_fields = kMaxCsvFields) {
    LimitRun out;
    long line = 1;
    RecordScanner sc(',', max_bytes, max_fields);
    size_t pos = text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    for (int pass = 0; pass < 2; ++pass) {
        const bool eof = pass == 1;
        const size_t end = eof ? text.size() : std::max(split, pos);
        sc.reset(text.data() + pos, text.data() + end, eof);
        while (true) {
            auto r = sc.next();
            if (r == RecordScanner::Next::OverLimit) {
                out.error_line = line + sc.record_line();
                out.message = sc.limit_message();
                return out;
            }
            if (r != RecordScanner::Next::Record) {
                if (eof) REQUIRE(r == RecordScanner::Next::End);
                break;
            }
            Rec rec{{}, line + sc.record_line(), sc.unterminated_quote()};
            for (auto f : sc.fields()) rec.fields.emplace_back(f);
            out.records.push_back(rec);
        }
        pos += sc.pos();
        line += sc.lines();
    }
    return out;
}

std::vector<Rec> by_scanner(const std::string& text, size_t split) {
    LimitRun run = scanner_limited(text, split);
    REQUIRE(run.error_line == 0);
    return run.records;
}

const std::vector<std::string>& tricky_texts() {
    static const std::vector<std::string> t = {
        "a,b\n1,2\n3,4\n",
        "a,b\r\n1,2\r\n3,4\r\n",
        "a,b\r1,2\r3,4\r",
        "a,b\n1,2\n3,4",
        "h1,h2,h3\n\"a,b\",\"say \"\"hi\"\"\",x\n\"multi\nline\",\"\",end\nlast,row,here\n",
        "h\r\n\"crlf\r\ninside\",x\r\n\"lone\rcr\"\r\nab\"c,d\"e\"\n\"q\"tail,\"\"\"\"\n",
        "\xEF\xBB\xBFid,v\n1,\"open\n",
        "x\n\n\n,\n,,\n\"\"\n",
        "a,\"b\r\n\r\nc\",\"\r\"\r\n\"\"\"\",\"x\"\"\r",
        "",
        "\n",
        "\"",
        "\"\"\"",
        "a\r",
    };
    return t;
}

// --- comparing ingest results exactly

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void require_same(const IncidentTable& a, const IncidentTable& b) {
    REQUIRE(a.size() == b.size());
    CHECK(a.day == b.day);
    CHECK(a.minute_of_day == b.minute_of_day);
    CHECK(same_bits(a.lat_deg, b.lat_deg));
    CHECK(same_bits(a.lon_deg, b.lon_deg));
    REQUIRE(a.categories.size() == b.categories.size());
    for (size_t i = 0; i < a.categories.size(); ++i) {
        INFO("category " << a.categories[i].role);
        CHECK(a.categories[i].role == b.categories[i].role);
        CHECK(a.categories[i].source_column == b.categories[i].source_column);
        CHECK(a.categories[i].dict == b.categories[i].dict);
        CHECK(a.categories[i].codes == b.categories[i].codes);
    }
    REQUIRE(a.numerics.size() == b.numerics.size());
    for (size_t i = 0; i < a.numerics.size(); ++i) {
        CHECK(a.numerics[i].role == b.numerics[i].role);
        CHECK(same_bits(a.numerics[i].values, b.numerics[i].values));
    }
}

void require_same(const IngestReport& a, const IngestReport& b) {
    CHECK(a.file == b.file);
    CHECK(a.profile_id == b.profile_id);
    CHECK(a.rows_read == b.rows_read);
    CHECK(a.rows_kept == b.rows_kept);
    CHECK(a.rows_skipped == b.rows_skipped);
    CHECK(a.blank_lines == b.blank_lines);
    CHECK(a.by_kind == b.by_kind);
    CHECK(a.unmapped_columns == b.unmapped_columns);
    REQUIRE(a.first_issues.size() == b.first_issues.size());
    for (size_t i = 0; i < a.first_issues.size(); ++i)
        CHECK(IngestReport::format_issue(a.first_issues[i]) == IngestReport::format_issue(b.first_issues[i]));
    CHECK(report_json(a) == report_json(b));
}

struct Run {
    IncidentTable table;
    std::vector<IngestReport> reports;
    size_t ids = 0;
};

// The reference: CsvReader + ingest_csv, file after file into one table.
Run serial(const std::vector<std::string>& paths, const Profile& p) {
    Run out;
    IngestState st;
    for (const auto& path : paths) {
        auto rd = CsvReader::open(path, CsvOptions{p.delimiter});
        REQUIRE(rd.ok());
        IngestReport rep;
        REQUIRE(ingest_csv(*rd.value(), p, out.table, rep, st).ok());
        out.reports.push_back(rep);
    }
    out.ids = st.seen_ids.size();
    return out;
}

Run chunked(const std::vector<std::string>& paths, const Profile& p, const IngestOptions& o) {
    Run out;
    IngestState st;
    for (const auto& path : paths) {
        IngestReport rep;
        auto s = ingest_csv_file(path, p, out.table, rep, st, o);
        REQUIRE(s.ok());
        out.reports.push_back(rep);
    }
    out.ids = st.seen_ids.size();
    return out;
}

void require_same(const Run& a, const Run& b) {
    require_same(a.table, b.table);
    REQUIRE(a.reports.size() == b.reports.size());
    for (size_t i = 0; i < a.reports.size(); ++i) require_same(a.reports[i], b.reports[i]);
    CHECK(a.ids == b.ids);
}

// Option sets that cut the text everywhere: tiny chunks and windows, whole or streamed in tiny blocks.
std::vector<IngestOptions> cutting_options() {
    std::vector<IngestOptions> out;
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{61}, size_t{1000}, size_t{1} << 20})
        for (unsigned threads : {1u, 2u, 3u})
            for (bool stream : {false, true}) {
                IngestOptions o;
                o.threads = threads;
                o.chunk_bytes = chunk;
                o.window_bytes = chunk < 100 ? 333 : size_t{8} << 20;
                if (stream) {
                    o.input.whole_limit_bytes = 0;
                    o.input.block_bytes = chunk < 100 ? 4096 : 100000;   // (4096 is the reader's least block)
                    o.input.prefetch = threads != 1;
                }
                out.push_back(o);
            }
    return out;
}

std::string temp_path(const std::string& name) { return "/tmp/cs_test_chunks_" + std::to_string(::getpid()) + "_" + name; }

const std::vector<Profile>& profiles() {
    static std::vector<Profile> ps = [] {
        auto r = load_profiles_dir(cs_test::source_dir() + "/assets/profiles");
        REQUIRE(r.ok());
        return r.value();
    }();
    return ps;
}

// The profile ingest_file would use: detected from the header, else inferred.
bool profile_for(const std::string& path, Profile& out) {
    auto h = read_header(path);
    REQUIRE(h.ok());
    if (const Profile* p = detect_profile(profiles(), h.value())) {
        out = *p;
        return true;
    }
    auto inf = infer_profile_file(path);
    if (!inf) return false;
    out = inf.value();
    return true;
}

// A synthetic export: quoted newlines (LF, CRLF, CR), doubled quotes, CRLF and LF rows, ragged rows,
// blank lines, bad dates, missing coordinates, bad numbers, duplicate ids (some of them with bad numbers).
std::string synthetic_csv(uint32_t seed, bool crlf_everywhere) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::string s = "ID,Date,Lat,Lon,Type,Note,Age\n";
    const char* types[] = {"THEFT", "BATTERY", "\"ROBBERY, ARMED\"", "ASSAULT"};
    const char* notes[] = {"plain", "\"two\nlines\"", "\"crlf\r\ninside\"", "\"say \"\"hi\"\"\"", "\"lone\rcr\"", "", "\"\"", "x\"y"};
    for (int i = 0; i < 400; ++i) {
        const int kind = pick(20);
        const std::string eol = crlf_everywhere || pick(3) == 0 ? "\r\n" : "\n";
        if (kind == 0) { s += eol; continue; }                        // blank line
        if (kind == 1) { s += "1,2,3" + eol; continue; }              // ragged
        const int id = 1000 + (kind == 2 ? pick(i + 1) : i);          // duplicates of earlier ids
        std::string row = (pick(4) == 0 ? "00" : "") + std::to_string(id) + ",";
        row += kind == 3 ? "13/45/2019 10:00" : "0" + std::to_string(1 + pick(9)) + "/1" + std::to_string(pick(9)) + "/2019 " +
                                                    std::to_string(pick(24)) + ":" + std::to_string(10 + pick(50));
        row += ",";
        row += kind == 4 ? "" : "41." + std::to_string(100000 + pick(800000));
        row += ",-87." + std::to_string(100000 + pick(800000)) + ",";
        row += types[pick(4)];
        row += ",";
        row += notes[pick(8)];
        row += ",";
        row += kind == 5 || kind == 2 ? "n/a" : std::to_string(pick(90));
        s += row + eol;
    }
    return s;
}

Profile synthetic_profile() {
    auto p = parse_profile(R"({"id": "synthetic", "display_name": "synthetic", "detect_columns": ["ID", "Note"],
        "bbox_deg": {"lat_min": 41, "lat_max": 42, "lon_min": -88, "lon_max": -87},
        "time": {"column": "Date", "formats": ["%m/%d/%Y %H:%M"]},
        "coords": {"kind": "latlon", "lat": "Lat", "lon": "Lon"},
        "categorical": {"type": "Type", "note": {"column": "Note", "collapse_spaces": true}, "id": "ID"},
        "numeric": {"age": "Age"},
        "dedupe": {"column": "ID", "strip_leading_zeros": true}})", "synthetic.json");
    REQUIRE(p.ok());
    return p.value();
}

}  // namespace

TEST_CASE("csv chunks: the scanner reads what CsvReader reads, at every buffer split", "[csv][chunks]") {
    for (const auto& text : tricky_texts()) {
        INFO("text: " << text);
        const auto expected = by_reader(text);
        for (size_t split = 0; split <= text.size(); ++split) {
            INFO("split " << split);
            REQUIRE(by_scanner(text, split) == expected);
        }
    }
}

TEST_CASE("csv chunks: a guessed record start follows the next line end", "[csv][chunks]") {
    const std::string t = "ab\r\ncd\ref\n";
    CHECK(guess_record_start(t.data(), t.size(), 0) == 4);
    CHECK(guess_record_start(t.data(), t.size(), 3) == 4);   // inside CR LF
    CHECK(guess_record_start(t.data(), t.size(), 4) == 7);
    CHECK(guess_record_start(t.data(), t.size(), 8) == 10);
    CHECK(guess_record_start(t.data(), t.size(), 10) == 10);
}

TEST_CASE("csv chunks: KeySet is an exact set", "[ingest][chunks]") {
    KeySet s;
    std::vector<std::string> keys;
    for (int i = 0; i < 50000; ++i) keys.push_back(std::to_string(i * 7919 % 100003));
    keys.push_back("");
    keys.push_back(std::string("a\0b", 3));
    keys.push_back(std::string("a\0c", 3));
    std::set<std::string> ref;
    for (const auto& k : keys) REQUIRE(s.insert(k) == ref.insert(k).second);
    for (const auto& k : keys) REQUIRE(!s.insert(k));
    CHECK(s.size() == ref.size());
    CHECK(!s.contains("not there"));
}

TEST_CASE("csv chunks: chunked ingest equals the serial ingest on a synthetic file cut everywhere", "[ingest][chunks]") {
    const Profile p = synthetic_profile();
    for (uint32_t seed : {1u, 2u, 3u}) {
        for (bool crlf : {false, true}) {
            std::string text = synthetic_csv(seed, crlf);
            if (seed == 3) text = "\xEF\xBB\xBF" + text + "99999,01/01/2019 1:00,41.5,-87.5,THEFT,\"never closed\n,3\n";
            const std::string path = temp_path("synthetic.csv");
            REQUIRE(write_file_atomic(path, text).ok());
            const std::string gz_path = temp_path("synthetic.csv.gz");
            auto gz = gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
            REQUIRE(write_file_atomic(gz_path, gz.data(), gz.size()).ok());
            for (const auto& f : {path, gz_path}) {
                const Run ref = serial({f}, p);
                CHECK(ref.reports[0].by_kind[size_t(IssueKind::Duplicate)] > 0);
                CHECK(ref.reports[0].by_kind[size_t(IssueKind::BadNumber)] > 0);
                CHECK(ref.reports[0].by_kind[size_t(IssueKind::RaggedRow)] > 0);
                for (const auto& o : cutting_options()) {
                    INFO(f << " seed " << seed << " chunk " << o.chunk_bytes << " threads " << o.threads << " streamed "
                           << (o.input.whole_limit_bytes == 0));
                    require_same(chunked({f}, p, o), ref);
                }
            }
            // Two files as one table: dedupe across them.
            require_same(chunked({path, gz_path}, p, IngestOptions{}), serial({path, gz_path}, p));
            std::remove(path.c_str());
            std::remove(gz_path.c_str());
        }
    }
}

TEST_CASE("csv chunks: a report keeps the first issues in file order when duplicates drop bad numbers", "[ingest][chunks]") {
    // Only duplicates with bad numbers and later permanent issues: the kept list must not lose the later ones.
    const Profile p = synthetic_profile();
    std::string text = "ID,Date,Lat,Lon,Type,Note,Age\n";
    for (int i = 0; i < 60; ++i) text += "1,01/01/2019 1:00,41.5,-87.5,THEFT,x,bad\n";   // 1 kept + 59 duplicates
    for (int i = 0; i < 60; ++i) text += std::to_string(100 + i) + ",01/01/2019 1:00,,-87.5,THEFT,x,1\n";
    const std::string path = temp_path("dups.csv");
    REQUIRE(write_file_atomic(path, text).ok());
    const Run ref = serial({path}, p);
    for (const auto& o : cutting_options()) require_same(chunked({path}, p, o), ref);
    std::remove(path.c_str());
}

TEST_CASE("csv chunks: chunked ingest equals the serial ingest on every committed fixture", "[ingest][chunks]") {
    const std::vector<std::string> files = {
        "incidents/atlanta_cobra_2019_dec_sample.csv", "incidents/cdmx_carjacking_sample.csv",
        "incidents/chicago_assaults_sample.csv",       "incidents/chicago_portal_sample.csv",
        "incidents/chicago_xy_latlon_sample.csv",      "incidents/chicago_xy_only_sample.csv",
        "incidents/homicides_2015_sample.csv",         "incidents/houston_sample.csv",
        "incidents/lapd_bdsj_sample.csv",              "incidents/lapd_ivanco_sample.csv",
        "incidents/london_city_2020_01_sample.csv",    "incidents/nyc_shootings_sample.csv",
        "incidents/sacramento_sample.csv",             "incidents/sf_incident_reports_2018_12_sample.csv",
        "incidents/sf_point_only_sample.csv",          "incidents/sf_robbery_sample.csv",
        "incidents/vancouver_sample.csv",              "bad/houston_bad_rows.csv"};
    for (const auto& rel : files) {
        const std::string path = cs_test::fixture(rel);
        if (!cs_test::exists(path)) continue;
        INFO(rel);
        Profile p;
        if (!profile_for(path, p)) continue;
        if (p.coords.kind == CoordSpec::Kind::Address) continue;   // serial by design
        const Run ref = serial({path}, p);
        for (size_t chunk : {size_t{13}, size_t{500}, size_t{1} << 20}) {
            IngestOptions o;
            o.threads = 2;
            o.chunk_bytes = chunk;
            o.window_bytes = chunk < 100 ? 2000 : size_t{8} << 20;
            INFO("chunk " << chunk);
            require_same(chunked({path}, p, o), ref);
            o.input.whole_limit_bytes = 0;
            o.input.block_bytes = 4096;
            require_same(chunked({path}, p, o), ref);
        }
    }
}

TEST_CASE("csv chunks: the shared Chicago all-types files, chunked equals serial", "[ingest][chunks][shared]") {
    const std::string dir = cs_test::shared_data("incidents/chicago/all_types/");
    const std::vector<std::string> names = {"crimes_2014.csv.gz", "crimes_2015.csv.gz", "crimes_2016.csv.gz", "crimes_2017.csv.gz",
                                            "crimes_2018-01_2018-08.csv.gz"};
    if (!cs_test::exists(dir + names.back())) {
        CS_SKIP("../shared/data not present; the Chicago all-types files are not checked");
        return;
    }
    const Profile* p = nullptr;
    for (const auto& q : profiles())
        if (q.id == "chicago_portal") p = &q;
    REQUIRE(p);
    // Always: the 2018 file (178k rows), default chunks, and streamed in 1 MiB blocks.
    {
        const std::vector<std::string> one = {dir + names.back()};
        const Run ref = serial(one, *p);
        CHECK(ref.reports[0].rows_read == 177734);
        require_same(chunked(one, *p, IngestOptions{}), ref);
        IngestOptions o;
        o.input.whole_limit_bytes = 0;
        o.input.block_bytes = size_t{1} << 20;
        o.chunk_bytes = size_t{1} << 18;
        require_same(chunked(one, *p, o), ref);
    }
    // All five as one table (1.25 M rows, a minute or more in a sanitizer build): CRIMESCOPE_HEAVY_TESTS=1.
    const char* heavy = std::getenv("CRIMESCOPE_HEAVY_TESTS");
    if (!heavy || std::string(heavy) != "1") {
        WARN("the five-file check runs with CRIMESCOPE_HEAVY_TESTS=1 (the 2018 file was checked)");
        return;
    }
    std::vector<std::string> all;
    for (const auto& n : names) all.push_back(dir + n);
    const Run ref = serial(all, *p);
    long rows = 0;
    for (const auto& r : ref.reports) rows += r.rows_read;
    CHECK(rows == 1253468);
    require_same(chunked(all, *p, IngestOptions{}), ref);
}

TEST_CASE("csv chunks: gzip of several MiB (several members natively) reads back whole, streamed or not", "[csv][chunks]") {
    std::string text = "ID,Date,Lat,Lon,Type,Note,Age\n";
    for (int i = 0; text.size() < (size_t{3} << 20) + 12345; ++i)
        text += std::to_string(5000 + i) + ",01/02/2019 3:04,41.5,-87.5,THEFT,\"n\nm\",7\n";
    auto gz = gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    auto back = gunzip(gz.data(), gz.size(), "m.gz");
    REQUIRE(back.ok());
    REQUIRE(std::string(back->begin(), back->end()) == text);
    const std::string path = temp_path("big.csv.gz");
    REQUIRE(write_file_atomic(path, gz.data(), gz.size()).ok());
    const Profile p = synthetic_profile();
    const Run ref = serial({path}, p);
    CHECK(ref.reports[0].rows_kept > 50000);
    IngestOptions streamed;
    streamed.input.whole_limit_bytes = 1 << 20;   // over the limit: zlib in blocks, across the members
    require_same(chunked({path}, p, streamed), ref);
    require_same(chunked({path}, p, IngestOptions{}), ref);
    std::remove(path.c_str());
}

// ---------------------------------------------------------------------------------------------------
// The record limits (csv_reader.hpp): both readers stop at the same record with the same message.

namespace {

LimitRun reader_limited(const std::string& text, size_t max_bytes, size_t max_fields) {
    auto r = CsvReader::from_memory("m.csv", reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                    CsvOptions{',', max_bytes, max_fields});
    REQUIRE(r.ok());
    LimitRun out;
    while (r.value()->next_record()) {
        Rec rec{{}, r.value()->record_line(), r.value()->unterminated_quote()};
        for (auto f : r.value()->fields()) rec.fields.emplace_back(f);
        out.records.push_back(rec);
    }
    if (const Error* e = r.value()->error()) {
        out.error_line = e->line;
        out.message = e->message;
        CHECK(e->file == "m.csv");
    }
    return out;
}

}  // namespace

TEST_CASE("csv limits: a record over the byte or field limit stops both readers at the same line, at every split", "[csv][chunks][limits]") {
    constexpr size_t kBytes = 16, kFields = 4;
    std::vector<std::string> texts;
    for (size_t n = 13; n <= 19; ++n) {
        const std::string plain(n, 'x');
        for (const char* le : {"\n", "\r\n", "\r", ""}) {
            texts.push_back("h\n" + plain + le + (std::strlen(le) ? "after\n" : ""));
            // quoted, with a quoted line end and a doubled quote inside: the quotes count as text
            std::string q = "\"" + std::string(n > 8 ? n - 8 : 1, 'q') + "\r\n\"\"a\"";
            texts.push_back("h\n" + q + le + (std::strlen(le) ? "z\n" : ""));
            texts.push_back("h\n" + q + "," + std::string(n % 5, 'y') + le);
        }
        texts.push_back("h\n\"never closed " + plain + "\n");   // an unclosed quote to the end
    }
    texts.push_back("h\naaaa,bbbb,cccc,d,e\n");             // the 4th delimiter is byte 17: too long first
    texts.push_back("h\na,b,c,d,e\n");                       // 9 bytes, 5 fields: too many fields
    texts.push_back("h\naaaaaaaaaaaaaaa,b,c,d,e\n");         // the byte limit inside a field before the fields
    texts.push_back("h\n\"q,\"\",\"\",\"\",\"x\"\n");          // quoted fields: the 5th opens a quote
    texts.push_back("a,b,c,d\n1,2,3,4\n1,2,3,4,5\n6\n");   // one field too many on line 3
    texts.push_back("a,b,c,d\n,,,\n,,,,\n");
    texts.push_back("a,b,c,d,e\n1\n");                     // the header itself
    int errors = 0;
    for (const auto& text : texts) {
        INFO("text: " << text);
        const LimitRun want = reader_limited(text, kBytes, kFields);
        if (want.error_line) ++errors;
        for (size_t split = 0; split <= text.size(); ++split) {
            INFO("split " << split);
            REQUIRE(scanner_limited(text, split, kBytes, kFields) == want);
        }
    }
    CHECK(errors > 20);
    // The boundary itself: 16 bytes pass, 17 do not, the line end not counted.
    CHECK(reader_limited("h\n" + std::string(16, 'x') + "\r\n", kBytes, kFields).error_line == 0);
    const LimitRun over = reader_limited("h\n1\n" + std::string(17, 'x') + "\r\nlast\n", kBytes, kFields);
    CHECK(over.error_line == 3);
    CHECK(over.records.size() == 2);
    CHECK(over.message.find("longer than 16 bytes") != std::string::npos);
    CHECK(reader_limited("a,b,c,d,e\n", kBytes, kFields).message.find("more than 4 fields") != std::string::npos);
}

TEST_CASE("csv limits: a record over 1 MiB fails the serial and the chunked ingest with its file and line", "[ingest][chunks][limits]") {
    const Profile p = synthetic_profile();
    const std::string rest = synthetic_csv(5, false);
    const std::string text = "ID,Date,Lat,Lon,Type,Note,Age\n1,01/02/2019 1:00,41.5,-87.5,THEFT,plain,3\n"   // line 3:
                             "2,01/01/2019 1:00,41.5,-87.5,THEFT,\"" + std::string(kMaxCsvRecordBytes, 'n') + "\",3\n" +
                             rest.substr(rest.find('\n') + 1);
    const std::string path = temp_path("too_long.csv");
    REQUIRE(write_file_atomic(path, text).ok());
    auto rd = CsvReader::open(path, CsvOptions{p.delimiter});
    REQUIRE(rd.ok());
    IncidentTable t;
    IngestReport rep;
    IngestState st;
    const auto serial_st = ingest_csv(*rd.value(), p, t, rep, st);
    REQUIRE(!serial_st.ok());
    CHECK(serial_st.error().file == path);
    CHECK(serial_st.error().line == 3);
    CHECK(serial_st.error().message.find("longer than 1048576 bytes") != std::string::npos);
    std::vector<IngestOptions> opts(3);
    opts[1].chunk_bytes = 1000;
    opts[1].window_bytes = 333;
    opts[2].input.whole_limit_bytes = 0;
    opts[2].input.block_bytes = 65536;
    for (const auto& o : opts) {
        IncidentTable t2;
        IngestReport rep2;
        IngestState st2;
        const auto s = ingest_csv_file(path, p, t2, rep2, st2, o);
        REQUIRE(!s.ok());
        CHECK(s.error().file == path);
        CHECK(s.error().line == 3);
        CHECK(s.error().message == serial_st.error().message);
    }
    std::remove(path.c_str());
}

TEST_CASE("csv limits: the gzip bomb (97 KB inflating to one 100 MB record) is refused at its first line", "[ingest][limits]") {
    const std::string bomb = cs_test::fixture("bad/csv_gzip_bomb_one_record.csv.gz");
    auto r = ingest_file(bomb, {}, nullptr, {}, {});
    REQUIRE(!r.ok());
    CHECK(r.error().line == 1);
    CHECK(r.error().message.find("longer than 1048576 bytes") != std::string::npos);
    auto rd = CsvReader::open(bomb);
    REQUIRE(rd.ok());
    CHECK(!rd.value()->next_record());
    REQUIRE(rd.value()->error() != nullptr);
    CHECK(rd.value()->error()->line == 1);
}

TEST_CASE("csv limits: a truncated gzip file is an error after its whole records, not a quiet end", "[csv][limits]") {
    std::string text = "a,b\n";
    for (int i = 0; i < 20000; ++i) text += std::to_string(i) + "," + std::to_string(i * 7) + "\n";
    auto gz = gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    gz.resize(gz.size() * 2 / 3);
    const std::string path = temp_path("truncated.csv.gz");
    REQUIRE(write_file_atomic(path, gz.data(), gz.size()).ok());
    auto rd = CsvReader::open(path);
    REQUIRE(rd.ok());
    long records = 0;
    while (rd.value()->next_record()) ++records;
    CHECK(records > 0);
    CHECK(records < 20001);
    REQUIRE(rd.value()->error() != nullptr);
    CHECK(rd.value()->error()->kind == ErrorKind::Corrupt);
    CHECK(rd.value()->error()->file == path);
    std::remove(path.c_str());
}

TEST_CASE("csv chunks: the report only (keep_rows false) gives the same report and date range, and no rows", "[ingest][chunks]") {
    const Profile p = synthetic_profile();
    const std::string text = synthetic_csv(7, false);
    const std::string path = temp_path("report_only.csv");
    REQUIRE(write_file_atomic(path, text).ok());
    const std::string path2 = temp_path("report_only_2.csv");   // the same rows again: all duplicates
    REQUIRE(write_file_atomic(path2, text).ok());
    for (const auto& o : cutting_options()) {
        if (o.chunk_bytes == 1) continue;   // (a byte per chunk is covered above)
        INFO("chunk " << o.chunk_bytes << " threads " << o.threads << " streamed " << (o.input.whole_limit_bytes == 0));
        IngestOptions kept = o, counted = o;
        counted.keep_rows = false;
        auto a = ingest_files({path, path2}, {}, &p, {}, kept);
        auto b = ingest_files({path, path2}, {}, &p, {}, counted);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(b->table.size() == 0);
        CHECK(a->table.size() == static_cast<size_t>(a->report.rows_kept));
        require_same(a->report, b->report);
        CHECK(a->first_day == b->first_day);
        CHECK(a->last_day == b->last_day);
        CHECK(a->first_day < a->last_day);
        CHECK(result_json(a.value()) == result_json(b.value()));
    }
    std::remove(path.c_str());
    std::remove(path2.c_str());
}

TEST_CASE("csv chunks: more rows kept than max_rows_kept is an error naming the file, in every cutting", "[ingest][chunks][limits]") {
    const Profile p = synthetic_profile();
    const std::string path = temp_path("max_rows.csv");
    std::string text = synthetic_csv(8, false);
    long last_line = 1;   // line ends as CsvReader counts them (CR LF once, a lone CR once, LF once)
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++last_line;
    text += "99999,01/01/2019 1:00,41.5,-87.5,THEFT,plain,3\n";
    REQUIRE(write_file_atomic(path, text).ok());
    auto all = ingest_files({path}, {}, &p, {}, IngestOptions{});
    REQUIRE(all.ok());
    const size_t kept = all->table.size();
    REQUIRE(kept > 10);
    // The last row kept is the one appended at line `over_line`: past a limit of kept - 1, the error names it.
    const long over_line = last_line;
    for (auto o : cutting_options()) {
        if (o.chunk_bytes == 1) continue;
        INFO("chunk " << o.chunk_bytes << " threads " << o.threads);
        o.max_rows_kept = kept;
        auto at = ingest_files({path}, {}, &p, {}, o);
        REQUIRE(at.ok());
        CHECK(at->table.size() == kept);
        o.max_rows_kept = kept - 1;
        auto over = ingest_files({path}, {}, &p, {}, o);
        REQUIRE(!over.ok());
        CHECK(over.error().file == path);
        CHECK(over.error().line == over_line);
        CHECK(over.error().message == too_many_rows_message(kept - 1));
        o.keep_rows = false;   // the report only: no limit on what is not held
        CHECK(ingest_files({path}, {}, &p, {}, o).ok());
    }
    std::remove(path.c_str());
}
