#pragma once
// Turns OpenAI request bodies into ChatRequests, validating every field a client sends.

#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/providers/ChatTypes.h"
#include "core/server/ApiError.h"

namespace triad::server {

struct ParsedRequest {
    providers::ChatRequest request;   ///< `model` holds the id the client asked for
    bool stream = false;
    bool includeUsage = false;
};

/** POST /v1/chat/completions body → request, or the error to answer with. */
std::variant<ParsedRequest, ApiError> parseChatCompletionBody(const std::string& body);

/** POST /v1/completions body (prompt is a string or an array of one string). */
std::variant<ParsedRequest, ApiError> parseCompletionBody(const std::string& body);

} // namespace triad::server
