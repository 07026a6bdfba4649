// cmd_near_repeat: near repeats, the Knox test with Monte Carlo permutations of the dates (issue #19), as the
// Near Repeat Calculator does it; the engine is hotspot::near_repeat (src/core/hotspot/near_repeat.hpp).
//   crimescope-cli near-repeat (--pack ID_OR_FILE | --csv FILE [--profile P]) [--from --to --hours --types --bbox]
//       [--space-band-m 100] [--space-bands 5] [--time-band-days 7] [--time-bands 5] [--permutations 99] [--seed 1]
//       [--max-incidents 50000] [--json]
// Bad arguments exit 2 with a message naming the option; unreadable input exits 1. Test: tests/cli/test_near_repeat.sh.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "hotspot/near_repeat.hpp"

namespace crimescope::cli {

namespace {

// A whole number option given as text, in [lo, hi]; false (and `err` set, naming the option) otherwise.
bool parse_whole(const std::string& option, const std::string& text, long long lo, long long hi, long long& out, std::string& err) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || v < lo || v > hi) {
        err = option + ": expected a whole number in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + text + "'";
        return false;
    }
    out = v;
    return true;
}

// A number in (lo, hi].
bool parse_real(const std::string& option, const std::string& text, double lo, double hi, double& out, std::string& err) {
    double v = 0;
    if (!parse_number_text(text, v) || !(v > lo) || !(v <= hi)) {
        err = option + ": expected a number in (" + std::to_string(static_cast<long long>(lo)) + ", " +
              std::to_string(static_cast<long long>(hi)) + "], got '" + text + "'";
        return false;
    }
    out = v;
    return true;
}

std::string thousands(uint64_t v) {
    const std::string digits = std::to_string(v);
    std::string s;
    s.reserve(digits.size() + digits.size() / 3);
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
        s.push_back(digits[i]);
    }
    return s;
}

std::string trim_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string space_label(const hotspot::NearRepeatParams& p, int s) {
    if (s == p.space_bands) return trim_num(p.space_band_m * s) + "+ m";
    return trim_num(p.space_band_m * s) + "-" + trim_num(p.space_band_m * (s + 1)) + " m";
}

std::string time_label(const hotspot::NearRepeatParams& p, int t) {
    if (t == p.time_bands) return std::to_string(p.time_band_days * t) + "+ d";
    return std::to_string(p.time_band_days * t) + "-" + std::to_string(p.time_band_days * (t + 1)) + " d";
}

void print_table(const hotspot::NearRepeatResult& r, const char* title, std::string (*cell)(const hotspot::NearRepeatCell&)) {
    const auto& p = r.params;
    std::vector<std::string> text;
    int w = 8;
    for (int s = 0; s < r.rows(); ++s)
        for (int t = 0; t < r.cols(); ++t) {
            text.push_back(cell(r.at(s, t)));
            w = std::max(w, static_cast<int>(text.back().size()));
        }
    for (int t = 0; t < r.cols(); ++t) w = std::max(w, static_cast<int>(time_label(p, t).size()));
    std::printf("\n%s\n%-12s", title, "");
    for (int t = 0; t < r.cols(); ++t) std::printf("  %*s", w, time_label(p, t).c_str());
    std::printf("\n");
    size_t k = 0;
    for (int s = 0; s < r.rows(); ++s) {
        std::printf("%-12s", space_label(p, s).c_str());
        for (int t = 0; t < r.cols(); ++t) std::printf("  %*s", w, text[k++].c_str());
        std::printf("\n");
    }
}

}  // namespace

