// shard.cpp: see shard.hpp.
#include "linkage/shard.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <numeric>

#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "base/parallel.hpp"

namespace crimescope::linkage {

namespace {

using nlohmann::json;

// As scan_pairs (cases.cpp): the distance limit of a pair.
bool in_range(const CaseSet& cs, const PairParams& p, const PairSpec& s, size_t i, size_t j) {
    if (p.max_distance_m <= 0) return true;
    return std::hypot(cs.x[i] - cs.x[j], cs.y[i] - cs.y[j]) * s.unit_m <= p.max_distance_m;
}

// Every pair of the positions [begin, end) with the later cases within the window, scored exactly as scan_pairs
// scores it, on all cores: `make()` gives one block's state, `state.add(a, b, p)` takes each pair (a < b:
// original case indices), `finish(state)` is called under a lock at the end of each block.
template <class Make, class Finish>
void scan_range(const RankInputs& in, const TimeOrdered& t, size_t begin, size_t end, Make make, Finish finish) {
    const auto& cs = t.cs;
    const auto& p = in.pp;
    const size_t n = cs.size(), ni = t.spec.n_inputs();
    const size_t n_pos = end - begin;
    const size_t blocks = std::min<size_t>(n_pos, std::max<size_t>(64, worker_count() * 32));
    std::mutex mu;
    parallel_for(blocks, [&](size_t bk) {
        auto st = make();
        std::vector<float> x(ni);
        for (size_t pos = begin + n_pos * bk / blocks; pos < begin + n_pos * (bk + 1) / blocks; ++pos)
            for (size_t q = pos + 1; q < n; ++q) {
                if (cs.day[q] - cs.day[pos] > p.window_days) break;
                if (!in_range(cs, p, t.spec, pos, q)) continue;
                const bool flip = t.order[pos] > t.order[q];
                pair_inputs(cs, t.spec, flip ? q : pos, flip ? pos : q, x.data());
                const double v = in.net.predict(x.data());
                st.add(std::min(t.order[pos], t.order[q]), std::max(t.order[pos], t.order[q]), v);
            }
        std::lock_guard<std::mutex> lock(mu);
        finish(st);
    });
}

uint32_t find_root(std::vector<uint32_t>& parent, uint32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

void fnv(uint64_t& h, const void* data, size_t size) {
    const auto* c = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
        h ^= c[i];
        h *= 1099511628211ull;
    }
}
void fnv_double(uint64_t& h, double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    fnv(h, &bits, sizeof bits);
}

Error bad(const std::string& file, const std::string& field, const std::string& what) {
    return make_error(ErrorKind::Format, what, file, 0, field);
}

json id_json(const ShardId& id) {
    return {{"shard", id.shard}, {"shards", id.shards}, {"cases", id.cases}, {"fingerprint", id.fingerprint}};
}

// Reads field `f` of `j` as T; false (with `err` set) when it is missing or of another type.
template <class T>
bool get(const json& j, const char* f, T& out, const std::string& file, Error& err) {
    auto it = j.find(f);
    if (it == j.end()) {
        err = bad(file, f, "missing");
        return false;
    }
    try {
        out = it->get<T>();
    } catch (const std::exception&) {
        err = bad(file, f, "not the expected type");
        return false;
    }
    return true;
}

bool get_id(const json& j, ShardId& id, const std::string& file, Error& err) {
    if (!get(j, "shard", id.shard, file, err) || !get(j, "shards", id.shards, file, err) || !get(j, "cases", id.cases, file, err) ||
        !get(j, "fingerprint", id.fingerprint, file, err))
        return false;
    if (id.shards == 0 || id.shard >= id.shards) {
        err = bad(file, "shard", "shard " + std::to_string(id.shard) + " of " + std::to_string(id.shards) + " is out of range");
        return false;
    }
    return true;
}

json pairs_json(const std::vector<ScoredPair>& v) {
    json a = json::array();
    for (const auto& s : v) a.push_back({s.a, s.b, s.p});
    return a;
}

bool get_pairs(const json& j, const char* f, std::vector<ScoredPair>& out, size_t cases, const std::string& file, Error& err) {
    json a;
    if (!get(j, f, a, file, err)) return false;
    if (!a.is_array()) {
        err = bad(file, f, "not an array");
        return false;
    }
    out.clear();
    out.reserve(a.size());
    for (size_t k = 0; k < a.size(); ++k) {
        const auto& e = a[k];
        if (!e.is_array() || e.size() != 3 || !e[0].is_number_unsigned() || !e[1].is_number_unsigned() || !e[2].is_number()) {
            err = bad(file, std::string(f) + "[" + std::to_string(k) + "]", "not [a, b, probability]");
            return false;
        }
        ScoredPair s{e[0].get<uint32_t>(), e[1].get<uint32_t>(), e[2].get<double>()};
        if (s.a >= s.b || s.b >= cases) {
            err = bad(file, std::string(f) + "[" + std::to_string(k) + "]", "not a pair of cases a < b of this set");
            return false;
        }
        out.push_back(s);
    }
    return true;
}

bool same_cut(const ShardCut& x, const ShardCut& y) {
    return x.fixed == y.fixed && (x.fixed ? x.threshold == y.threshold : (x.bin == y.bin && x.pairs == y.pairs && x.k == y.k));
}

}  // namespace

size_t score_bin(double p) {
    if (!(p > 0)) return 0;
    return std::min(kScoreBins - 1, static_cast<size_t>(p * double(kScoreBins)));
}

TimeOrdered time_ordered(const RankInputs& in) {
    TimeOrdered t;
    t.order.resize(in.cs.size());
    std::iota(t.order.begin(), t.order.end(), 0u);
    std::stable_sort(t.order.begin(), t.order.end(), [&](uint32_t a, uint32_t b) { return in.cs.day[a] < in.cs.day[b]; });
    t.cs = select_cases(in.cs, t.order);
    // pair_spec(t.cs, in.pp, &t.order), without its O(n^2) neighbour search again: the per-case arrays of the
    // original order's spec permuted (neighbour ties are broken by the original index in both; tested).
    const size_t n = t.order.size(), K = PairSpec::kNeighbours;
    t.spec = in.spec;
    std::vector<uint32_t> back(n);
    for (size_t q = 0; q < n; ++q) back[t.order[q]] = static_cast<uint32_t>(q);
    for (size_t q = 0; q < n; ++q) {
        const size_t i = t.order[q];
        t.spec.local_scale[q] = in.spec.local_scale[i];
        t.spec.log_local_scale[q] = in.spec.log_local_scale[i];
        std::vector<uint32_t> ids;
        for (size_t k = 0; k < K; ++k) {
            const uint32_t j = in.spec.neighbours[i * K + k];
            if (j != UINT32_MAX) ids.push_back(back[j]);
        }
        std::sort(ids.begin(), ids.end());
        ids.resize(K, UINT32_MAX);
        std::copy(ids.begin(), ids.end(), t.spec.neighbours.begin() + static_cast<std::ptrdiff_t>(q * K));
    }
    return t;
}

std::vector<size_t> shard_bounds(const TimeOrdered& t, const PairParams& p, size_t shards) {
    const auto& d = t.cs.day;
    const size_t n = d.size();
    std::vector<uint64_t> before(n + 1, 0);   // pairs of the positions before pos
    size_t hi = 0;
    for (size_t i = 0; i < n; ++i) {
        hi = std::max(hi, i + 1);
        while (hi < n && !(d[hi] - d[i] > p.window_days)) ++hi;
        before[i + 1] = before[i] + (hi - i - 1);
    }
    const uint64_t total = before[n];
    std::vector<size_t> b(shards + 1, n);
    b[0] = 0;
    for (size_t i = 1; i < shards; ++i) {
        const uint64_t want = static_cast<uint64_t>(static_cast<long double>(total) * static_cast<long double>(i) / static_cast<long double>(shards));
        b[i] = static_cast<size_t>(std::lower_bound(before.begin(), before.end(), want) - before.begin());
        b[i] = std::clamp(b[i], b[i - 1], n);
    }
    return b;
}

std::string ranking_fingerprint(const Model& model, const CaseSet& cs) {
    uint64_t h = 1469598103934665603ull;
    const uint64_t n = cs.size();
    fnv(h, &n, sizeof n);
    for (size_t i = 0; i < cs.size(); ++i) {
        fnv(h, cs.id[i].data(), cs.id[i].size() + 0);
        fnv(h, "", 1);
        fnv_double(h, cs.x[i]);
        fnv_double(h, cs.y[i]);
        fnv_double(h, cs.day[i]);
    }
    for (double v : model.params) fnv_double(h, v);
    for (auto k : model.kept) fnv(h, &k, 1);
    for (const auto& t : model.tables)
        for (double v : t.sim) fnv_double(h, v);
    fnv_double(h, model.top_share);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string layout_json(const RankInputs& in, const std::string& fingerprint) {
    json ns = json::array();
    for (auto v : in.spec.neighbours) ns.push_back(v == UINT32_MAX ? json(-1) : json(v));
    json j = {{"format", "crimescope-link-layout"}, {"version", 1},         {"cases", in.cs.size()},
              {"fingerprint", fingerprint},         {"neighbours_per_case", PairSpec::kNeighbours}, {"local_scale", in.spec.local_scale},
              {"neighbours", ns}};
    return j.dump() + "\n";
}

Result<RankInputs> rank_inputs_with_layout(const Model& model, const CaseSet& cs0, const std::string& text, const std::string& file,
                                           const std::string& fingerprint, const std::string& model_file) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad(file, "", "not JSON (truncated?)");
    Error err;
    std::string format, fp;
    int version = 0;
    size_t cases = 0, per_case = 0;
    if (!get(j, "format", format, file, err)) return err;
    if (format != "crimescope-link-layout") return bad(file, "format", "not a link rank layout: " + format);
    if (!get(j, "version", version, file, err)) return err;
    if (version != 1) return make_error(ErrorKind::Version, "layout version " + std::to_string(version) + " (this build reads 1)", file, 0, "version");
    if (!get(j, "cases", cases, file, err) || !get(j, "fingerprint", fp, file, err) || !get(j, "neighbours_per_case", per_case, file, err)) return err;
    if (cases != cs0.size() || fp != fingerprint)
        return make_error(ErrorKind::Invalid, "layout of " + std::to_string(cases) + " cases (fingerprint " + fp + "), not of this case set and model (" +
                                                  std::to_string(cs0.size()) + " cases, fingerprint " + fingerprint + ")", file, 0, "fingerprint");
    if (per_case != PairSpec::kNeighbours) return bad(file, "neighbours_per_case", "not " + std::to_string(PairSpec::kNeighbours));
    std::vector<double> local_scale;
    json ns;
    if (!get(j, "local_scale", local_scale, file, err) || !get(j, "neighbours", ns, file, err)) return err;
    if (local_scale.size() != cases) return bad(file, "local_scale", "not one per case");
    if (!ns.is_array() || ns.size() != cases * per_case) return bad(file, "neighbours", "not " + std::to_string(per_case) + " per case");
    RankInputs in;
    in.cs = cs0;
    auto st = apply_tables(in.cs, model, model_file);
    if (!st) return st.error();
    in.pp = pair_params(in.cs);
    // The layout's names and constants from two of the cases (the neighbour search is what is skipped), the
    // bounding box of all of them as pair_spec takes it, the per-case arrays from the file.
    std::vector<uint32_t> two;
    for (uint32_t i = 0; i < std::min<size_t>(2, cases); ++i) two.push_back(i);
    in.spec = pair_spec(select_cases(in.cs, two), in.pp);
    const auto& c = in.cs;
    if (c.size() > 0) {
        auto [x0, x1] = std::minmax_element(c.x.begin(), c.x.end());
        auto [y0, y1] = std::minmax_element(c.y.begin(), c.y.end());
        in.spec.dmax = std::max(1e-9, std::hypot(*x1 - *x0, *y1 - *y0));
    }
    in.spec.local_scale = local_scale;
    in.spec.log_local_scale.resize(cases);
    for (size_t i = 0; i < cases; ++i) in.spec.log_local_scale[i] = 0.5 * std::log(local_scale[i]);
    in.spec.neighbours.assign(cases * per_case, UINT32_MAX);
    for (size_t k = 0; k < ns.size(); ++k) {
        const auto& v = ns[k];
        if (v.is_number_integer() && v.get<long long>() == -1) continue;
        if (!v.is_number_unsigned() || v.get<uint64_t>() >= cases) return bad(file, "neighbours[" + std::to_string(k) + "]", "not a case of this set");
        in.spec.neighbours[k] = v.get<uint32_t>();
    }
    PairMatrix shape;
    shape.input_names = in.spec.input_names;
    shape.feature_names = in.spec.feature_names;
    shape.feature_of_input = in.spec.feature_of_input;
    auto net = network_of(model, shape, model_file);
    if (!net) return net.error();
    in.net = std::move(net.value());
    return in;
}

ShardHistogram shard_histogram(const RankInputs& in, const TimeOrdered& t, const ShardId& id) {
    ShardHistogram h;
    h.id = id;
    h.counts.assign(kScoreBins, 0);
    const auto b = shard_bounds(t, in.pp, id.shards);
    struct Block {
        std::vector<uint64_t> h = std::vector<uint64_t>(kScoreBins, 0);
        void add(uint32_t, uint32_t, double v) { h[score_bin(v)]++; }
    };
    scan_range(in, t, b[id.shard], b[id.shard + 1], [] { return Block{}; }, [&](const Block& st) {
        for (size_t k = 0; k < kScoreBins; ++k) h.counts[k] += st.h[k];
    });
    for (auto c : h.counts) h.pairs += c;
    return h;
}

Result<ShardCut> cut_of(const std::vector<ShardHistogram>& hists, const ShardId& id, double share) {
    std::vector<uint8_t> seen(id.shards, 0);
    std::vector<uint64_t> counts(kScoreBins, 0);
    for (const auto& h : hists) {
        if (h.id.shards != id.shards || h.id.cases != id.cases || h.id.fingerprint != id.fingerprint)
            return make_error(ErrorKind::Invalid, "histogram of shard " + std::to_string(h.id.shard) + "/" + std::to_string(h.id.shards) + " (" +
                                                      std::to_string(h.id.cases) + " cases, fingerprint " + h.id.fingerprint + ") is not of this ranking (" +
                                                      std::to_string(id.shards) + " shards, " + std::to_string(id.cases) + " cases, fingerprint " +
                                                      id.fingerprint + ")");
        if (seen[h.id.shard]++) return make_error(ErrorKind::Invalid, "two histograms of shard " + std::to_string(h.id.shard));
        if (h.counts.size() != kScoreBins) return make_error(ErrorKind::Invalid, "a histogram without " + std::to_string(kScoreBins) + " bins");
        for (size_t k = 0; k < kScoreBins; ++k) counts[k] += h.counts[k];
    }
    for (size_t s = 0; s < id.shards; ++s)
        if (!seen[s]) return make_error(ErrorKind::Invalid, "no histogram of shard " + std::to_string(s) + " of " + std::to_string(id.shards));
    ShardCut c;
    for (auto v : counts) c.pairs += v;
    c.k = flagged_count(c.pairs, share);
    uint64_t acc = 0;
    size_t cut = kScoreBins;
    while (cut > 0 && acc < c.k) acc += counts[--cut];
    c.bin = cut;   // kScoreBins when there are no pairs
    return c;
}

ShardCut fixed_cut(double threshold) {
    ShardCut c;
    c.fixed = true;
    c.threshold = threshold;
    return c;
}

ShardPart shard_part(const RankInputs& in, const TimeOrdered& t, const ShardId& id, const ShardCut& cut, size_t limit, bool series) {
    ShardPart part;
    part.id = id;
    part.cut = cut;
    part.limit = limit;
    part.series = series;
    const auto b = shard_bounds(t, in.pp, id.shards);
    std::vector<uint32_t> parent(series ? in.cs.size() : 0);
    std::iota(parent.begin(), parent.end(), 0u);
    std::mutex forest_mu;
    auto trim = [limit](std::vector<ScoredPair>& v) {
        if (v.size() <= limit) return;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(limit), v.end(), ranks_before);
        v.resize(limit);
    };
    struct Block {
        const ShardCut* cut = nullptr;
        size_t limit = 0;
        bool series = false;
        std::vector<uint32_t>* parent = nullptr;
        std::mutex* mu = nullptr;
        std::vector<std::pair<uint32_t, uint32_t>>* forest = nullptr;
        uint64_t pairs = 0, sure = 0;
        std::vector<ScoredPair> top, band;
        std::vector<std::pair<uint32_t, uint32_t>> edges;
        void flush() {
            std::lock_guard<std::mutex> lock(*mu);
            for (auto [a, b] : edges) {
                const uint32_t ra = find_root(*parent, a), rb = find_root(*parent, b);
                if (ra == rb) continue;
                (*parent)[std::max(ra, rb)] = std::min(ra, rb);
                forest->push_back({a, b});
            }
            edges.clear();
        }
        void add(uint32_t a, uint32_t b, double v) {
            ++pairs;
            const bool is_sure = cut->fixed ? v >= cut->threshold : score_bin(v) > cut->bin;
            if (is_sure) {
                ++sure;
                if (limit > 0) {
                    top.push_back({a, b, v});
                    if (top.size() >= 2 * limit + 4096) {
                        std::nth_element(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(limit), top.end(), ranks_before);
                        top.resize(limit);
                    }
                }
                if (series) {
                    edges.push_back({a, b});
                    if (edges.size() >= 65536) flush();
                }
            } else if (!cut->fixed && score_bin(v) == cut->bin) {
                band.push_back({a, b, v});
            }
        }
    };
    scan_range(in, t, b[id.shard], b[id.shard + 1],
               [&] {
                   Block st;
                   st.cut = &cut;
                   st.limit = limit;
                   st.series = series;
                   st.parent = &parent;
                   st.mu = &forest_mu;
                   st.forest = &part.forest;
                   return st;
               },
               [&](Block& st) {
                   part.pairs += st.pairs;
                   part.sure += st.sure;
                   part.top.insert(part.top.end(), st.top.begin(), st.top.end());
                   trim(part.top);
                   part.band.insert(part.band.end(), st.band.begin(), st.band.end());
                   // The forest has its own lock: flush takes it while this block's lock is held (never the reverse).
                   if (!st.edges.empty()) st.flush();
               });
    std::sort(part.top.begin(), part.top.end(), ranks_before);
    std::sort(part.band.begin(), part.band.end(), ranks_before);
    return part;
}

