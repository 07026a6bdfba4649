// main.cpp: crimescope app entry point (desktop and browser).
//   crimescope [--pack ID | --pack FILE.cspack] [--csv FILE] [--frames N | --seconds S] [--screenshot out.png] [--bench-points N] [--print-state]
//              [--bench-app] [--density auto|points|density]
//              [--lang en|es] [--layout phone|desktop] [--touch-only] [--layer FILE.geojson]...
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>

#include "app/app.hpp"
#include "base/start_query.hpp"
#include "data/pack.hpp"
#include "platform/platform.hpp"

int main(int argc, char** argv) {
    using namespace crimescope;
    app::AppOptions opts;
    opts.start_ms = app::clock_ms();   // open_ms counts from here
    platform::WindowParams wp;
    wp.title = "crimescope";
    StartQuery sq;   // --lat --lon --radius --window --as-of and a link's (--query) values, checked alike
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) { std::fprintf(stderr, "error: %s needs a value\n", a.c_str()); std::exit(2); }
            return argv[++i];
        };
        auto checked = [&](const char* key) {
            const std::string v = next();
            std::string why;
            if (!set_start_value(sq, key, v, why)) {
                std::fprintf(stderr, "error: %s: %s\n", a.c_str(), why.c_str());
                std::exit(2);
            }
        };
        if (a == "--pack" || a == "--city") {
            opts.pack_id = next();   // an id of packs.json, or a .cspack file (a path: contains '/' or ends in .cspack)
            struct stat st;
            if (data::pack_value_is_path(opts.pack_id) && ::stat(opts.pack_id.c_str(), &st) != 0) {
                std::fprintf(stderr, "error: --pack: cannot open %s: %s\n", opts.pack_id.c_str(), std::strerror(errno));
                return 2;
            }
        } else if (a == "--csv") opts.csv_path = next();
        else if (a == "--choose") {
            std::string v = next();
            const size_t eq = v.find('=');
            if (eq == std::string::npos) { std::fprintf(stderr, "error: --choose wants KEY=VALUE, got '%s'\n", v.c_str()); return 2; }
            opts.choose.emplace_back(v.substr(0, eq), v.substr(eq + 1));
        } else if (a == "--save-reading") opts.save_reading = true;
        else if (a == "--frames") opts.exit_after_frames = std::atoi(next().c_str());
        else if (a == "--screenshot") opts.screenshot_path = next();
        else if (a == "--seconds") opts.exit_after_seconds = std::atof(next().c_str());
        else if (a == "--bench-points") { opts.bench_points = std::atol(next().c_str()); wp.vsync = false; }
        else if (a == "--print-state") opts.print_state = true;
        else if (a == "--bench-app") { opts.bench_app = true; wp.vsync = false; }
        else if (a == "--density") opts.density = next();
        // The place and the card's settings: the same checks as a link's query string (base/start_query).
        else if (a == "--lat") checked("lat");
        else if (a == "--lon") checked("lon");
        else if (a == "--radius") checked("r");
        else if (a == "--window") checked("w");
        else if (a == "--as-of") checked("date");
        else if (a == "--query") {   // the page's raw query string (web/app.js); hostile values are dropped and said
            const StartQuery q = parse_start_query(next());
            for (const auto& r : q.refused) std::printf("note: the link's %s: ignored\n", r.c_str());
            if (!q.city.empty()) opts.pack_id = q.city;
            if (q.lat_deg) sq.lat_deg = q.lat_deg;
            if (q.lon_deg) sq.lon_deg = q.lon_deg;
            if (q.radius_m) sq.radius_m = q.radius_m;
            if (q.window_days) sq.window_days = q.window_days;
            if (!q.as_of.empty()) sq.as_of = q.as_of;
            if (q.heat) opts.heat = true;
            if (!q.view.empty()) opts.view = q.view;
            if (!q.classify_model.empty()) opts.classify_model = q.classify_model;
            if (q.classify_check) opts.classify_check = true;
            if (!q.link_set.empty()) opts.link_set = q.link_set;
            if (!q.lang.empty()) opts.lang = q.lang;
            if (!q.density.empty()) opts.density = q.density;
            if (!q.hotspots.empty()) opts.hotspots = q.hotspots;
        }
        else if (a == "--heat") opts.heat = true;
        else if (a == "--view") opts.view = next();
        else if (a == "--hotspots") {   // kde|gistar|emerging|near_repeat|concentration|forecast_grid: opens the Hotspots view on it
            StartQuery hq;
            std::string why;
            if (!set_start_value(hq, "hotspots", next(), why)) {
                std::fprintf(stderr, "error: --hotspots: %s\n", why.c_str());
                return 2;
            }
            opts.hotspots = hq.hotspots;
            if (opts.view.empty()) opts.view = "hotspots";
        }
        else if (a == "--link-set") opts.link_set = next();
        else if (a == "--link-model") app::set_start_link_model(next());   // a `crimescope-cli link train` model ranks
        else if (a == "--classify-model") opts.classify_model = next();
        else if (a == "--classify-check") opts.classify_check = true;
        else if (a == "--no-vsync") wp.vsync = false;
        else if (a == "--lang") opts.lang = next();
        else if (a == "--layout") opts.layout = next();
        else if (a == "--touch-only") opts.touch_only = true;
        else if (a == "--layer") opts.layers.push_back(next());
        else if (a == "--export") opts.exports.push_back(next());
        else if (a == "--size") { std::string v = next(); std::sscanf(v.c_str(), "%dx%d", &wp.width, &wp.height); }
        else if (a == "--help" || a == "-h") {
            std::printf("crimescope [--pack ID | --pack FILE.cspack] [--csv FILE] [--size WxH] [--frames N | --seconds S] [--screenshot out.png]\n"
                        "           [--lat DEG --lon DEG] [--radius M] [--window DAYS] [--as-of YYYY-MM-DD] [--heat]\n"
                        "           [--view forecast|patterns|linkage|hotspots] [--hotspots kde|gistar|emerging|near_repeat|concentration|forecast_grid]\n"
                        "           [--link-set crimelinkage|israel_burglary_2020h1|robbery|FOLDER|CASES.csv] [--link-model MODEL.json]\n"
                        "           [--view classify] [--classify-model lapd|houston|vancouver] [--classify-check]\n"
                        "           [--bench-points N] [--bench-app] [--print-state] [--no-vsync] [--density auto|points|density]\n"
                        "           [--lang en|es] [--layout phone|desktop] [--touch-only] [--layer LAYER.geojson]...\n"
                        "           [--export incidents.csv|incidents.geojson|card.json|card.png|forecast.csv|map.png]... (with --frames: on exit,\n"
                        "            into the data folder's exports/)\n"
                        "           [--choose KEY=VALUE]... [--save-reading]  (after --csv is read: change a column choice of the\n"
                        "            mapping editor, KEY one of type date date_format time coord_kind lat lon x y system geometry address id;\n"
                        "            then keep the reading for files with the same columns)\n"
                        "Packs: houston (default), vancouver, los_angeles, chicago, chicago_assaults, new_york, mexico_city.\n");
            return 0;
        } else {
            std::fprintf(stderr, "error: unknown option %s (see --help)\n", a.c_str());
            return 2;
        }
    }
    if (sq.lat_deg) opts.lat = *sq.lat_deg;
    if (sq.lon_deg) opts.lon = *sq.lon_deg;
    if (sq.radius_m) opts.radius_m = *sq.radius_m;
    if (sq.window_days) opts.window_days = *sq.window_days;
    if (!sq.as_of.empty()) opts.as_of = sq.as_of;
    if (!platform::init(wp)) {
        std::fprintf(stderr, "error: cannot create a window with OpenGL 3.3 / WebGL2\n");
        return 1;
    }
    static app::App the_app;
    std::string error;
    if (!the_app.init(opts, error)) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return 1;
    }
    platform::on_file_dropped([](const std::string& path) { the_app.file_dropped(path); });
    platform::run([] { the_app.frame(); }, [] { the_app.after_render(); });
    platform::shutdown();
    return 0;
}