void register_near_repeat(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("near-repeat", "Near repeats: the Knox test with Monte Carlo permutations (Near Repeat Calculator)");
    static IncidentSource src;
    static std::string space_band_m = "100", space_bands = "5", time_band_days = "7", time_bands = "5", permutations = "99",
                       seed = "1", max_incidents = "50000";
    static bool json = false;
    add_incident_source_options(cmd, src);
    cmd->add_option("--space-band-m", space_band_m, "width of each space band, metres (bands are [lo, hi))")->capture_default_str();
    cmd->add_option("--space-bands", space_bands, "number of space bands (1..100)")->capture_default_str();
    cmd->add_option("--time-band-days", time_band_days, "width of each time band, days (bands are [lo, hi))")->capture_default_str();
    cmd->add_option("--time-bands", time_bands, "number of time bands (1..100)")->capture_default_str();
    cmd->add_option("--permutations", permutations, "Monte Carlo permutations of the dates (1..999)")->capture_default_str();
    cmd->add_option("--seed", seed, "seed of the permutations (std::mt19937_64)")->capture_default_str();
    cmd->add_option("--max-incidents", max_incidents, "use at most this many, the most recent (2..50000)")->capture_default_str();
    cmd->add_flag("--json", json, "print JSON");
    cmd->callback([&ctx] {
        auto fail = [&](int code, const std::string& msg) {
            std::fprintf(stderr, "error: %s\n", msg.c_str());
            ctx.exit_code = code;
        };
        hotspot::NearRepeatParams p;
        std::string err;
        long long v = 0;
        if (!parse_real("--space-band-m", space_band_m, 0, 100000, p.space_band_m, err)) return fail(2, err);
        if (!parse_whole("--space-bands", space_bands, 1, hotspot::kNearRepeatMaxBands, v, err)) return fail(2, err);
        p.space_bands = static_cast<int>(v);
        if (!parse_whole("--time-band-days", time_band_days, 1, hotspot::kNearRepeatMaxBandDays, v, err)) return fail(2, err);
        p.time_band_days = static_cast<int>(v);
        if (!parse_whole("--time-bands", time_bands, 1, hotspot::kNearRepeatMaxBands, v, err)) return fail(2, err);
        p.time_bands = static_cast<int>(v);
        if (!parse_whole("--permutations", permutations, 1, hotspot::kNearRepeatMaxPermutations, v, err)) return fail(2, err);
        p.permutations = static_cast<int>(v);
        if (!parse_whole("--seed", seed, 0, INT64_MAX, v, err)) return fail(2, err);
        p.seed = static_cast<uint64_t>(v);
        if (!parse_whole("--max-incidents", max_incidents, 2, static_cast<long long>(hotspot::kNearRepeatMaxIncidents), v, err))
            return fail(2, err);
        p.max_incidents = static_cast<size_t>(v);

        auto loaded = load_incidents(src, ctx.assets_dir);
        if (!loaded) return fail(exit_code_for(loaded.error()), loaded.error().to_string());
        auto r = hotspot::near_repeat(loaded->table, loaded->rows, p);
        if (!r) {
            const Error& e = r.error();
            std::string option = e.field;   // a parameter's name is its option's, with '_' for '-'
            for (auto& ch : option) ch = ch == '_' ? '-' : ch;
            return fail(2, option.empty() ? e.message : "--" + option + ": " + e.message);
        }
        const auto& res = r.value();
        if (json) {
            auto j = hotspot::near_repeat_json(res);
            j["source"] = loaded->source;
            j["selected"] = loaded->rows.size();
            std::printf("%s\n", j.dump(1).c_str());
            return;
        }
        std::printf("%s: near repeats (Knox test), %s incidents %s .. %s, %d permutations of the dates (seed %llu)\n",
                    loaded->source.c_str(), thousands(res.incidents).c_str(), format_day(res.first_day).c_str(),
                    format_day(res.last_day).c_str(), p.permutations, static_cast<unsigned long long>(p.seed));
        if (res.capped)
            std::printf("  capped: the %s most recent incidents used, %s older ones left out\n", thousands(res.incidents).c_str(),
                        thousands(res.left_out_by_cap).c_str());
        if (res.without_position) std::printf("  %s selected incidents without a position left out\n", thousands(res.without_position).c_str());
        std::printf("  pairs: %s in all, %s under %s m, %s under %s m and %d days\n", thousands(res.pairs_total).c_str(),
                    thousands(res.pairs_near).c_str(), trim_num(p.space_band_m * p.space_bands).c_str(),
                    thousands(res.pairs_in_bands).c_str(), trim_num(p.space_band_m * p.space_bands).c_str(),
                    p.time_band_days * p.time_bands);
        std::printf("  Euclidean distance on a local plane; bands are [lo, hi): a pair %s m apart is in the second space band,"
                    " one %d days apart in the second time band\n",
                    trim_num(p.space_band_m).c_str(), p.time_band_days);
        print_table(res, "Knox ratio, observed / expected (* p <= 0.05):", [](const hotspot::NearRepeatCell& c) {
            if (!std::isfinite(c.ratio)) return std::string(c.observed ? "inf" : "-") + (c.p <= 0.05 ? "*" : " ");
            char b[32];
            std::snprintf(b, sizeof b, "%.2f%s", c.ratio, c.p <= 0.05 ? "*" : " ");
            return std::string(b);
        });
        print_table(res, "Observed pairs (expected):", [](const hotspot::NearRepeatCell& c) {
            char b[48];
            std::snprintf(b, sizeof b, "%llu (%.1f)", static_cast<unsigned long long>(c.observed), c.expected);
            return std::string(b);
        });
        print_table(res, "p = (1 + permutations with as many pairs) / (permutations + 1):", [](const hotspot::NearRepeatCell& c) {
            char b[32];
            std::snprintf(b, sizeof b, "%.3f%s", c.p, c.p <= 0.05 ? "*" : " ");
            return std::string(b);
        });
    });
}

}  // namespace crimescope::cli
