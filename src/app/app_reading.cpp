// app_reading.cpp: the mapping editor's requests (issue #14). The user's saved readings are one document,
// "profiles" (desktop: profiles.json in the data folder, written atomically; browser: IndexedDB), read at start
// and written whole on Save / Forget. Every rule (what a choice may be, what is saved) is in data/profile_edit.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "app/app.hpp"
#include "base/user_store.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

namespace {
const char* kProfilesKey = "profiles";
}

void App::set_aside_user_data(const std::string& key, const std::string& text,
                              std::function<void(const std::string&, const std::string&)> done) {
    const std::string aside = set_aside_key(key, static_cast<long long>(std::time(nullptr)));
    // Kept first; only then is the entry emptied (so the next start does not keep it again), then `done`.
    platform::save_user_data(aside, text, [key, aside, done](const std::string& err) {
        if (!err.empty()) { done(aside, err); return; }
        platform::save_user_data(key, "", [aside, done](const std::string& e) { done(aside, e); });
    });
}

void App::restore_saved_profiles() {
    platform::load_user_data(kProfilesKey, [this](const std::string& text, const std::string& err) {
        const std::string what = "your saved column readings could not be read: ";
        if (!err.empty()) {
            m_state.saved_profiles_loaded = true;
            m_state.saved_profiles_error = what + err;
            // The platform already kept an entry that was not text: a new reading may replace it.
            if (err.rfind(kSetAsidePrefix, 0) == 0) m_state.saved_profiles_set_aside = kProfilesKey;
            m_state.status = m_state.saved_profiles_error;
            return;
        }
        auto list = data::parse_saved_profiles(text, "saved profiles");
        if (!list) {
            // Kept as it is under another key before anything may overwrite it; Save waits for that.
            m_state.saved_profiles_error = what + list.error().to_string();
            m_state.status = m_state.saved_profiles_error;
            set_aside_user_data(kProfilesKey, text, [this, what](const std::string& aside, const std::string& e) {
                m_state.saved_profiles_loaded = true;
                if (!e.empty()) { m_state.saved_profiles_error += "; it could not be kept aside (" + e + "), so it is not replaced"; return; }
                m_state.saved_profiles_set_aside = aside;
                m_state.saved_profiles_error += "; it is kept as " + aside + ", and new readings are saved in a fresh document";
                m_state.status = m_state.saved_profiles_error;
            });
            return;
        }
        m_state.saved_profiles_loaded = true;
        m_state.saved_profiles = std::move(list.value());
    });
}

void App::update_reading() {
    AppState& s = m_state;
    ReadingState& rd = s.reading;
    // --choose / --save-reading: after the start file is read, the same edits the drop-downs make.
    if (!m_choose_applied && rd.sample && (!m_opts.choose.empty() || m_opts.save_reading)) {
        m_choose_applied = true;
        data::Profile p = rd.profile;
        for (const auto& [key, value] : m_opts.choose) {
            int k = 0;
            while (k < data::kChoiceCount && key != data::choice_key(static_cast<data::Choice>(k))) ++k;
            if (k == data::kChoiceCount) { rd.error = "--choose: no choice named '" + key + "'"; return; }
            auto q = data::edit_profile(p, *rd.sample, static_cast<data::Choice>(k), value);
            if (!q) { rd.error = q.error().message; return; }
            p = std::move(q.value());
        }
        if (!m_opts.choose.empty()) {
            s.req.ingest_path = rd.path;
            s.req.ingest_profile = std::make_shared<const data::Profile>(std::move(p));
        }
        m_save_pending = m_opts.save_reading;
        return;
    }
    if (m_save_pending && s.req.ingest_path.empty()) {
        m_save_pending = false;
        if (rd.error.empty()) s.req.save_reading = true;   // not the reading before a refused choice
    }
    if (!s.req.save_reading && !s.req.forget_reading) return;
    const bool save = s.req.save_reading;
    s.req.save_reading = s.req.forget_reading = false;
    if (!rd.sample) return;
    if (!s.saved_profiles_loaded || (!s.saved_profiles_error.empty() && s.saved_profiles_set_aside.empty())) {   // would overwrite readings not read
        rd.saved_note = "not saved: " + (s.saved_profiles_error.empty() ? std::string("your saved readings are still being read") : s.saved_profiles_error);
        return;
    }
    std::string what;
    if (save) {
        data::Profile p = data::profile_for_saving(rd.profile, *rd.sample);
        s.saved_profiles = data::with_saved_profile(std::move(s.saved_profiles), p);
        rd.profile.id = p.id;
        rd.profile.display_name = p.display_name;
        what = "Saved: the next file with these columns opens with this reading.";
    } else {
        const std::string id = rd.profile.id;
        std::erase_if(s.saved_profiles, [&](const data::Profile& q) { return q.id == id; });
        rd.profile.id = "unsaved:" + id.substr(id.find(':') + 1);
        what = "Forgotten: the next file with these columns is read with a shipped profile, or its columns are guessed again.";
    }
    ++rd.saving;
    AppState* sp = &s;
    platform::save_user_data(kProfilesKey, data::saved_profiles_json(s.saved_profiles), [sp, what](const std::string& err) {
        --sp->reading.saving;
        sp->reading.saved_note = err.empty() ? what : "not saved: " + err;
        if (!err.empty()) std::fprintf(stderr, "profiles: %s\n", err.c_str());
    });
}

nlohmann::json App::reading_state_json() const {
    const AppState& s = m_state;
    const ReadingState& rd = s.reading;
    nlohmann::json j;
    j["saved_profiles"] = s.saved_profiles.size();
    j["saved_profiles_loaded"] = s.saved_profiles_loaded;
    j["saved_profiles_error"] = s.saved_profiles_error;
    j["saved_profiles_set_aside"] = s.saved_profiles_set_aside;
    if (!rd.sample) return j;
    j["file"] = rd.path.substr(rd.path.find_last_of('/') + 1);
    j["profile_id"] = rd.profile.id;
    j["inferred"] = rd.inferred;
    j["edited"] = rd.edited;
    j["error"] = rd.error;
    j["saved_note"] = rd.saved_note;
    j["saving"] = rd.saving;
    j["header"] = rd.sample->header;
    j["notes"] = rd.profile.notes;
    nlohmann::json c = nlohmann::json::object();
    for (int k = 0; k < data::kChoiceCount; ++k) {
        const auto ch = static_cast<data::Choice>(k);
        if (data::choice_applies(rd.profile, ch)) c[data::choice_key(ch)] = data::choice_value(rd.profile, ch);
    }
    j["choices"] = c;
    if (rd.geocoded)
        j["geocode"] = {{"against", rd.geocoded_against}, {"exact", rd.geocode.exact}, {"approximate", rd.geocode.approximate},
                        {"not_placed", rd.geocode.not_placed}};
    if (s.city && s.current_id == "user") {
        if (const auto* t = s.city->incidents.category("type")) j["types"] = t->dict.size();
    }
    return j;
}

}  // namespace crimescope::app
