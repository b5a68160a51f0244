#pragma once
// OpenAI-style error objects: {"error":{"message","type","param","code"}} with a status.

#include <string>

#include <nlohmann/json.hpp>

#include "core/providers/ChatTypes.h"

namespace triad::server {

struct ApiError {
    int httpStatus = 400;
    std::string message;
    std::string type = "invalid_request_error";
    std::string param;     ///< "" = null
    std::string code;      ///< "" = null

    nlohmann::json toJson() const;
};

ApiError badRequest(std::string message, std::string param = {}, std::string code = {});

/** Maps a provider failure to the status and error type a client expects. */
ApiError fromProviderError(const providers::ErrorInfo& error);

} // namespace triad::server