Result<Ranking> merge_parts(const Model& model, const RankInputs& in, const std::vector<ShardPart>& parts, const std::string& fingerprint, size_t limit,
                            bool series) {
    if (parts.empty()) return make_error(ErrorKind::Invalid, "no shard parts to merge");
    const size_t shards = parts[0].id.shards;
    std::vector<uint8_t> seen(shards, 0);
    for (const auto& p : parts) {
        const std::string which = "part of shard " + std::to_string(p.id.shard) + "/" + std::to_string(p.id.shards);
        if (p.id.shards != shards || p.id.shard >= shards)
            return make_error(ErrorKind::Invalid, which + ": not one of " + std::to_string(shards) + " shards");
        if (p.id.cases != in.cs.size() || p.id.fingerprint != fingerprint)
            return make_error(ErrorKind::Invalid, which + " (" + std::to_string(p.id.cases) + " cases, fingerprint " + p.id.fingerprint +
                                                      ") is not of this case set and model (" + std::to_string(in.cs.size()) + " cases, fingerprint " + fingerprint + ")");
        if (!same_cut(p.cut, parts[0].cut)) return make_error(ErrorKind::Invalid, which + ": cut at another threshold than shard " + std::to_string(parts[0].id.shard));
        if (p.limit < limit) return make_error(ErrorKind::Invalid, which + ": keeps " + std::to_string(p.limit) + " pairs, " + std::to_string(limit) + " asked");
        if (series && !p.series) return make_error(ErrorKind::Invalid, which + ": written without series");
        if (seen[p.id.shard]++) return make_error(ErrorKind::Invalid, "two parts of shard " + std::to_string(p.id.shard));
    }
    for (size_t s = 0; s < shards; ++s)
        if (!seen[s]) return make_error(ErrorKind::Invalid, "no part of shard " + std::to_string(s) + " of " + std::to_string(shards));
    const auto& cut = parts[0].cut;
    uint64_t pairs = 0, sure = 0;
    std::vector<double> band;
    for (const auto& p : parts) {
        pairs += p.pairs;
        sure += p.sure;
        for (const auto& s : p.band) band.push_back(s.p);
    }
    Ranking r;
    r.n_pairs = pairs;
    r.top_share = model.top_share;
    r.feature_names = in.spec.feature_names;
    if (cut.fixed) {
        r.threshold = cut.threshold;
    } else {
        if (pairs != cut.pairs)
            return make_error(ErrorKind::Invalid, "the parts hold " + std::to_string(pairs) + " pairs, the histograms " + std::to_string(cut.pairs));
        if (pairs > 0) {
            // The k-th highest score lies in the cut's bin: sure < k <= sure + the bin's pairs.
            if (!(sure < cut.k && cut.k - sure <= band.size())) return make_error(ErrorKind::Invalid, "the parts' pairs do not hold the threshold's bin");
            const size_t at = static_cast<size_t>(cut.k - sure) - 1;
            std::nth_element(band.begin(), band.begin() + static_cast<std::ptrdiff_t>(at), band.end(), std::greater<double>());
            r.threshold = band[at];
        }
    }
    std::vector<ScoredPair> listed;
    std::vector<uint32_t> ea, eb;
    size_t above = sure;
    for (const auto& p : parts) {
        listed.insert(listed.end(), p.top.begin(), p.top.end());
        for (const auto& s : p.band)
            if (s.p >= r.threshold) {
                ++above;
                listed.push_back(s);
                if (series) { ea.push_back(s.a); eb.push_back(s.b); }
            }
        if (series)
            for (auto [a, b] : p.forest) { ea.push_back(a); eb.push_back(b); }
    }
    r.above = above;
    std::sort(listed.begin(), listed.end(), ranks_before);
    r.top = ranked_pairs(in, listed, limit);
    if (series) r.series = components(in.cs.size(), ea, eb, std::vector<double>(ea.size(), 1.0), 0.0);
    return r;
}

