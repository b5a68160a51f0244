#include "core/playground/Session.h"

// JSON form of sessions: snake_case keys that match the wire names where one exists
// (top_p, max_tokens, tool_calls ...), so a stored session reads like a request.
// Unset optionals and empty optional strings are omitted rather than written as null,
// which keeps stored rows small and diffs readable. Reading is tolerant of missing keys
// (an older or hand-edited session still loads); a key of the wrong type throws
// nlohmann::json::type_error, which the store turns into an error naming the session.

namespace triad::providers {

namespace {

template <typename T>
void putOptional(nlohmann::json& j, const char* key, const std::optional<T>& value)
{
    if (value)
        j[key] = *value;
}

template <typename T>
void getOptional(const nlohmann::json& j, const char* key, std::optional<T>& out)
{
    out.reset();
    auto it = j.find(key);
    if (it != j.end() && !it->is_null())
        out = it->get<T>();
}

template <typename T>
void getValue(const nlohmann::json& j, const char* key, T& out)
{
    auto it = j.find(key);
    if (it != j.end() && !it->is_null())
        out = it->get<T>();
}

} // namespace

void to_json(nlohmann::json& j, const SamplingParams& p)
{
    j = nlohmann::json::object();
    putOptional(j, "temperature", p.temperature);
    putOptional(j, "top_p", p.topP);
    putOptional(j, "top_k", p.topK);
    putOptional(j, "min_p", p.minP);
    putOptional(j, "max_tokens", p.maxTokens);
    if (!p.stop.empty())
        j["stop"] = p.stop;
    putOptional(j, "seed", p.seed);
    putOptional(j, "presence_penalty", p.presencePenalty);
    putOptional(j, "frequency_penalty", p.frequencyPenalty);
    putOptional(j, "repetition_penalty", p.repetitionPenalty);
}

void from_json(const nlohmann::json& j, SamplingParams& p)
{
    p = SamplingParams{};
    if (!j.is_object())
        return;
    getOptional(j, "temperature", p.temperature);
    getOptional(j, "top_p", p.topP);
    getOptional(j, "top_k", p.topK);
    getOptional(j, "min_p", p.minP);
    getOptional(j, "max_tokens", p.maxTokens);
    getValue(j, "stop", p.stop);
    getOptional(j, "seed", p.seed);
    getOptional(j, "presence_penalty", p.presencePenalty);
    getOptional(j, "frequency_penalty", p.frequencyPenalty);
    getOptional(j, "repetition_penalty", p.repetitionPenalty);
}

void to_json(nlohmann::json& j, const ChatMessage& m)
{
    j = nlohmann::json{{"role", m.role}, {"content", m.content}};
    if (!m.reasoning.empty())
        j["reasoning"] = m.reasoning;
    if (!m.toolCalls.is_null())
        j["tool_calls"] = m.toolCalls;
    if (!m.toolCallId.empty())
        j["tool_call_id"] = m.toolCallId;
    putOptional(j, "weight", m.weight);
}

void from_json(const nlohmann::json& j, ChatMessage& m)
{
    m = ChatMessage{};
    if (!j.is_object())
        return;
    getValue(j, "role", m.role);
    getValue(j, "content", m.content);
    getValue(j, "reasoning", m.reasoning);
    if (auto it = j.find("tool_calls"); it != j.end())
        m.toolCalls = *it;
    getValue(j, "tool_call_id", m.toolCallId);
    getOptional(j, "weight", m.weight);
}

void to_json(nlohmann::json& j, const ChatRequest& r)
{
    j = nlohmann::json{{"model", r.model}, {"messages", r.messages}, {"params", r.params},
                       {"stream", r.stream}};
    if (!r.system.empty())
        j["system"] = r.system;
    if (!r.tools.is_null())
        j["tools"] = r.tools;
    if (!r.extraBody.is_null())
        j["extra_body"] = r.extraBody;
    putOptional(j, "raw_prompt", r.rawPrompt);
}

void from_json(const nlohmann::json& j, ChatRequest& r)
{
    r = ChatRequest{};
    if (!j.is_object())
        return;
    getValue(j, "model", r.model);
    getValue(j, "system", r.system);
    getValue(j, "messages", r.messages);
    getValue(j, "params", r.params);
    if (auto it = j.find("tools"); it != j.end())
        r.tools = *it;
    if (auto it = j.find("extra_body"); it != j.end())
        r.extraBody = *it;
    getValue(j, "stream", r.stream);
    getOptional(j, "raw_prompt", r.rawPrompt);
}

} // namespace triad::providers

namespace triad::playground {

std::string Target::label() const
{
    return providerId + "/" + model;
}

providers::SamplingParams effectiveParams(const Session& session, size_t index)
{
    if (index >= session.panes.size())
        return {};
    const PaneConfig& pane = session.panes[index];
    if (index == 0 || !pane.sameParamsAsFirst)
        return pane.params;
    return session.panes.front().params;
}

providers::ChatRequest buildRequest(const Session& session, size_t index)
{
    providers::ChatRequest request;
    if (index < session.panes.size())
        request.model = session.panes[index].target.model;
    request.system = session.systemPrompt;
    request.messages = session.conversation;
    if (!session.draft.empty()) {
        providers::ChatMessage turn;
        turn.role = "user";
        turn.content = session.draft;
        request.messages.push_back(std::move(turn));
    }
    request.params = effectiveParams(session, index);
    request.stream = true;
    return request;
}

void to_json(nlohmann::json& j, const Target& t)
{
    j = nlohmann::json{{"provider_id", t.providerId}, {"model", t.model}};
}

void from_json(const nlohmann::json& j, Target& t)
{
    t = Target{};
    if (!j.is_object())
        return;
    providers::getValue(j, "provider_id", t.providerId);
    providers::getValue(j, "model", t.model);
}

void to_json(nlohmann::json& j, const PaneConfig& p)
{
    j = nlohmann::json{{"target", p.target}, {"same_params_as_first", p.sameParamsAsFirst},
                       {"params", p.params}};
}

void from_json(const nlohmann::json& j, PaneConfig& p)
{
    p = PaneConfig{};
    if (!j.is_object())
        return;
    providers::getValue(j, "target", p.target);
    providers::getValue(j, "same_params_as_first", p.sameParamsAsFirst);
    providers::getValue(j, "params", p.params);
}

void to_json(nlohmann::json& j, const Session& s)
{
    j = nlohmann::json{{"name", s.name},
                       {"system_prompt", s.systemPrompt},
                       {"conversation", s.conversation},
                       {"draft", s.draft},
                       {"panes", s.panes},
                       {"created_at_ms", s.createdAtMs},
                       {"updated_at_ms", s.updatedAtMs}};
    if (s.id != 0)
        j["id"] = s.id;
}

void from_json(const nlohmann::json& j, Session& s)
{
    s = Session{};
    if (!j.is_object())
        return;
    providers::getValue(j, "id", s.id);
    providers::getValue(j, "name", s.name);
    providers::getValue(j, "system_prompt", s.systemPrompt);
    providers::getValue(j, "conversation", s.conversation);
    providers::getValue(j, "draft", s.draft);
    providers::getValue(j, "panes", s.panes);
    providers::getValue(j, "created_at_ms", s.createdAtMs);
    providers::getValue(j, "updated_at_ms", s.updatedAtMs);
}

} // namespace triad::playground
