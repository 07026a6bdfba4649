#include "layers/address_streets.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "layers/chain.hpp"
#include "layers/layer_builder.hpp"

namespace crimescope::layers {

bool split_block_address(const std::string& address, long& number, std::string& street) {
    size_t i = 0;
    while (i < address.size() && address[i] == ' ') ++i;
    const size_t digits = i;
    number = 0;
    while (i < address.size() && std::isdigit(static_cast<unsigned char>(address[i])) && i - digits < 9)
        number = number * 10 + (address[i++] - '0');
    if (i == digits || i >= address.size() || address[i] != ' ') return false;
    street.clear();
    for (; i < address.size(); ++i) {
        const char c = address[i];
        if (c == ' ' || c == '\t') {
            if (!street.empty() && street.back() != ' ') street += ' ';
        } else {
            street += c;
        }
    }
    while (!street.empty() && street.back() == ' ') street.pop_back();
    return !street.empty();
}

namespace {

float median(std::vector<float>& v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

data::BaseLayer streets_from_addresses(const data::IncidentTable& t, const std::string& layer_name,
                                       const AddressStreetsOptions& opts, AddressStreetsReport* report) {
    AddressStreetsReport rep;
    LayerBuilder b(layer_name, "streets");
    const data::CategoryColumn* col = t.category(opts.role);
    if (!col) {
        if (report) *report = rep;
        return b.take();
    }
    // Parse each distinct address once.
    std::vector<long> number(col->dict.size(), -1);
    std::vector<std::string> street(col->dict.size());
    for (size_t k = 0; k < col->dict.size(); ++k) {
        long n = 0;
        if (split_block_address(col->dict[k], n, street[k])) number[k] = n;
    }
    struct Block { std::vector<float> lat, lon; };
    std::map<std::string, std::map<long, Block>> streets;   // ordered: the same bytes every build
    for (size_t r = 0; r < t.size(); ++r) {
        const uint32_t code = col->codes[r];
        ++rep.addresses;
        if (number[code] < 0) { ++rep.unparsed; continue; }
        Block& blk = streets[street[code]][number[code] / 100];
        blk.lat.push_back(t.lat_deg[r]);
        blk.lon.push_back(t.lon_deg[r]);
    }
    for (auto& [name, blocks] : streets) {
        std::vector<geo::LatLon> pts;
        for (auto& [hundred, blk] : blocks) pts.push_back({median(blk.lat), median(blk.lon)});
        rep.blocks += pts.size();
        const auto runs = chain_points(pts, opts.max_gap_m);
        if (runs.empty()) continue;
        ++rep.streets;
        const uint8_t rank = blocks.size() >= opts.major_blocks ? 0 : 1;
        const uint32_t id = b.intern(name);
        for (const auto& run : runs) b.add(run, id, rank);
    }
    if (report) *report = rep;
    return b.take();
}

}  // namespace crimescope::layers
