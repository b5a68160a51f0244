#include "core/playground/RequestExport.h"

#include <cctype>

#include "core/providers/AnthropicProvider.h"
#include "core/providers/OpenAiCompatibleProvider.h"
#include "core/store/SecretCheck.h"

namespace triad::playground {

namespace {

using ojson = nlohmann::ordered_json;
using providers::ApiKind;


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

/**
 * The providers' own body (so an export is exactly what Triad sends), re-keyed in the order
 * a person reads a request: model and messages first, then parameters, then the rest.
 */
ojson readableOrder(const nlohmann::json& body)
{
    static const char* const order[] = {
        "model", "max_tokens", "system", "messages", "prompt", "stream", "stream_options",
        "temperature", "top_p", "top_k", "min_p", "stop", "stop_sequences", "seed",
        "presence_penalty", "frequency_penalty", "repetition_penalty", "tools"};
    ojson out = ojson::object();
    if (!body.is_object())
        return out;
    for (const char* key : order) {
        if (auto it = body.find(key); it != body.end())
            out[key] = toOrdered(*it);
    }
    for (const auto& [key, value] : body.items()) {
        if (!out.contains(key))
            out[key] = toOrdered(value);
    }
    return out;
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
    return readableOrder(kind == ApiKind::Anthropic
                             ? providers::AnthropicProvider::buildRequestBody(request)
                             : providers::OpenAiCompatibleProvider::buildRequestBody(request));
}

std::string chatEndpointUrl(const providers::ProviderConfig& config, const providers::ChatRequest& request)
{
    std::string base = trimTrailingSlashes(config.baseUrl);
    if (isAnthropic(config)) {
        if (base.empty())
            base = "https://api.anthropic.com";
        return endsWith(base, "/v1") ? base + "/messages" : base + "/v1/messages";
    }
    if (base.empty())
        base = "https://api.openai.com/v1";
    return base + "/" + providers::OpenAiCompatibleProvider::endpointPath(request);
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
    out += " " + shellQuote(chatEndpointUrl(config, request)) + " \\\n";
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
        out += "  -H " + shellQuote(std::string("anthropic-version: ") + providers::AnthropicProvider::kApiVersion) + " \\\n";
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
