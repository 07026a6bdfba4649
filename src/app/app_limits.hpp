// app_limits.hpp: the most incidents the app holds (issue #17). A pack or CSV of more is refused with a clear
// error naming the file, before its rows are decoded or past the line where the count is passed, instead of
// an out-of-memory abort. crimescope-cli ingest reports on a file of any size (it does not store the rows).
#pragma once
#include <cstddef>

namespace crimescope::app {

#ifdef __EMSCRIPTEN__
// About 250 bytes an incident (README's Scale table) in a WebAssembly memory that stops at 2 GiB, with room
// for the file's own bytes and the views.
constexpr size_t kMaxIncidentsHeld = 4'000'000;
#else
constexpr size_t kMaxIncidentsHeld = 20'000'000;   // about 236 bytes an incident natively: 4.4 GiB
#endif

}  // namespace crimescope::app
