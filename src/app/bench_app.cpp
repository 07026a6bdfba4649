// bench_app.cpp: `crimescope --pack FILE --bench-app` (issue #15): the open (process start to the first frame
// drawn with the pack, by phase), a filter change's recount and density rebin (the slowest of five changes), the
// heat grid and the mean frame, printed as `name_ms value` lines; then the app exits (with --print-state, the
// state JSON follows, its `timings` holding the same figures). No timed assertions anywhere: figures only.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/views/views.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

namespace {
constexpr int kWarmupFrames = 10;
constexpr int kTimedFrames = 120;
// CPU time of the whole process (every thread), ms: on a shared machine the wall figures wait for the cores,
// this does not (a figure for one thread's work is its CPU time; for threaded work, the sum).
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}
}  // namespace

void App::bench_app_step() {
    AppState& s = m_state;
    if (m_bench_app_stage == 0) {   // waiting for the pack's first frame
        if (!s.city || s.timings.open_ms == 0) {
            if (m_frame > 600 || (!s.loading && !s.status.empty() && !s.city)) {
                std::fprintf(stderr, "bench app: no pack opened: %s\n", s.status.empty() ? "(still loading)" : s.status.c_str());
                std::fflush(stdout);
                std::exit(1);
            }
            return;
        }
        m_bench_app_stage = 1;
        return;
    }
    if (m_bench_app_stage == 1) {   // filter changes and the heat grid, timed one by one
        const data::Filter original = s.filter;
        const int32_t last = s.day_last;
        struct Change { const char* name; data::Filter f; };
        std::vector<Change> changes;
        data::Filter f = original;
        f.day_min = std::max(s.day_first, last - 29);
        f.day_max = last;
        changes.push_back({"last 30 days", f});
        f.day_min = std::max(s.day_first, last - 364);
        changes.push_back({"last year", f});
        f = original;
        f.hour_min = 18;
        f.hour_max = 24;
        changes.push_back({"18:00-24:00", f});
        f = original;
        if (!s.legend_order.empty() && !f.category_on.empty()) f.category_on[s.legend_order.front()] = 0;
        changes.push_back({"top category off", f});
        changes.push_back({"all again", original});
        std::string detail;
        double recount_cpu_max = 0, density_cpu_max = 0;
        for (const auto& c : changes) {
            s.filter = c.f;
            const double c0 = cpu_ms();
            recount();
            const double c1 = cpu_ms();
            const double r_ms = s.timings.recount_ms;
            update_density();   // the rebin the next frame would do
            const double d_ms = s.dens.build_ms;
            recount_cpu_max = std::max(recount_cpu_max, c1 - c0);
            density_cpu_max = std::max(density_cpu_max, cpu_ms() - c1);
            m_bench_recount_max = std::max(m_bench_recount_max, r_ms);
            m_bench_density_max = std::max(m_bench_density_max, d_ms);
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s%s %.2f + %.2f", detail.empty() ? "" : ", ", c.name, r_ms, d_ms);
            detail += buf;
        }
        s.filter = original;
        const bool heat_was_on = s.heat.on;
        s.heat.on = true;
        const double h0 = cpu_ms();
        update_heat();
        const double heat_cpu = cpu_ms() - h0;
        s.heat.on = heat_was_on;
        s.heat.dirty = true;
        std::printf("bench app: %s, %s incidents, %d x %d framebuffer\n", s.city->display_name.c_str(),
                    format_count(s.city->incidents.size()).c_str(), s.fb_width, s.fb_height);
        std::printf("open_ms %.1f (cpu %.1f, all threads; process start to the first frame with the pack)\n ", s.timings.open_ms, m_open_cpu_ms);
        for (const auto& [name, ms] : m_open_phases) std::printf(" %s %.1f;", name.c_str(), ms);
        if (m_geocoder_ms > 0) std::printf(" geocoder (another thread) ready at %.1f", m_geocoder_ms);
        else if (m_geocoder_job.valid()) std::printf(" geocoder (another thread) still building");
        std::printf("\nrecount_ms %.3f (cpu %.3f; the slowest of %zu filter changes; each: recount + density rebin ms: %s)\n",
                    m_bench_recount_max, recount_cpu_max, changes.size(), detail.c_str());
        std::printf("density_ms %.3f (cpu %.3f, all threads; the slowest rebin: %s bins of %.0f m over the view and a view around it, %s)\n",
                    m_bench_density_max, density_cpu_max, format_count(s.dens.grid.occupied).c_str(), s.dens.bin_m,
                    s.dens.on ? "density on" : "points");
        std::printf("heat_ms %.3f (cpu %.3f, all threads; %d x %d cells, radius %.0f m, %d days)\n", s.timings.heat_ms, heat_cpu,
                    s.heat.grid.nx, s.heat.grid.ny, s.score_params.radius_m, s.score_params.window_days);
        std::fflush(stdout);
        s.timings.recount_ms = m_bench_recount_max;
        s.timings.density_ms = m_bench_density_max;
        m_bench_app_stage = 2;
        m_bench_app_frame0 = m_frame;
        return;
    }
    // Stage 2: frames at the fitted city view, after a warm-up.
    const long k = m_frame - m_bench_app_frame0;
    if (k > kWarmupFrames) {
        const double ms = clock_ms() - m_frame_start;
        m_bench_frame_sum += ms;
        m_bench_frame_max = std::max(m_bench_frame_max, ms);
        ++m_bench_frame_n;
    }
    if (m_bench_frame_n < kTimedFrames) return;
    s.timings.frame_ms = m_bench_frame_sum / static_cast<double>(m_bench_frame_n);
    std::printf("frame_ms %.3f (mean of %ld frames, max %.3f; input, views, map draw and ImGui before the swap; %s, %s in view)\n",
                s.timings.frame_ms, m_bench_frame_n, m_bench_frame_max, s.dens.on ? "density on" : "points",
                format_count(s.dens.in_view).c_str());
    {
        const double mib = platform::memory_peak_mib();
        const size_t rows = s.city ? s.city->incidents.size() : 0;
        std::printf("memory_peak_mib %.1f (the whole process's peak resident set; %.0f bytes per incident)\n", mib,
                    rows ? mib * 1024 * 1024 / static_cast<double>(rows) : 0.0);
    }
    if (m_opts.print_state) std::printf("%s\n", state_json().c_str());
    std::fflush(stdout);
    m_bench_app_stage = 3;
    platform::request_exit();
}

}  // namespace crimescope::app
