// bench_score_core: the same score workload compiled natively and to WASM (run under node), to compare the
// two builds: heat grid 256x256 (200 m / 365 d, one thread) and 10,000 radius counts on the Chicago pack.
//   native: build/native-release/crimescope_bench_core   wasm: node build/web-tests/crimescope_bench_core.js
#include <chrono>
#include <cstdio>
#include <random>

#include "data/pack.hpp"
#include "index/geo_index.hpp"
#include "score/heat_grid.hpp"
#include "score/radius_score.hpp"

using namespace crimescope;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::string pack = argc > 1 ? argv[1] : std::string(CS_SOURCE_DIR) + "/assets/packs/chicago.cspack";
    auto t0 = Clock::now();
    auto city = data::load_pack(pack);
    if (!city) { std::fprintf(stderr, "error: %s\n", city.error().to_string().c_str()); return 1; }
    const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto& t = city->incidents;
    t0 = Clock::now();
    index::GeoIndex idx(t);
    const double build_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto year = score::window_of(t.day.back(), 365);
    std::vector<uint32_t> rows;
    for (uint32_t i = 0; i < t.size(); ++i)
        if (year.contains(t.day[i])) rows.push_back(i);
    geo::BBox box = t.bbox();
    double best_heat = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
        t0 = Clock::now();
        auto g = score::heat_grid(t, rows, 200, box, 256, 256, 1);
        best_heat = std::min(best_heat, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::mt19937 rng(3);
    uint64_t total = 0;
    t0 = Clock::now();
    for (int q = 0; q < 10000; ++q) {
        size_t r = rng() % t.size();   // not uniform_int_distribution: its output differs between libstdc++ and libc++
        total += idx.count_within({t.lat_deg[r], t.lon_deg[r]}, 200, year);
    }
    const double radius_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("bench score core (%s): pack load %.3f s, index build %.3f s, heat grid 256x256 1 thread %.3f s, "
                "10k radius counts %.3f s (%.0f q/s), checksum %llu\n",
                CS_TARGET_NAME, load_s, build_s, best_heat, radius_s, 10000 / radius_s, static_cast<unsigned long long>(total));
    return 0;
}