std::string histogram_json(const ShardHistogram& h) {
    json counts = json::array();
    for (size_t k = 0; k < h.counts.size(); ++k)
        if (h.counts[k]) counts.push_back({k, h.counts[k]});
    json j = {{"format", "crimescope-link-histogram"}, {"version", 1}, {"bins", kScoreBins}, {"pairs", h.pairs}, {"counts", counts}};
    j.update(id_json(h.id));
    return j.dump() + "\n";
}

Result<ShardHistogram> parse_histogram(const std::string& text, const std::string& file) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad(file, "", "not JSON (truncated?)");
    Error err;
    std::string format;
    if (!get(j, "format", format, file, err)) return err;
    if (format != "crimescope-link-histogram") return bad(file, "format", "not a link rank histogram: " + format);
    int version = 0;
    if (!get(j, "version", version, file, err)) return err;
    if (version != 1) return make_error(ErrorKind::Version, "histogram version " + std::to_string(version) + " (this build reads 1)", file, 0, "version");
    ShardHistogram h;
    size_t bins = 0;
    json counts;
    if (!get_id(j, h.id, file, err) || !get(j, "bins", bins, file, err) || !get(j, "pairs", h.pairs, file, err) || !get(j, "counts", counts, file, err)) return err;
    if (bins != kScoreBins) return bad(file, "bins", std::to_string(bins) + " bins (this build uses " + std::to_string(kScoreBins) + ")");
    h.counts.assign(kScoreBins, 0);
    uint64_t total = 0;
    for (size_t k = 0; k < counts.size(); ++k) {
        const auto& e = counts[k];
        if (!e.is_array() || e.size() != 2 || !e[0].is_number_unsigned() || !e[1].is_number_unsigned() || e[0].get<uint64_t>() >= kScoreBins)
            return bad(file, "counts[" + std::to_string(k) + "]", "not [bin, count]");
        h.counts[e[0].get<size_t>()] += e[1].get<uint64_t>();
        total += e[1].get<uint64_t>();
    }
    if (total != h.pairs) return bad(file, "pairs", "the counts add up to " + std::to_string(total) + ", not " + std::to_string(h.pairs));
    return h;
}

