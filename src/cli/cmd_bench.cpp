// cmd_bench: benchmarks that print figures (never timed assertions in tests).
//   bench ingest: CSV -> table -> pack rows/s on the Chicago assaults file, and pack load time,
//   with a plain line-count pass over the same file as the baseline in the same run.
#include <zlib.h>

#include <chrono>
#include <cstdio>

#include "base/file_io.hpp"
#include "commands.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"

namespace crimescope::cli {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
}  // namespace

void register_bench(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("bench", "Benchmarks (print figures)");
    auto* ingest = cmd->add_subcommand("ingest", "CSV -> pack rows/s, and pack load time");
    static std::string csv = "../shared/data/incidents/chicago/chicago_aggravated_assaults_2010_2019.csv.gz";
    static std::string profile_id = "chicago_assaults";
    static int reps = 3;
    ingest->add_option("--csv", csv, "input CSV")->capture_default_str();
    ingest->add_option("--profile", profile_id, "profile id")->capture_default_str();
    ingest->add_option("--reps", reps, "repetitions (best is reported)")->capture_default_str();
    ingest->callback([&ctx] {
        auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
        if (!profiles) { std::fprintf(stderr, "error: %s\n", profiles.error().to_string().c_str()); ctx.exit_code = 2; return; }
        const data::Profile* prof = nullptr;
        for (const auto& p : profiles.value())
            if (p.id == profile_id) prof = &p;
        if (!prof) { std::fprintf(stderr, "error: no profile %s\n", profile_id.c_str()); ctx.exit_code = 2; return; }
        double best_base = 1e9, best_ingest = 1e9, best_encode = 1e9, best_load = 1e9, best_load_gz = 1e9;
        long rows = 0;
        std::string tmp = "/tmp/crimescope-bench.cspack";
        for (int r = 0; r < reps; ++r) {
            // Baseline: decompress and count lines only.
            auto t0 = Clock::now();
            gzFile gz = gzopen(csv.c_str(), "rb");
            if (!gz) { std::fprintf(stderr, "error: %s: cannot open\n", csv.c_str()); ctx.exit_code = 1; return; }
            static char buf[1 << 16];
            long lines = 0;
            int n;
            while ((n = gzread(gz, buf, sizeof buf)) > 0)
                for (int i = 0; i < n; ++i) lines += buf[i] == '\n';
            gzclose(gz);
            best_base = std::min(best_base, seconds_since(t0));
            // Ingest.
            t0 = Clock::now();
            auto res = data::ingest_file(csv, profiles.value(), prof);
            if (!res) { std::fprintf(stderr, "error: %s\n", res.error().to_string().c_str()); ctx.exit_code = 1; return; }
            data::sort_by_time(res->table);
            best_ingest = std::min(best_ingest, seconds_since(t0));
            rows = res->report.rows_read;
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
        std::printf("bench ingest: %s (%ld rows), best of %d\n", base_name(csv).c_str(), rows, reps);
        std::printf("  baseline gunzip + line count : %8.3f s  %10.0f rows/s\n", best_base, rows / best_base);
        std::printf("  CSV -> table (parse, validate, sort): %8.3f s  %10.0f rows/s  (%.1fx the baseline time)\n",
                    best_ingest, rows / best_ingest, best_ingest / best_base);
        std::printf("  table -> pack bytes          : %8.3f s\n", best_encode);
        std::printf("  pack load (raw)              : %8.4f s\n", best_load);
        std::printf("  pack load (gzip)             : %8.4f s  (%.0fx faster than CSV ingest)\n", best_load_gz,
                    best_ingest / best_load_gz);
        std::remove(tmp.c_str());
        std::remove((tmp + ".gz").c_str());
    });
}

}  // namespace crimescope::cli
