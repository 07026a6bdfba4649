// view_classify.cpp: the crime-type classifier (paper 000, LCRNet, report-triage inputs): a case form with
// the fields of the selected dataset's model, the class probabilities as bars and what drove them (the
// change in the top class's probability when each field is blanked), a batch run with accuracy, per-class
// metrics and the confusion matrix as a heat table, and the model card one click away.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/views/views.hpp"
#include "platform/platform.hpp"

namespace crimescope::app {

namespace {

const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::string shown_value(const classify::Field& f, const std::string& v) {
    if ((f.kind == "mdy_weekday" || f.kind == "ymd_weekday") && v.size() == 1 && v[0] >= '0' && v[0] <= '6') return kWeekdays[v[0] - '0'];
    return v;
}

void field_input(ClassifyState& C, size_t k, float width) {
    const auto& f = C.model.fields[k];
    auto& buf = C.form[k];
    ImGui::PushID(static_cast<int>(k));
    ImGui::SetNextItemWidth(width);
    if (!f.is_numeric() && !f.is_text()) {
        const std::string cur = buf[0] ? shown_value(f, buf.data()) : "unknown";
        if (ImGui::BeginCombo(f.name.c_str(), cur.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable("unknown", buf[0] == 0)) buf[0] = 0;
            for (size_t v = 1; v < f.vocab.size(); ++v)
                if (ImGui::Selectable(shown_value(f, f.vocab[v]).c_str(), f.vocab[v] == buf.data())) std::snprintf(buf.data(), buf.size(), "%s", f.vocab[v].c_str());
            ImGui::EndCombo();
        }
    } else {
        ImGui::InputText(f.name.c_str(), buf.data(), buf.size(), f.is_numeric() ? ImGuiInputTextFlags_CharsDecimal : 0);
    }
    ImGui::PopID();
}

void model_card(AppState& s) {
    auto& C = s.cls;
    if (!C.show_card) return;
    ImGui::SetNextWindowSize(ImVec2(640 * s.ui_scale, 520 * s.ui_scale), ImGuiCond_Appearing);
    const int tool_flags = tool_window_next(s);
    if (!ImGui::Begin("Model card", &C.show_card, tool_flags)) { ImGui::End(); return; }
    tool_window_back(s, C.show_card);
    const classify::ModelCard& card = C.model.card;
    ImGui::TextWrapped("%s", card.model.c_str());
    ImGui::Text("Dataset: %s. Inputs: %s.", C.model.dataset.c_str(), C.model.setting.c_str());
    if (card.has_split)
        ImGui::TextWrapped("Split by time. Train: %s. Test: %s (%lld records). Subsample: %s.", card.train.c_str(), card.test.c_str(),
                           card.test_rows, card.subsample.c_str());
    ImGui::Text("Parameters: %lld; FLOPs per record: %lld (SAS saves %lld)", card.parameters, card.flops_per_record,
                card.sas_flops_saved_per_record);
    if (!card.config.empty()) ImGui::TextWrapped("Configuration: %s", card.config.c_str());
    ImGui::SeparatorText("Held-out metrics (test months)");
    if (!card.metrics.empty() && ImGui::BeginTable("card_metrics", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        for (const char* h : {"setting", "model", "accuracy", "macro-F1"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& m : card.metrics) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.setting.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.model.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", m.accuracy);
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", m.macro_f1);
        }
        ImGui::EndTable();
    }
    ImGui::SeparatorText("The leak");
    ImGui::TextWrapped("%s", card.leak_note.c_str());
    ImGui::SeparatorText("Limits");
    ImGui::TextWrapped("%s", card.limits.c_str());
    ImGui::End();
}

void batch_view(AppState& s) {
    auto& C = s.cls;
    const auto& b = C.batch;
    const float sc = s.ui_scale;
    if (platform::has_file_browser()) {   // desktop: a path (or drop the file on the window)
        ImGui::SetNextItemWidth(300 * sc);
        ImGui::InputTextWithHint("##csv", "a CSV with the model's columns", C.csv_path, sizeof C.csv_path);
        ImGui::SameLine();
        if (ImGui::Button("Classify CSV") && C.csv_path[0]) { C.want_csv = true; C.select_batch = true; }
    } else {   // browser: the page's file chooser, or drop the file on the page
        if (ImGui::Button("Classify a CSV...")) platform::open_file_picker();
        ImGui::SameLine();
        ImGui::TextDisabled("or drop it on the page while this window is open");
    }
    if (C.batch_pending) ImGui::TextDisabled("classifying...");
    if (!b.n) { ImGui::TextDisabled("Run the reference records (button above) or classify a CSV."); return; }
    ImGui::TextWrapped("%s: %zu records, %zu with a known class; accuracy %.3f, macro-F1 %.3f; %.3f ms per case in a batch", b.source.c_str(), b.n,
                       b.labelled, b.metrics.accuracy, b.metrics.macro_f1, b.ms_per_case);
    if (b.max_abs_diff >= 0) ImGui::Text("largest difference from the training script's probabilities: %.2g", b.max_abs_diff);
    const size_t NC = C.model.classes.size();
    if (ImGui::BeginTable("per_class", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        for (const char* h : {"class", "precision", "recall", "F1", "support"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (size_t c = 0; c < NC && c < b.metrics.f1.size(); ++c) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(C.model.classes[c].c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", b.metrics.precision[c]);
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", b.metrics.recall[c]);
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", b.metrics.f1[c]);
            ImGui::TableNextColumn();
            ImGui::Text("%ld", b.metrics.support[c]);
        }
        ImGui::EndTable();
    }
    // Confusion matrix as a heat table: each row shaded by its share of the true class.
    ImGui::TextDisabled("confusion: rows = true class, columns = predicted");
    if (ImGui::BeginTable("confusion", static_cast<int>(NC) + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("");
        for (size_t c = 0; c < NC; ++c) ImGui::TableSetupColumn(C.model.classes[c].substr(0, 10).c_str());
        ImGui::TableHeadersRow();
        for (size_t r = 0; r < NC && r < b.confusion.size(); ++r) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(C.model.classes[r].c_str());
            long row = 0;
            for (long v : b.confusion[r]) row += v;
            for (size_t c = 0; c < NC; ++c) {
                ImGui::TableNextColumn();
                const float share = row ? float(b.confusion[r][c]) / float(row) : 0.0f;
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(ImVec4(r == c ? 0.2f : 0.85f, r == c ? 0.7f : 0.3f, 0.25f, 0.15f + 0.8f * share)));
                ImGui::Text("%ld", b.confusion[r][c]);
            }
        }
        ImGui::EndTable();
    }
}

}  // namespace

void draw_classify(AppState& s) {
    auto& C = s.cls;
    model_card(s);
    if (!C.show) return;
    const float sc = s.ui_scale;
    ImGui::SetNextWindowSize(ImVec2(720 * sc, 660 * sc), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, 40 * sc), ImGuiCond_Appearing, ImVec2(0.5f, 0));
    const int tool_flags = tool_window_next(s);
    if (!ImGui::Begin("Crime type (LCRNet, paper 000)", &C.show, tool_flags)) { ImGui::End(); return; }
    tool_window_back(s, C.show);
    if (!C.available.empty()) {
        ImGui::SetNextItemWidth(160 * sc);
        const std::string cur = C.available[static_cast<size_t>(std::clamp(C.model_index, 0, static_cast<int>(C.available.size()) - 1))];
        if (ImGui::BeginCombo("model", cur.c_str())) {
            for (size_t k = 0; k < C.available.size(); ++k)
                if (ImGui::Selectable(C.available[k].c_str(), C.model_index == static_cast<int>(k))) C.model_index = static_cast<int>(k);
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button("Model card")) C.show_card = true;
        s.mark_widget("classify_card");
        ImGui::SameLine();
        if (ImGui::Button("Run the 200 held-out reference records")) { C.want_reference = true; C.select_batch = true; }
        s.mark_widget("classify_reference");
    }
    if (!C.error.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", C.error.c_str());
    if (C.loaded.empty() || C.model.fields.empty()) { ImGui::End(); return; }
    ImGui::TextDisabled("What is known when a report is filed, without its classification. Decision support only.");
    if (ImGui::BeginTabBar("classify_tabs")) {
        if (ImGui::BeginTabItem("Case")) {
            ImGui::BeginChild("form", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f, 0), true);
            for (size_t k = 0; k < C.model.fields.size(); ++k) field_input(C, k, 170 * sc);
            if (ImGui::Button("Classify")) C.want_classify = true;
            s.mark_widget("classify_run");
            ImGui::EndChild();
            ImGui::SameLine();
            ImGui::BeginChild("answer", ImVec2(0, 0), true);
            if (C.pending) ImGui::TextDisabled("running the model...");
            if (!C.probs.empty()) {
                std::vector<size_t> order(C.probs.size());
                for (size_t c = 0; c < order.size(); ++c) order[c] = c;
                std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return C.probs[a] > C.probs[b]; });
                for (size_t c : order) {
                    char label[96];
                    std::snprintf(label, sizeof label, "%s %.1f%%", C.model.classes[c].c_str(), C.probs[c] * 100);
                    ImGui::ProgressBar(C.probs[c], ImVec2(-1, 0), label);
                }
                s.mark_widget("classify_probs");
                ImGui::SeparatorText("What drove it");
                ImGui::TextDisabled("change in p(%s) when a field is blanked", C.model.classes[static_cast<size_t>(C.top)].c_str());
                std::vector<size_t> f(C.occlusion.size());
                for (size_t k = 0; k < f.size(); ++k) f[k] = k;
                std::sort(f.begin(), f.end(), [&](size_t a, size_t b) { return std::fabs(C.occlusion[a]) > std::fabs(C.occlusion[b]); });
                for (size_t k : f) {
                    const float d = C.occlusion[k];
                    ImGui::Text("%-16s", C.model.fields[k].name.c_str());
                    ImGui::SameLine(140 * sc);
                    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, d >= 0 ? ImVec4(0.3f, 0.7f, 0.4f, 1) : ImVec4(0.85f, 0.4f, 0.3f, 1));
                    char label[32];
                    std::snprintf(label, sizeof label, "%+.3f", d);
                    ImGui::ProgressBar(std::min(1.0f, std::fabs(d)), ImVec2(-1, 0), label);
                    ImGui::PopStyleColor();
                }
                ImGui::TextDisabled("answered in %.1f ms", C.last_ms);
            }
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        const bool to_batch = C.select_batch;
        C.select_batch = false;
        if (ImGui::BeginTabItem("Batch", nullptr, to_batch ? ImGuiTabItemFlags_SetSelected : 0)) {
            batch_view(s);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

}  // namespace crimescope::app