std::string part_json(const ShardPart& p) {
    json cut = p.cut.fixed ? json{{"threshold", p.cut.threshold}} : json{{"bin", p.cut.bin}, {"pairs", p.cut.pairs}, {"k", p.cut.k}};
    json forest = json::array();
    for (auto [a, b] : p.forest) {
        forest.push_back(a);
        forest.push_back(b);
    }
    json j = {{"format", "crimescope-link-part"}, {"version", 1}, {"pairs", p.pairs}, {"cut", cut}, {"limit", p.limit}, {"series", p.series},
              {"sure", p.sure}, {"top", pairs_json(p.top)}, {"band", pairs_json(p.band)}, {"forest", forest}};
    j.update(id_json(p.id));
    return j.dump() + "\n";
}

Result<ShardPart> parse_part(const std::string& text, const std::string& file) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad(file, "", "not JSON (truncated?)");
    Error err;
    std::string format;
    if (!get(j, "format", format, file, err)) return err;
    if (format != "crimescope-link-part") return bad(file, "format", "not a link rank part: " + format);
    int version = 0;
    if (!get(j, "version", version, file, err)) return err;
    if (version != 1) return make_error(ErrorKind::Version, "part version " + std::to_string(version) + " (this build reads 1)", file, 0, "version");
    ShardPart p;
    json cut, forest;
    if (!get_id(j, p.id, file, err) || !get(j, "pairs", p.pairs, file, err) || !get(j, "cut", cut, file, err) || !get(j, "limit", p.limit, file, err) ||
        !get(j, "series", p.series, file, err) || !get(j, "sure", p.sure, file, err) || !get(j, "forest", forest, file, err) ||
        !get_pairs(j, "top", p.top, p.id.cases, file, err) || !get_pairs(j, "band", p.band, p.id.cases, file, err))
        return err;
    if (!cut.is_object()) return bad(file, "cut", "not an object");
    if (cut.contains("threshold")) {
        p.cut.fixed = true;
        if (!get(cut, "threshold", p.cut.threshold, file, err)) return err;
    } else if (!get(cut, "bin", p.cut.bin, file, err) || !get(cut, "pairs", p.cut.pairs, file, err) || !get(cut, "k", p.cut.k, file, err)) {
        return err;
    }
    if (!forest.is_array() || forest.size() % 2) return bad(file, "forest", "not a list of case pairs");
    for (size_t k = 0; k < forest.size(); k += 2) {
        if (!forest[k].is_number_unsigned() || !forest[k + 1].is_number_unsigned() || forest[k].get<uint64_t>() >= p.id.cases ||
            forest[k + 1].get<uint64_t>() >= p.id.cases)
            return bad(file, "forest[" + std::to_string(k) + "]", "not a case of this set");
        p.forest.push_back({forest[k].get<uint32_t>(), forest[k + 1].get<uint32_t>()});
    }
    return p;
}

Status save_text(const std::string& path, const std::string& text) { return write_file_atomic(path, text); }

Result<std::string> load_text(const std::string& path) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    return std::string(bytes->begin(), bytes->end());
}

Result<Ranking> rank_sharded(const Model& model, const CaseSet& cs, size_t limit, size_t shards, bool series, const std::string& file) {
    auto in = rank_inputs(model, cs, file);
    if (!in) return in.error();
    const auto t = time_ordered(in.value());
    const auto fp = ranking_fingerprint(model, cs);
    std::vector<ShardHistogram> hists;
    for (size_t s = 0; s < shards; ++s) hists.push_back(shard_histogram(in.value(), t, {s, shards, cs.size(), fp}));
    auto cut = cut_of(hists, {0, shards, cs.size(), fp}, model.top_share);
    if (!cut) return cut.error();
    std::vector<ShardPart> parts;
    for (size_t s = 0; s < shards; ++s) parts.push_back(shard_part(in.value(), t, {s, shards, cs.size(), fp}, cut.value(), limit, series));
    return merge_parts(model, in.value(), parts, fp, limit, series);
}

}  // namespace crimescope::linkage
