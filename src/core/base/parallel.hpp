// parallel.hpp: parallel_for over [0, n) with std::thread natively; serial where threads are not built
// (the web build defines CS_NO_THREADS: it runs single-threaded, so pages need no special headers).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace crimescope {

inline unsigned worker_count() {
#ifdef CS_NO_THREADS
    return 1;
#else
    return std::max(1u, std::thread::hardware_concurrency());
#endif
}

// Calls fn(i) for every i in [0, n); chunks are claimed dynamically. fn must be thread-safe. Fewer than
// `min_parallel` items run serially (small loops cost more in threads than they save; a caller whose items are
// each heavy, such as near repeats' permutations, passes 2).
template <class Fn>
void parallel_for(size_t n, Fn&& fn, unsigned threads = 0, size_t min_parallel = 64) {
    if (threads == 0) threads = worker_count();
#ifdef CS_NO_THREADS
    threads = 1;   // no threads in this build: an explicit count must not skip the work
#endif
    if (threads <= 1 || n < std::max<size_t>(2, min_parallel)) {
        for (size_t i = 0; i < n; ++i) fn(i);
        return;
    }
#ifndef CS_NO_THREADS
    std::atomic<size_t> next{0};
    const size_t chunk = std::max<size_t>(1, n / (threads * 16));
    auto work = [&] {
        for (size_t start; (start = next.fetch_add(chunk)) < n;)
            for (size_t i = start; i < std::min(n, start + chunk); ++i) fn(i);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
#endif
}

}  // namespace crimescope
