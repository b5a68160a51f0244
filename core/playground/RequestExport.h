#pragma once
// Export of a pane's request as a `curl` command, a Python script (official `openai` or
// `anthropic` SDK) or the raw JSON body, for OpenAI-compatible and Anthropic providers.
//
// The API key is never written: exports reference the provider's environment variable
// ($FIREWORKS_API_KEY in the shell, os.environ["FIREWORKS_API_KEY"] in Python), and extra
// headers that carry credentials are left out.
//
//   auto request = playground::buildRequest(session, paneIndex);
//   std::string text = playground::exportRequest(request, providerConfig, ExportFormat::Curl);

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/providers/ChatTypes.h"
#include "core/providers/ProviderConfig.h"

namespace triad::playground {

enum class ExportFormat {
    Curl = 1,
    Python,
    Json,
};

/**
 * The HTTP body a provider of `kind` sends for `request` — built by that provider's own
 * buildRequestBody(), so an export is exactly what Triad sends — with keys in a readable
 * order (model, messages, stream, parameters, rest). OpenAI-compatible (and Local, which
 * `triad-cli serve` exposes the same way): messages with the system prompt first,
 * stream_options.include_usage, only the parameters that are set. Anthropic: max_tokens
 * (AnthropicProvider::kDefaultMaxTokens when unset), top-level system, content blocks.
 */
nlohmann::ordered_json requestBody(const providers::ChatRequest& request, providers::ApiKind kind);

/** Full URL of the endpoint `request` goes to: …/chat/completions (…/completions for a
 *  raw prompt) or …/v1/messages. */
std::string chatEndpointUrl(const providers::ProviderConfig& config, const providers::ChatRequest& request);

/** The environment variable exports read the key from: `apiKeyEnv` when it is a valid
 *  name, else one derived from the preset/id ("fireworks" → FIREWORKS_API_KEY). */
std::string apiKeyEnvName(const providers::ProviderConfig& config);

/** `text` as one POSIX shell word: single quotes, embedded ' written as '\''. */
std::string shellQuote(std::string_view text);

/** `value` as a Python literal (None/True/False, dicts and lists indented by `indent`). */
std::string pythonLiteral(const nlohmann::ordered_json& value, int indent = 0);

std::string exportAsCurl(const providers::ChatRequest& request, const providers::ProviderConfig& config);
std::string exportAsPython(const providers::ChatRequest& request, const providers::ProviderConfig& config);
/** The raw body, pretty-printed. */
std::string exportAsJson(const providers::ChatRequest& request, const providers::ProviderConfig& config);

std::string exportRequest(const providers::ChatRequest& request, const providers::ProviderConfig& config,
                          ExportFormat format);

} // namespace triad::playground
