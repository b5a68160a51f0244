#include "core/server/RequestParsing.h"

namespace triad::server {

namespace {

using nlohmann::json;

// Reads an optional number field; a wrong type is the client's error, named by field.
template <typename T>
bool readNumber(const json& body, const char* key, std::optional<T>& out, ApiError& err)
{
    auto it = body.find(key);
    if (it == body.end() || it->is_null())
        return true;
    if (!it->is_number()) {
        err = badRequest(std::string("'") + key + "' must be a number", key);
        return false;
    }
    out = it->get<T>();
    return true;
}

bool readParams(const json& body, providers::SamplingParams& p, ApiError& err)
{
    if (!readNumber(body, "temperature", p.temperature, err) || !readNumber(body, "top_p", p.topP, err)
        || !readNumber(body, "top_k", p.topK, err) || !readNumber(body, "min_p", p.minP, err)
        || !readNumber(body, "seed", p.seed, err)
        || !readNumber(body, "presence_penalty", p.presencePenalty, err)
        || !readNumber(body, "frequency_penalty", p.frequencyPenalty, err)
        || !readNumber(body, "repetition_penalty", p.repetitionPenalty, err))
        return false;
    std::optional<int> maxTokens;
    if (!readNumber(body, "max_completion_tokens", maxTokens, err) || !readNumber(body, "max_tokens", maxTokens, err))
        return false;
    if (maxTokens && *maxTokens <= 0) {
        err = badRequest("'max_tokens' must be positive", "max_tokens");
        return false;
    }
    p.maxTokens = maxTokens;
    if (auto it = body.find("stop"); it != body.end() && !it->is_null()) {
        if (it->is_string()) {
            p.stop.push_back(it->get<std::string>());
        } else if (it->is_array()) {
            for (const auto& s : *it) {
                if (!s.is_string()) {
                    err = badRequest("'stop' must be a string or an array of strings", "stop");
                    return false;
                }
                p.stop.push_back(s.get<std::string>());
            }
        } else {
            err = badRequest("'stop' must be a string or an array of strings", "stop");
            return false;
        }
    }
    return true;
}

bool readCommon(const json& body, ParsedRequest& out, ApiError& err)
{
    auto model = body.find("model");
    if (model == body.end() || !model->is_string() || model->get<std::string>().empty()) {
        err = badRequest("'model' is required and must be a string", "model");
        return false;
    }
    out.request.model = model->get<std::string>();
    if (auto it = body.find("stream"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean()) {
            err = badRequest("'stream' must be a boolean", "stream");
            return false;
        }
        out.stream = it->get<bool>();
    }
    if (auto it = body.find("stream_options"); it != body.end() && it->is_object())
        out.includeUsage = it->value("include_usage", false);
    if (auto it = body.find("n"); it != body.end() && it->is_number() && it->get<int>() != 1) {
        err = badRequest("only n = 1 is supported", "n");
        return false;
    }
    out.request.stream = out.stream;
    return readParams(body, out.request.params, err);
}

// Message content may be a string or an array of {type:"text", text} parts.
bool readContent(const json& content, std::string& out)
{
    if (content.is_null())
        return true;
    if (content.is_string()) {
        out = content.get<std::string>();
        return true;
    }
    if (!content.is_array())
        return false;
    for (const auto& part : content) {
        if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text")
            || !part["text"].is_string())
            return false;
        out += part["text"].get<std::string>();
    }
    return true;
}

json parseBody(const std::string& body, ApiError& err, bool& ok)
{
    json j = json::parse(body, nullptr, false);
    ok = !j.is_discarded() && j.is_object();
    if (!ok)
        err = badRequest(j.is_discarded() ? "the request body is not valid JSON"
                                          : "the request body must be a JSON object");
    return j;
}

} // namespace

std::variant<ParsedRequest, ApiError> parseChatCompletionBody(const std::string& text)
{
    ApiError err;
    bool ok = false;
    json body = parseBody(text, err, ok);
    if (!ok)
        return err;
    ParsedRequest out;
    if (!readCommon(body, out, err))
        return err;
    auto messages = body.find("messages");
    if (messages == body.end() || !messages->is_array() || messages->empty())
        return badRequest("'messages' must be a non-empty array", "messages");
    for (size_t i = 0; i < messages->size(); ++i) {
        const json& m = (*messages)[i];
        const std::string where = "messages[" + std::to_string(i) + "]";
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            return badRequest(where + " needs a string 'role'", where + ".role");
        providers::ChatMessage msg;
        msg.role = m["role"].get<std::string>();
        if (msg.role != "system" && msg.role != "developer" && msg.role != "user"
            && msg.role != "assistant" && msg.role != "tool")
            return badRequest(where + " has unknown role '" + msg.role + "'", where + ".role");
        if (m.contains("content") && !readContent(m["content"], msg.content))
            return badRequest(where + ".content must be a string or an array of text parts",
                              where + ".content");
        if (m.contains("tool_calls"))
            msg.toolCalls = m["tool_calls"];
        if (m.contains("tool_call_id") && m["tool_call_id"].is_string())
            msg.toolCallId = m["tool_call_id"].get<std::string>();
        if (msg.role == "system" || msg.role == "developer") {
            // A single system prompt: later system messages are appended to it.
            out.request.system += (out.request.system.empty() ? "" : "\n\n") + msg.content;
        } else {
            out.request.messages.push_back(std::move(msg));
        }
    }
    if (auto it = body.find("tools"); it != body.end())
        out.request.tools = *it;
    return out;
}

std::variant<ParsedRequest, ApiError> parseCompletionBody(const std::string& text)
{
    ApiError err;
    bool ok = false;
    json body = parseBody(text, err, ok);
    if (!ok)
        return err;
    ParsedRequest out;
    if (!readCommon(body, out, err))
        return err;
    auto prompt = body.find("prompt");
    if (prompt == body.end())
        return badRequest("'prompt' is required", "prompt");
    if (prompt->is_string()) {
        out.request.rawPrompt = prompt->get<std::string>();
    } else if (prompt->is_array() && prompt->size() == 1 && (*prompt)[0].is_string()) {
        out.request.rawPrompt = (*prompt)[0].get<std::string>();
    } else {
        return badRequest("'prompt' must be a string (or an array of one string)", "prompt");
    }
    return out;
}

} // namespace triad::server
