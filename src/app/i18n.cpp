#include "app/i18n.hpp"

#include <string_view>
#include <unordered_map>

namespace crimescope::app {

namespace {

Lang g_lang = Lang::en;

// The string table: English (the key, as written in the views) and Spanish. Keep conversions in order.
struct Entry { const char* en; const char* es; };
constexpr Entry kTable[] = {
    // search bar and menu
    {"Search an address, intersection or place", "Busca una dirección, un cruce o un lugar"},
    {"Menu", "Menú"},
    {"Close menu", "Cerrar menú"},
    {"Back to the map", "Volver al mapa"},
    {"Export", "Exportar"},
    {"Incidents CSV", "Delitos CSV"},
    {"GeoJSON", "GeoJSON"},
    {"Map PNG", "Mapa PNG"},
    {"Card JSON", "Ficha JSON"},
    {"Card PNG", "Ficha PNG"},
    {"Forecast CSV", "Pronóstico CSV"},
    {"Patterns CSV", "Patrones CSV"},
    {"Classifier CSV", "Clasificador CSV"},
    {"Heat overlay of S", "Mapa de calor de S"},
    {"Data source", "Fuente de datos"},
    {"Open a file...", "Abrir un archivo..."},
    {"Forecast", "Pronóstico"},
    {"Patterns", "Patrones"},
    {"Linkage", "Vinculación"},
    {"Classifier", "Clasificador"},
    {"Hotspots", "Zonas calientes"},
    {"(choose a city)", "(elige una ciudad)"},
    {"%s of %s incidents shown", "%s de %s incidentes mostrados"},
    {"Date range", "Fechas"},
    {"Hour of day", "Hora del día"},
    {"This file gives only the month of each crime: dates count from the 1st of the month and there are no times of day.",
     "Este archivo solo da el mes de cada delito: las fechas cuentan desde el día 1 del mes y no hay horas."},
    {"Last 30 days", "Últimos 30 días"},
    {"Last year", "Último año"},
    {"All dates", "Todas las fechas"},
    {"all", "todos"},
    {"none", "ninguno"},
    // the card's bottom sheet
    {"Tap the map or search a place to see the crimes reported nearby.",
     "Toca el mapa o busca un lugar para ver los delitos denunciados cerca."},
    {"Less", "Menos"},
    {"Estimate from the crimes of the last 30 days: S = %.2f.", "Estimación con los delitos de los últimos 30 días: S = %.2f."},
    // data source
    {"Disclaimer", "Aviso"},
    {"These are reported crimes only: unreported crime and differences in reporting are not visible here.",
     "Son solo delitos denunciados: los delitos no denunciados y las diferencias al denunciar no se ven aquí."},
    {"%s incidents, %s .. %s", "%s incidentes, %s .. %s"},
    {"Columns", "Columnas"},
    // the map's density switch (issue #15)
    {"Map", "Mapa"},
    {"Points", "Puntos"},
    {"Density", "Densidad"},
};

const std::unordered_map<std::string_view, const char*>& spanish() {
    static const auto* m = [] {
        auto* out = new std::unordered_map<std::string_view, const char*>();
        for (const auto& e : kTable) (*out)[e.en] = e.es;
        return out;
    }();
    return *m;
}

}  // namespace

void set_lang(Lang l) { g_lang = l; }
Lang lang() { return g_lang; }
const char* lang_code() { return g_lang == Lang::es ? "es" : "en"; }

bool parse_lang(const std::string& code, Lang& out) {
    const std::string p = code.substr(0, 2);
    if (p == "en" || p == "EN") { out = Lang::en; return true; }
    if (p == "es" || p == "ES") { out = Lang::es; return true; }
    return false;
}

const char* tr(const char* en) {
    if (g_lang == Lang::en || !en) return en;
    const auto& m = spanish();
    auto it = m.find(en);
    return it == m.end() ? en : it->second;
}

int missing_spanish() {
    int n = 0;
    for (const auto& e : kTable) n += (!e.es || !*e.es) ? 1 : 0;
    return n;
}

}  // namespace crimescope::app
