// Tests for base/file_io: gzip round trips, the inflated-size limit of a file read whole, atomic writes.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

#include "base/file_io.hpp"

using namespace crimescope;

namespace {
std::string temp_path(const std::string& name) { return "/tmp/cs_test_file_io_" + std::to_string(::getpid()) + "_" + name; }
}  // namespace

TEST_CASE("file_io: gzip round trip, several members included", "[file_io]") {
    std::string text;
    for (int i = 0; i < 300000; ++i) text += std::to_string(i * 31 % 977) + ",";   // ~1.2 MB: two members natively
    const auto gz = gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    auto back = gunzip(gz.data(), gz.size(), "t.gz");
    REQUIRE(back.ok());
    CHECK(std::string(back->begin(), back->end()) == text);
}

TEST_CASE("file_io: a gzip text past the limit is refused with its name, not inflated whole", "[file_io][limits]") {
    const std::vector<uint8_t> zeros(size_t{4} << 20, 0);
    const auto gz = gzip(zeros.data(), zeros.size());
    CHECK(gz.size() < 100000);
    bool over = false;
    auto r = gunzip_whole(gz.data(), gz.size(), "bomb.gz", size_t{1} << 20, &over);
    REQUIRE(!r.ok());
    CHECK(over);
    CHECK(r.error().file == "bomb.gz");
    CHECK(r.error().message.find("inflates past 1048576 bytes") != std::string::npos);
    auto ok = gunzip_whole(gz.data(), gz.size(), "bomb.gz", size_t{8} << 20, &over);
    REQUIRE(ok.ok());
    CHECK(!over);
    CHECK(ok->size() == zeros.size());
#ifdef __EMSCRIPTEN__
    CHECK(kMaxWholeFileBytes == size_t{256} << 20);
    CHECK(whole_file_limit_text().find("256 MiB") == 0);
#else
    CHECK(kMaxWholeFileBytes == size_t{1} << 30);
    CHECK(whole_file_limit_text().find("1024 MiB") == 0);
#endif
}

TEST_CASE("file_io: truncated and garbage gzip are Corrupt errors naming the file", "[file_io]") {
    std::string text(200000, 'a');
    for (size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('a' + i % 23);
    auto gz = gzip(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    gz.resize(gz.size() / 2);
    auto r = gunzip(gz.data(), gz.size(), "half.gz");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::Corrupt);
    CHECK(r.error().file == "half.gz");
    const std::string path = temp_path("half.csv.gz");
    REQUIRE(write_file_atomic(path, gz.data(), gz.size()).ok());
    auto m = read_file_maybe_gzip(path);
    REQUIRE(!m.ok());
    CHECK(m.error().file == path);
    std::remove(path.c_str());
}

#ifndef __EMSCRIPTEN__
#include <fstream>
#include <sys/wait.h>

TEST_CASE("file_io: a save removes the temporary files of saves killed before it, not those of live processes", "[file_io]") {
    const std::string target = temp_path("saved.json");
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    REQUIRE(child > 0);
    int status = 0;
    ::waitpid(child, &status, 0);   // now a pid with no process
    const std::string dead = temp_save_name(target, child, 0);
    const std::string live = temp_save_name(target, ::getppid(), 3);
    const std::string other = target + ".tmp-notes";
    const std::string elsewhere = target + ".tmp-" + std::to_string(child) + "-1.another-machine";   // its PIDs are not ours
    for (const auto& f : {dead, live, other, elsewhere}) std::ofstream(f) << "half";
    REQUIRE(write_file_atomic(target, std::string("{\"whole\": true}")).ok());
    CHECK(!std::ifstream(dead).good());
    CHECK(std::ifstream(live).good());
    CHECK(std::ifstream(other).good());
    CHECK(std::ifstream(elsewhere).good());
    auto back = read_file_bytes(target);
    REQUIRE(back.ok());
    CHECK(std::string(back->begin(), back->end()) == "{\"whole\": true}");
    for (const auto& f : {target, live, other, elsewhere}) std::remove(f.c_str());
}
#endif
