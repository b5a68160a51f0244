#include "core/playground/RequestExport.h"

#include <cctype>

#include "core/store/SecretCheck.h"

namespace triad::playground {

namespace {

using ojson = nlohmann::ordered_json;
using providers::ApiKind;

constexpr const char* kAnthropicVersion = "2023-06-01";

ojson toOrdered(const nlohmann::json& j)
{
    // nlohmann::json and ordered_json are different types; a round trip through text
    // converts any value (both sides use the same number and string representation).
    return ojson::parse(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string dumpString(const std::string& s)
{
    return ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string trimTrailingSlashes(std::string url)
{
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void mergeExtraBody(ojson& body, const nlohmann::json& extra)
{
    if (!extra.is_object())
        return;
    for (const auto& [key, value] : extra.items())
        body[key] = toOrdered(value);
}

ojson openAiBody(const providers::ChatRequest& r)
{
    ojson body;
    body["model"] = r.model;
    ojson messages = ojson::array();
    if (!r.system.empty())
        messages.push_back({{"role", "system"}, {"content", r.system}});
    for (const providers::ChatMessage& m : r.messages) {
        ojson msg{{"role", m.role}, {"content", m.content}};
        if (!m.toolCalls.is_null())
            msg["tool_calls"] = toOrdered(m.toolCalls);
        if (!m.toolCallId.empty())
            msg["tool_call_id"] = m.toolCallId;
        messages.push_back(std::move(msg));
    }
    body["messages"] = std::move(messages);
    body["stream"] = r.stream;
    if (r.stream)
        body["stream_options"] = {{"include_usage", true}};
    const providers::SamplingParams& p = r.params;
    if (p.temperature) body["temperature"] = *p.temperature;
    if (p.topP) body["top_p"] = *p.topP;
    if (p.topK) body["top_k"] = *p.topK;
    if (p.minP) body["min_p"] = *p.minP;
    if (p.maxTokens) body["max_tokens"] = *p.maxTokens;
    if (!p.stop.empty()) body["stop"] = p.stop;
    if (p.seed) body["seed"] = *p.seed;
    if (p.presencePenalty) body["presence_penalty"] = *p.presencePenalty;
    if (p.frequencyPenalty) body["frequency_penalty"] = *p.frequencyPenalty;
    if (p.repetitionPenalty) body["repetition_penalty"] = *p.repetitionPenalty;
    if (!r.tools.is_null())
        body["tools"] = toOrdered(r.tools);
    mergeExtraBody(body, r.extraBody);
    return body;
}

/** OpenAI-style tool_calls → Anthropic tool_use blocks. */
void appendToolUses(ojson& blocks, const nlohmann::json& toolCalls)
{
    if (!toolCalls.is_array())
        return;
    for (const auto& call : toolCalls) {
        if (!call.is_object())
            continue;
        const nlohmann::json fn = call.value("function", nlohmann::json::object());
        nlohmann::json input = nlohmann::json::object();
        if (fn.is_object() && fn.contains("arguments") && fn["arguments"].is_string()) {
            nlohmann::json parsed = nlohmann::json::parse(fn["arguments"].get<std::string>(), nullptr, false);
            if (!parsed.is_discarded())
                input = parsed;
        }
        blocks.push_back({{"type", "tool_use"},
                          {"id", call.value("id", std::string())},
                          {"name", fn.is_object() ? fn.value("name", std::string()) : std::string()},
                          {"input", toOrdered(input)}});
    }
}

ojson anthropicTools(const nlohmann::json& tools)
{
    ojson out = ojson::array();
    for (const auto& tool : tools) {
        if (tool.is_object() && tool.contains("function") && tool["function"].is_object()) {
            const nlohmann::json& fn = tool["function"];
            ojson t{{"name", fn.value("name", std::string())}};
            if (fn.contains("description"))
                t["description"] = toOrdered(fn["description"]);
            t["input_schema"] = toOrdered(fn.value("parameters", nlohmann::json{{"type", "object"}}));
            out.push_back(std::move(t));
        } else {
            out.push_back(toOrdered(tool));   // already in Anthropic's shape
        }
    }
    return out;
}

ojson anthropicBody(const providers::ChatRequest& r)
{
    ojson body;
    body["model"] = r.model;
    body["max_tokens"] = r.params.maxTokens.value_or(kAnthropicDefaultMaxTokens);
    std::string system = r.system;
    ojson messages = ojson::array();
    for (const providers::ChatMessage& m : r.messages) {
        if (m.role == "system") {
            // Anthropic has no system turns; fold them into the top-level system prompt.
            system += (system.empty() ? "" : "\n\n") + m.content;
        } else if (m.role == "tool") {
            ojson block{{"type", "tool_result"}, {"tool_use_id", m.toolCallId}, {"content", m.content}};
            messages.push_back({{"role", "user"}, {"content", ojson::array({block})}});
        } else if (m.role == "assistant" && m.toolCalls.is_array() && !m.toolCalls.empty()) {
            ojson blocks = ojson::array();
            if (!m.content.empty())
                blocks.push_back({{"type", "text"}, {"text", m.content}});
            appendToolUses(blocks, m.toolCalls);
            messages.push_back({{"role", "assistant"}, {"content", std::move(blocks)}});
        } else {
            messages.push_back({{"role", m.role}, {"content", m.content}});
        }
    }
    if (!system.empty())
        body["system"] = system;
    body["messages"] = std::move(messages);
    const providers::SamplingParams& p = r.params;
    if (p.temperature) body["temperature"] = *p.temperature;
    if (p.topP) body["top_p"] = *p.topP;
    if (p.topK) body["top_k"] = *p.topK;
    if (!p.stop.empty()) body["stop_sequences"] = p.stop;
    body["stream"] = r.stream;
    if (r.tools.is_array())
        body["tools"] = anthropicTools(r.tools);
    mergeExtraBody(body, r.extraBody);
    return body;
}

bool isAnthropic(const providers::ProviderConfig& config)
{
    return config.kind == ApiKind::Anthropic;
}

/** Whether the request carries a key at all (local servers usually take none). */
bool sendsKey(const providers::ProviderConfig& config)
{
    return config.kind != ApiKind::Local || !config.apiKeyEnv.empty();
}

/** Extra headers safe to print: no credentials, nothing that would break a header line. */
std::vector<std::pair<std::string, std::string>> exportableHeaders(const providers::ProviderConfig& config)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, value] : config.extraHeaders) {
        if (store::isCredentialHeader(name) || store::looksLikeSecret(value))
            continue;
        if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos)
            continue;
        out.emplace_back(name, value);
    }
    return out;
}

/** Base URL as the Python SDKs want it (openai: with /v1; anthropic: without). */
std::string sdkBaseUrl(const providers::ProviderConfig& config)
{
    std::string base = trimTrailingSlashes(config.baseUrl);
    if (isAnthropic(config)) {
        if (base.empty())
            return "https://api.anthropic.com";
        if (endsWith(base, "/v1"))
            base.resize(base.size() - 3);
        return base;
    }
    return base.empty() ? "https://api.openai.com/v1" : base;
}

std::string commentLine(const providers::ChatRequest& request, const providers::ProviderConfig& config)
{
    std::string who = config.displayName.empty() ? config.id : config.displayName;
    std::string line = who + ", model " + request.model;
    for (char& c : line) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    return line;
}

// Keyword arguments the SDKs' create() methods accept; everything else in the body goes
// through extra_body, which both SDKs merge into the JSON they send.
bool isOpenAiSdkArgument(const std::string& key)
{
    static const char* const known[] = {"model", "messages", "stream", "stream_options", "temperature",
                                        "top_p", "max_tokens", "max_completion_tokens", "stop", "seed",
                                        "presence_penalty", "frequency_penalty", "tools", "tool_choice",
                                        "response_format", "n", "logprobs", "top_logprobs", "logit_bias",
                                        "user", "parallel_tool_calls"};
    for (const char* k : known) {
        if (key == k)
            return true;
    }
    return false;
}

bool isAnthropicSdkArgument(const std::string& key)
{
    static const char* const known[] = {"model", "max_tokens", "system", "messages", "temperature", "top_p",
                                        "top_k", "stop_sequences", "stream", "tools", "tool_choice",
                                        "metadata", "thinking"};
    for (const char* k : known) {
        if (key == k)
            return true;
    }
    return false;
}

} // namespace

nlohmann::ordered_json requestBody(const providers::ChatRequest& request, providers::ApiKind kind)
{
    return kind == ApiKind::Anthropic ? anthropicBody(request) : openAiBody(request);
}

std::string chatEndpointUrl(const providers::ProviderConfig& config)
{
    std::string base = trimTrailingSlashes(config.baseUrl);
    if (isAnthropic(config)) {
        if (base.empty())
            base = "https://api.anthropic.com";
        return endsWith(base, "/v1") ? base + "/messages" : base + "/v1/messages";
    }
    if (base.empty())
        base = "https://api.openai.com/v1";
    return base + "/chat/completions";
}

std::string apiKeyEnvName(const providers::ProviderConfig& config)
{
    if (store::isValidEnvVarName(config.apiKeyEnv) && !store::looksLikeSecret(config.apiKeyEnv))
        return config.apiKeyEnv;
    const std::string& source = !config.presetId.empty() ? config.presetId : config.id;
    std::string name;
    for (unsigned char c : source) {
        char up = std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
        if (up == '_' && (name.empty() || name.back() == '_'))
            continue;
        name += up;
    }
    while (!name.empty() && name.back() == '_')
        name.pop_back();
    if (!name.empty())
        name += "_API_KEY";
    if (!store::isValidEnvVarName(name))
        return isAnthropic(config) ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
    return name;
}

std::string shellQuote(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    out += '\'';
    return out;
}

std::string pythonLiteral(const nlohmann::ordered_json& value, int indent)
{
    const std::string pad(static_cast<size_t>(indent) + 4, ' ');
    const std::string closePad(static_cast<size_t>(indent), ' ');
    switch (value.type()) {
    case ojson::value_t::null:
    case ojson::value_t::discarded:
        return "None";
    case ojson::value_t::boolean:
        return value.get<bool>() ? "True" : "False";
    case ojson::value_t::string:
        // A JSON string literal is a valid Python string literal (same escapes).
        return value.dump(-1, ' ', false, ojson::error_handler_t::replace);
    case ojson::value_t::array: {
        if (value.empty())
            return "[]";
        std::string out = "[\n";
        for (const auto& item : value)
            out += pad + pythonLiteral(item, indent + 4) + ",\n";
        return out + closePad + "]";
    }
    case ojson::value_t::object: {
        if (value.empty())
            return "{}";
        std::string out = "{\n";
        for (const auto& [key, item] : value.items())
            out += pad + dumpString(key) + ": " + pythonLiteral(item, indent + 4) + ",\n";
        return out + closePad + "}";
    }
    default:
        return value.dump();   // numbers
    }
}

std::string exportAsCurl(const providers::ChatRequest& request, const providers::ProviderConfig& config)
{
    const ojson body = requestBody(request, config.kind);
    std::string out = "# " + commentLine(request, config) + "\n";
    out += "curl -sS";
    if (request.stream)
        out += " -N";   // print events as they arrive
    out += " " + shellQuote(chatEndpointUrl(config)) + " \\\n";
    if (sendsKey(config)) {
        // Double quotes so the shell expands the variable; the name is validated, so
        // nothing else in this word is special to the shell.
        const std::string var = apiKeyEnvName(config);
        if (isAnthropic(config))
            out += "  -H \"x-api-key: ${" + var + "}\" \\\n";
        else
            out += "  -H \"Authorization: Bearer ${" + var + "}\" \\\n";
    }
    if (isAnthropic(config))
        out += "  -H " + shellQuote(std::string("anthropic-version: ") + kAnthropicVersion) + " \\\n";
    out += "  -H 'Content-Type: application/json' \\\n";
    for (const auto& [name, value] : exportableHeaders(config))
        out += "  -H " + shellQuote(name + ": " + value) + " \\\n";
    out += "  -d " + shellQuote(body.dump(2, ' ', false, ojson::error_handler_t::replace)) + "\n";
    return out;
}

std::string exportAsPython(const providers::ChatRequest& request, const providers::ProviderConfig& config)
{
    const bool anthropic = isAnthropic(config);
    const ojson body = requestBody(request, config.kind);
    const std::string var = apiKeyEnvName(config);

    std::string out = "# " + commentLine(request, config) + "\n";
    out += sendsKey(config) ? "# The API key is read from the environment variable " + var + ".\n" : "";
    out += "import os\n\n";
    out += anthropic ? "import anthropic\n\n" : "from openai import OpenAI\n\n";
    out += anthropic ? "client = anthropic.Anthropic(\n" : "client = OpenAI(\n";
    out += "    base_url=" + dumpString(sdkBaseUrl(config)) + ",\n";
    out += sendsKey(config) ? "    api_key=os.environ[" + dumpString(var) + "],\n"
                            : "    api_key=\"not-needed\",\n";   // the SDKs insist on some key
    ojson headers = ojson::object();
    for (const auto& [name, value] : exportableHeaders(config))
        headers[name] = value;
    if (!headers.empty())
        out += "    default_headers=" + pythonLiteral(headers, 4) + ",\n";
    out += ")\n\n";

    ojson extra = ojson::object();
    std::string args;
    for (const auto& [key, value] : body.items()) {
        if (anthropic ? isAnthropicSdkArgument(key) : isOpenAiSdkArgument(key))
            args += "    " + key + "=" + pythonLiteral(value, 4) + ",\n";
        else
            extra[key] = value;
    }
    if (!extra.empty())
        args += "    extra_body=" + pythonLiteral(extra, 4) + ",\n";

    const char* call = anthropic ? "client.messages.create(\n" : "client.chat.completions.create(\n";
    if (request.stream) {
        out += std::string("stream = ") + call + args + ")\n";
        if (anthropic) {
            out += "for event in stream:\n"
                   "    if event.type == \"content_block_delta\" and event.delta.type == \"text_delta\":\n"
                   "        print(event.delta.text, end=\"\", flush=True)\n";
        } else {
            out += "for chunk in stream:\n"
                   "    if chunk.choices and chunk.choices[0].delta.content:\n"
                   "        print(chunk.choices[0].delta.content, end=\"\", flush=True)\n"
                   "    if chunk.usage:\n"
                   "        print(\"\\n\", chunk.usage)\n";
        }
        out += "print()\n";
    } else {
        out += std::string("response = ") + call + args + ")\n";
        out += anthropic ? "print(\"\".join(block.text for block in response.content if block.type == \"text\"))\n"
                         : "print(response.choices[0].message.content)\n";
    }
    return out;
}

std::string exportAsJson(const providers::ChatRequest& request, const providers::ProviderConfig& config)
{
    return requestBody(request, config.kind).dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string exportRequest(const providers::ChatRequest& request, const providers::ProviderConfig& config,
                          ExportFormat format)
{
    switch (format) {
    case ExportFormat::Curl: return exportAsCurl(request, config);
    case ExportFormat::Python: return exportAsPython(request, config);
    case ExportFormat::Json: return exportAsJson(request, config);
    }
    return exportAsJson(request, config);
}

} // namespace triad::playground
