// cmd_bench: benchmarks that print figures (never timed assertions in tests).
//   bench ingest: CSV(s) -> table rows/s and MB/s (every core and one thread), with `zcat | wc -l` and an
//   in-process inflate + line count over the same files as the baselines in the same run; pack encode / load.
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "base/parallel.hpp"
#include <algorithm>
#include <cmath>
#include "commands.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "index/geo_index.hpp"
#include "score/heat_grid.hpp"
#include "score/radius_score.hpp"
#include <random>

namespace crimescope::cli {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
}  // namespace

void register_bench_score(CLI::App& bench, Context& ctx);

void register_bench(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("bench", "Benchmarks (print figures)");
    register_bench_score(*cmd, ctx);
    register_bench_link(*cmd, ctx);
    register_bench_classify(*cmd, ctx);
    register_bench_geocode(*cmd, ctx);
    auto* ingest = cmd->add_subcommand("ingest", "CSV(s) -> table rows/s and MB/s against `zcat | wc -l` on the same input, pack times");
    static std::vector<std::string> csvs;
    static std::string profile_id;
    static int reps = 3;
    static unsigned threads = 0;
    ingest->add_option("--csv", csvs, "input CSV (repeat for several files read as one table; default: the Chicago assaults file)");
    ingest->add_option("--profile", profile_id, "profile id (default: detected from the header)");
    ingest->add_option("--reps", reps, "repetitions (best is reported)")->capture_default_str();
    ingest->add_option("--threads", threads, "parsing threads (0 = every core)")->capture_default_str();
    ingest->callback([&ctx] {
        if (csvs.empty()) csvs = {"../shared/data/incidents/chicago/chicago_aggravated_assaults_2010_2019.csv.gz"};
        auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
        if (!profiles) { std::fprintf(stderr, "error: %s\n", profiles.error().to_string().c_str()); ctx.exit_code = 2; return; }
        const data::Profile* prof = nullptr;
        if (!profile_id.empty()) {
            for (const auto& p : profiles.value())
                if (p.id == profile_id) prof = &p;
            if (!prof) { std::fprintf(stderr, "error: no profile %s\n", profile_id.c_str()); ctx.exit_code = 2; return; }
        }
        std::string quoted;
        uint64_t gz_bytes = 0;
        for (const auto& c : csvs) {
            quoted += " '" + c + "'";
            if (FILE* f = std::fopen(c.c_str(), "rb")) {
                std::fseek(f, 0, SEEK_END);
                gz_bytes += static_cast<uint64_t>(std::max(0L, std::ftell(f)));
                std::fclose(f);
            } else {
                std::fprintf(stderr, "error: %s: cannot open\n", c.c_str());
                ctx.exit_code = 1;
                return;
            }
        }
        double best_zcat = 1e9, best_base = 1e9, best_ingest = 1e9, best_serial = 1e9, best_encode = 1e9, best_load = 1e9, best_load_gz = 1e9;
        long rows = 0, kept = 0;
        uint64_t text_bytes = 0;
        std::string tmp = "/tmp/crimescope-bench-" + std::to_string(::getpid()) + ".cspack";
        std::string scale_line;
        data::IngestOptions opts;
        opts.threads = threads;
        data::IngestOptions serial = opts;
        serial.threads = 1;
        for (int r = 0; r < reps; ++r) {
            // Baseline 1: the shell's `zcat FILES | wc -l` (what "at the speed of the disk" is measured against).
            auto t0 = Clock::now();
            const std::string cmdline = "zcat -f" + quoted + " | wc -l > /dev/null";
            if (std::system(cmdline.c_str()) != 0) { std::fprintf(stderr, "error: %s failed\n", cmdline.c_str()); ctx.exit_code = 1; return; }
            best_zcat = std::min(best_zcat, seconds_since(t0));
            // Baseline 2: zlib inflate and line count in this process.
            t0 = Clock::now();
            text_bytes = 0;
            for (const auto& c : csvs) {
                gzFile gz = gzopen(c.c_str(), "rb");
                if (!gz) { std::fprintf(stderr, "error: %s: cannot open\n", c.c_str()); ctx.exit_code = 1; return; }
                static char buf[1 << 16];
                long lines = 0;
                int n;
                while ((n = gzread(gz, buf, sizeof buf)) > 0) {
                    text_bytes += static_cast<uint64_t>(n);
                    for (int i = 0; i < n; ++i) lines += buf[i] == '\n';
                }
                gzclose(gz);
            }
            best_base = std::min(best_base, seconds_since(t0));
            // Ingest (chunked, every core), and the same on one thread.
            t0 = Clock::now();
            auto res = data::ingest_files(csvs, profiles.value(), prof, {}, opts);
            if (!res) { std::fprintf(stderr, "error: %s\n", res.error().to_string().c_str()); ctx.exit_code = 1; return; }
            best_ingest = std::min(best_ingest, seconds_since(t0));
            rows = res->report.rows_read;
            kept = res->report.rows_kept;
            t0 = Clock::now();
            {
                auto one = data::ingest_files(csvs, profiles.value(), prof, {}, serial);
                if (!one) { std::fprintf(stderr, "error: %s\n", one.error().to_string().c_str()); ctx.exit_code = 1; return; }
            }
            best_serial = std::min(best_serial, seconds_since(t0));
            data::sort_by_time(res->table);
            if (r == reps - 1 && !res->table.day.empty()) {   // the pack's score scale: bucketed vs one query per incident
                index::GeoIndex idx(res->table);
                const int32_t as_of = res->table.day.back();
                t0 = Clock::now();
                auto fast = score::compute_scale(res->table, idx, as_of, {}, {}, 250);
                const double fast_s = seconds_since(t0);
                t0 = Clock::now();
                auto ref = score::compute_scale_reference(res->table, idx, as_of, {}, {}, 250);
                const double ref_s = seconds_since(t0);
                scale_line = "  score scale 200 m / 365 d   : " + std::to_string(fast_s).substr(0, 6) + " s bucketed, " +
                             std::to_string(ref_s).substr(0, 6) + " s with one radius query per incident (" +
                             std::to_string(ref_s / std::max(fast_s, 1e-9)).substr(0, 5) + "x); C_max " +
                             std::to_string(fast.count_max) + ", " + std::to_string(fast.place_counts.size()) + " places; " +
                             (fast.count_max == ref.count_max && fast.place_counts == ref.place_counts ? "equal" : "DIFFERENT");
            }
            data::CityData city;
            city.id = "bench";
            city.incidents = std::move(res->table);
            t0 = Clock::now();
            auto bytes = data::encode_pack(city);
            best_encode = std::min(best_encode, seconds_since(t0));
            (void)write_file_atomic(tmp, bytes.data(), bytes.size());
            t0 = Clock::now();
            auto loaded = data::load_pack(tmp);
            best_load = std::min(best_load, seconds_since(t0));
            (void)data::write_pack(tmp + ".gz", city, true);
            t0 = Clock::now();
            auto loaded_gz = data::load_pack(tmp + ".gz");
            best_load_gz = std::min(best_load_gz, seconds_since(t0));
            if (!loaded || !loaded_gz) { std::fprintf(stderr, "error: reload failed\n"); ctx.exit_code = 1; return; }
        }
        const double mb = static_cast<double>(text_bytes) / 1e6, gz_mb = static_cast<double>(gz_bytes) / 1e6;
        std::printf("bench ingest: %zu file(s), %ld rows (%ld kept), %.1f MB of text (%.1f MB on disk), %u cores, best of %d\n",
                    csvs.size(), rows, kept, mb, gz_mb, worker_count(), reps);
        std::printf("  zcat | wc -l (shell)         : %8.3f s  %10.0f rows/s  %7.1f MB/s\n", best_zcat, rows / best_zcat, mb / best_zcat);
        std::printf("  zlib inflate + line count    : %8.3f s  %10.0f rows/s  %7.1f MB/s\n", best_base, rows / best_base, mb / best_base);
        std::printf("  ingest, every core           : %8.3f s  %10.0f rows/s  %7.1f MB/s  (%.2fx the zcat | wc -l time)\n",
                    best_ingest, rows / best_ingest, mb / best_ingest, best_ingest / best_zcat);
        std::printf("  ingest, one thread           : %8.3f s  %10.0f rows/s  %7.1f MB/s  (%.2fx)\n", best_serial, rows / best_serial,
                    mb / best_serial, best_serial / best_zcat);
        std::printf("%s\n", scale_line.c_str());
        std::printf("  table -> pack bytes          : %8.3f s\n", best_encode);
        std::printf("  pack load (raw)              : %8.4f s\n", best_load);
        std::printf("  pack load (gzip)             : %8.4f s  (%.0fx faster than CSV ingest)\n", best_load_gz,
                    best_ingest / best_load_gz);
        std::remove(tmp.c_str());
        std::remove((tmp + ".gz").c_str());
    });
}

