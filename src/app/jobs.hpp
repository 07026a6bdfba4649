// jobs.hpp: long work off the frame (the job part of issue #16's app shell; first used by the Hotspots view of
// issue #19). A Job<T> runs `work(JobControl&)` on a worker thread natively; in the browser build (no threads)
// it runs inside the next poll(), between two frames, so the frame that started it has already drawn
// "computing...". The work must capture its inputs by value or as shared_ptr<const ...>: it never reads state a
// view edits. Starting a job while one runs cancels the old one (its JobControl says so and its result is
// dropped); the frame never waits for it. poll() once per frame hands over a finished result.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crimescope::app {

struct JobControl {
    std::atomic<float> progress{0};      // 0..1, written by the work when it can tell
    std::atomic<bool> cancel{false};     // set by Job::cancel / a newer start; the work may return early
    bool cancelled() const { return cancel.load(std::memory_order_relaxed); }
};

template <class T>
class Job {
public:
    using Work = std::function<T(JobControl&)>;
    Job() = default;
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;
    ~Job() {
        cancel();
        if (m_future.valid()) m_future.wait();
        for (auto& f : m_dropped) f.wait();
    }

    void start(std::string name, Work work) {
        cancel();
        if (m_future.valid()) m_dropped.push_back(std::move(m_future));
        m_name = std::move(name);
        m_ctl = std::make_shared<JobControl>();
        m_started = std::chrono::steady_clock::now();
#ifdef CS_NO_THREADS
        m_queued = std::move(work);
#else
        m_future = std::async(std::launch::async, [ctl = m_ctl, w = std::move(work)] { return w(*ctl); });
#endif
        m_busy = true;
    }
    bool running() const { return m_busy; }
    size_t dropped_running() const { return m_dropped.size(); }   // cancelled jobs still finishing
    const std::string& name() const { return m_name; }
    float progress() const { return m_ctl ? m_ctl->progress.load() : 0.f; }
    double elapsed_ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
    }
    void cancel() {
        if (m_ctl) m_ctl->cancel = true;
#ifdef CS_NO_THREADS
        m_queued = nullptr;
        m_busy = false;
#endif
    }
    // Once per frame: a finished job's result (once), else nothing.
    std::optional<T> poll() {
        for (size_t i = 0; i < m_dropped.size();) {   // cancelled jobs finishing in the background
            if (m_dropped[i].wait_for(std::chrono::seconds(0)) == std::future_status::ready) m_dropped.erase(m_dropped.begin() + static_cast<long>(i));
            else ++i;
        }
#ifdef CS_NO_THREADS
        if (m_queued) {
            Work w = std::move(m_queued);
            m_queued = nullptr;
            m_busy = false;
            return w(*m_ctl);
        }
        return std::nullopt;
#else
        if (!m_future.valid() || m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
        m_busy = false;
        if (m_ctl && m_ctl->cancelled()) {
            m_future.get();
            return std::nullopt;
        }
        return m_future.get();
#endif
    }

private:
    std::string m_name;
    std::shared_ptr<JobControl> m_ctl;
    std::future<T> m_future;
    std::vector<std::future<T>> m_dropped;
    Work m_queued;
    bool m_busy = false;
    std::chrono::steady_clock::time_point m_started{};
};

}  // namespace crimescope::app
