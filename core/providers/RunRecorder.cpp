#include "core/providers/RunRecorder.h"

#include "core/metrics/MetricsCalculator.h"
#include "core/metrics/TokenEstimator.h"

namespace triad::providers {

RunRecorder::RunRecorder(std::string promptText) : m_promptText(std::move(promptText)) {}

std::shared_ptr<RunRecorder> RunRecorder::create(const ChatRequest& request)
{
    return std::shared_ptr<RunRecorder>(new RunRecorder(promptTextOf(request)));
}

std::string RunRecorder::promptTextOf(const ChatRequest& request)
{
    if (request.rawPrompt)
        return *request.rawPrompt;
    std::string text = request.system;
    for (const auto& m : request.messages) {
        if (!text.empty())
            text += "\n";
        text += m.content;
    }
    return text;
}

void RunRecorder::mergeToolCallDeltas(nlohmann::json& calls, const nlohmann::json& deltas)
{
    if (!calls.is_array())
        calls = nlohmann::json::array();
    if (!deltas.is_array())
        return;
    for (const auto& d : deltas) {
        if (!d.is_object())
            continue;
        size_t index = calls.size();
        if (d.contains("index") && d["index"].is_number_unsigned())
            index = d["index"].get<size_t>();
        else if (d.contains("index") && d["index"].is_number_integer() && d["index"].get<int64_t>() >= 0)
            index = static_cast<size_t>(d["index"].get<int64_t>());
        if (index > 1024)
            continue;   // a corrupt index must not allocate the world
        while (calls.size() <= index)
            calls.push_back({{"id", ""}, {"type", "function"}, {"function", {{"name", ""}, {"arguments", ""}}}});
        auto& call = calls[index];
        if (d.contains("id") && d["id"].is_string() && !d["id"].get<std::string>().empty())
            call["id"] = d["id"];
        if (d.contains("type") && d["type"].is_string())
            call["type"] = d["type"];
        if (d.contains("function") && d["function"].is_object()) {
            const auto& f = d["function"];
            if (f.contains("name") && f["name"].is_string())
                call["function"]["name"] = call["function"]["name"].get<std::string>() + f["name"].get<std::string>();
            if (f.contains("arguments") && f["arguments"].is_string())
                call["function"]["arguments"] =
                    call["function"]["arguments"].get<std::string>() + f["arguments"].get<std::string>();
        }
    }
}

ChatSink RunRecorder::sink(ChatSink next)
{
    auto self = shared_from_this();
    return [self, next = std::move(next)](const ChatEvent& e) {
        self->record(e);
        if (next)
            next(e);
    };
}

void RunRecorder::record(const ChatEvent& e)
{
    std::lock_guard lock(m_mutex);
    if (m_run.done)
        return;
    switch (e.kind) {
    case ChatEventKind::Started:
        m_run.timeline.markSent(e.atNs);
        break;
    case ChatEventKind::FirstByte:
        m_run.timeline.markFirstByte(e.atNs);
        break;
    case ChatEventKind::TextDelta:
        m_run.text += e.text;
        m_run.timeline.addChunk(e.atNs, metrics::TokenEstimator::countCodePoints(e.text), false);
        break;
    case ChatEventKind::ReasoningDelta:
        m_run.reasoning += e.text;
        m_run.timeline.addChunk(e.atNs, metrics::TokenEstimator::countCodePoints(e.text), true);
        break;
    case ChatEventKind::ToolCallDelta:
        mergeToolCallDeltas(m_run.toolCalls, e.json);
        break;
    case ChatEventKind::Usage:
        if (e.usage.promptTokens)
            m_run.usage.promptTokens = e.usage.promptTokens;
        if (e.usage.completionTokens)
            m_run.usage.completionTokens = e.usage.completionTokens;
        break;
    case ChatEventKind::Retrying:
        m_run.retries.push_back(e.text);
        break;
    case ChatEventKind::Finished:
        m_run.finishReason = e.finishReason;
        m_run.timeline.markDone(e.atNs);
        m_run.done = true;
        break;
    case ChatEventKind::Failed:
        m_run.error = e.error;
        m_run.timeline.markDone(e.atNs);
        m_run.done = true;
        break;
    }
}

RunSnapshot RunRecorder::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_run;
}

metrics::RequestMetrics RunRecorder::metrics(const metrics::PriceTable* prices,
                                             const std::string& priceProvider,
                                             const std::string& model) const
{
    metrics::TokenInputs tokens;
    metrics::Timeline timeline;
    {
        std::lock_guard lock(m_mutex);
        tokens.promptTokens = m_run.usage.promptTokens;
        tokens.completionTokens = m_run.usage.completionTokens;
        tokens.completionText = m_run.reasoning + m_run.text;
        timeline = m_run.timeline;
    }
    tokens.promptText = m_promptText;
    auto m = metrics::MetricsCalculator::compute(timeline, tokens);
    if (prices)
        prices->applyCost(m, priceProvider, model);
    return m;
}

} // namespace triad::providers