namespace {

// Jittered copies (up to jitter_m) of the table's rows until it has n rows (bench scale-up).
data::IncidentTable jittered(const data::IncidentTable& t, size_t n, double jitter_m, uint32_t seed) {
    data::IncidentTable out;
    out.reserve(n);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    const double dlat = jitter_m / 111195.0;
    for (size_t i = 0; i < n; ++i) {
        size_t r = i % t.size();
        double dlon = dlat / std::cos(t.lat_deg[r] * geo::kPi / 180);
        out.day.push_back(t.day[r]);
        out.minute_of_day.push_back(t.minute_of_day[r]);
        out.lat_deg.push_back(static_cast<float>(t.lat_deg[r] + dlat * u(rng)));
        out.lon_deg.push_back(static_cast<float>(t.lon_deg[r] + dlon * u(rng)));
    }
    return out;
}

void bench_score(const std::string& pack, const std::string& packs_dir, int queries) {
    auto city = data::load_pack_by_id_or_path(pack, packs_dir);
    if (!city) { std::fprintf(stderr, "error: %s\n", city.error().to_string().c_str()); return; }
    const auto& t = city->incidents;
    auto t0 = Clock::now();
    index::GeoIndex idx(t);
    double build_s = seconds_since(t0);
    const int32_t as_of = t.day.back();
    const index::DayRange year = score::window_of(as_of, 365), month = score::window_of(as_of, 30);
    std::mt19937 rng(5);
    std::uniform_int_distribution<size_t> pick(0, t.size() - 1);
    std::uniform_real_distribution<double> jit(-0.002, 0.002);
    std::vector<geo::LatLon> qs;
    for (int i = 0; i < queries; ++i) {
        size_t r = pick(rng);
        qs.push_back({t.lat_deg[r] + jit(rng), t.lon_deg[r] + jit(rng)});
    }
    std::printf("bench score: %s, %zu incidents, as of %s; index build %.3f s\n", city->display_name.c_str(), t.size(),
                format_day(as_of).c_str(), build_s);
    // Radius counts (200 m, 365 d) and 10-NN (30 d): index vs brute force on the same queries.
    std::vector<uint32_t> ci(qs.size()), cb(qs.size());
    std::vector<std::vector<index::Neighbour>> ni(qs.size()), nb(qs.size());
    t0 = Clock::now();
    for (size_t q = 0; q < qs.size(); ++q) ci[q] = idx.count_within(qs[q], 200, year);
    double ti = seconds_since(t0);
    t0 = Clock::now();
    for (size_t q = 0; q < qs.size(); ++q) ni[q] = idx.nearest(qs[q], 10, month);
    double tn = seconds_since(t0);
    const size_t brute_n = qs.size();   // every query is checked against brute force
    t0 = Clock::now();
    for (size_t q = 0; q < brute_n; ++q) cb[q] = index::brute_count_within(t, qs[q], 200, year);
    double tb = seconds_since(t0);
    t0 = Clock::now();
    for (size_t q = 0; q < brute_n; ++q) nb[q] = index::brute_nearest(t, qs[q], 10, month);
    double tbn = seconds_since(t0);
    size_t count_agree = 0, nn_agree = 0;
    for (size_t q = 0; q < brute_n; ++q) {
        count_agree += ci[q] == cb[q];
        bool same = ni[q].size() == nb[q].size();
        for (size_t k = 0; same && k < ni[q].size(); ++k) same = std::fabs(ni[q][k].dist_m - nb[q][k].dist_m) < 1e-6;
        nn_agree += same;
    }
    double qi = qs.size() / ti, qb = brute_n / tb, qn = qs.size() / tn, qbn = brute_n / tbn;
    std::printf("  radius count 200 m / 365 d : index %10.0f q/s, brute force %8.0f q/s, %6.0fx; agree %zu/%zu\n", qi, qb, qi / qb, count_agree, brute_n);
    std::printf("  10 nearest, last 30 days   : index %10.0f q/s, brute force %8.0f q/s, %6.0fx; agree %zu/%zu\n", qn, qbn, qn / qbn, nn_agree, brute_n);
    {   // The pack's score scale (C_max and the place grid), as `pack` computes it.
        const auto& area = city->boundaries.empty() ? std::vector<data::BoundaryPolygon>{} : city->boundaries.front().polygons;
        t0 = Clock::now();
        auto scale = score::compute_scale(t, idx, as_of, {}, area, 250);
        std::printf("  score scale (C_max %u, %zu places on a 250 m grid): %.3f s\n", scale.count_max, scale.place_counts.size(),
                    seconds_since(t0));
    }
    // Heat grid 256 x 256, 200 m / 365 d over the 1st-99th percentile box.
    std::vector<uint32_t> rows;
    for (uint32_t i = 0; i < t.size(); ++i)
        if (year.contains(t.day[i])) rows.push_back(i);
    std::vector<float> la(t.lat_deg), lo(t.lon_deg);
    std::sort(la.begin(), la.end());
    std::sort(lo.begin(), lo.end());
    geo::BBox box{la[la.size() / 100], la[la.size() * 99 / 100], lo[lo.size() / 100], lo[lo.size() * 99 / 100]};
    for (unsigned threads : {1u, 0u}) {
        t0 = Clock::now();
        auto g = score::heat_grid(t, rows, 200, box, 256, 256, threads);
        std::printf("  heat grid 256x256, %zu rows in window, %s: %.3f s (max count %u)\n", rows.size(),
                    threads == 1 ? "1 thread " : "all cores", seconds_since(t0), g.max_count);
    }
    // 1M jittered copies (up to 100 m) of the same points.
    auto big = jittered(t, 1000000, 100, 9);
    std::vector<uint32_t> big_rows;
    for (uint32_t i = 0; i < big.size(); ++i)
        if (year.contains(big.day[i])) big_rows.push_back(i);
    t0 = Clock::now();
    auto g = score::heat_grid(big, big_rows, 200, box, 256, 256, 0);
    std::printf("  heat grid 256x256 on 1,000,000 jittered copies (%zu rows in window), all cores: %.3f s\n", big_rows.size(), seconds_since(t0));
    t0 = Clock::now();
    index::GeoIndex big_idx(big);
    double bb = seconds_since(t0);
    t0 = Clock::now();
    for (size_t q = 0; q < qs.size(); ++q) ci[q] = big_idx.count_within(qs[q], 200, year);
    std::printf("  1M points: index build %.2f s, radius count %.0f q/s\n", bb, qs.size() / seconds_since(t0));
}

}  // namespace

void register_bench_score(CLI::App& bench, Context& ctx) {
    auto* cmd = bench.add_subcommand("score", "Radius count / 10-NN q/s vs brute force (exact agreement), heat grid time");
    static std::string pack = "chicago";
    static int queries = 10000;
    cmd->add_option("--pack", pack, "pack id, or a pack file's path")->capture_default_str();
    cmd->add_option("--queries", queries, "random queries")->capture_default_str();
    cmd->callback([&ctx] { bench_score(pack, ctx.assets_dir + "/packs", queries); });
}

}  // namespace crimescope::cli
