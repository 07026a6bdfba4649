#include "base/csv_write.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace crimescope {

std::string csv_number(double v) {
    if (std::isnan(v)) return "";
    char buf[40];
    for (int prec = 6; prec <= 17; ++prec) {   // the shortest of %.6g .. %.17g that reads back exactly
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

}  // namespace crimescope
