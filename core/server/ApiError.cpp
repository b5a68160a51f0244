#include "core/server/ApiError.h"

namespace triad::server {

nlohmann::json ApiError::toJson() const
{
    nlohmann::json err = {{"message", message}, {"type", type}};
    err["param"] = param.empty() ? nlohmann::json(nullptr) : nlohmann::json(param);
    err["code"] = code.empty() ? nlohmann::json(nullptr) : nlohmann::json(code);
    return {{"error", err}};
}

ApiError badRequest(std::string message, std::string param, std::string code)
{
    ApiError e;
    e.httpStatus = 400;
    e.message = std::move(message);
    e.param = std::move(param);
    e.code = std::move(code);
    return e;
}

ApiError fromProviderError(const providers::ErrorInfo& error)
{
    using providers::ErrorKind;
    ApiError e;
    e.message = error.message;
    switch (error.kind) {
    case ErrorKind::BadRequest:
        e.httpStatus = error.httpStatus >= 400 && error.httpStatus < 500 ? error.httpStatus : 400;
        if (error.message.find("context") != std::string::npos)
            e.code = "context_length_exceeded";
        break;
    case ErrorKind::Auth:
        e.httpStatus = 401;
        e.type = "authentication_error";
        break;
    case ErrorKind::RateLimited:
        e.httpStatus = 429;
        e.type = "rate_limit_error";
        break;
    case ErrorKind::Cancelled:
        e.httpStatus = 499;
        e.type = "cancelled";
        break;
    case ErrorKind::Local:
        e.httpStatus = 500;
        e.type = "server_error";
        break;
    default:
        e.httpStatus = 502;
        e.type = "upstream_error";
        break;
    }
    return e;
}

} // namespace triad::server
