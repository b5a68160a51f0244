#include "core/providers/RemoteEndpoint.h"

#include <nlohmann/json.hpp>

#include "core/net/ErrorMapper.h"
#include "core/net/HttpResponse.h"

namespace triad::providers {

RemoteEndpoint::RemoteEndpoint(ProviderConfig config, std::string apiKey)
    : m_config(std::move(config)), m_apiKey(std::move(apiKey))
{
    while (!m_config.baseUrl.empty() && m_config.baseUrl.back() == '/')
        m_config.baseUrl.pop_back();
}

std::string RemoteEndpoint::serviceName() const
{
    if (!m_config.displayName.empty())
        return m_config.displayName;
    return net::ErrorMapper::hostOf(m_config.baseUrl);
}

std::string RemoteEndpoint::url(const std::string& path) const
{
    std::string p = path;
    while (!p.empty() && p.front() == '/')
        p.erase(p.begin());
    return m_config.baseUrl + "/" + p;
}

net::HttpRequest RemoteEndpoint::makeRequest(net::HttpMethod method, const std::string& path,
                                             std::string body) const
{
    net::HttpRequest r;
    r.method = method;
    r.url = url(path);
    r.body = std::move(body);
    r.serviceName = serviceName();
    if (!m_apiKey.empty())
        r.secrets.push_back(m_apiKey);
    r.connectTimeoutMs = m_config.connectTimeoutMs;
    r.idleReadTimeoutMs = m_config.idleReadTimeoutMs;
    r.maxRetries = m_config.maxRetries;
    r.headers.add("User-Agent", std::string("triad/") + TRIAD_VERSION);
    if (method == net::HttpMethod::Post)
        r.headers.add("Content-Type", "application/json");
    for (const auto& [name, value] : m_config.extraHeaders)
        r.headers.set(name, value);
    return r;
}

ModelListResult RemoteEndpoint::parseModelList(const net::HttpResponse& response,
                                               const std::string& serviceName)
{
    ModelListResult result;
    if (response.error) {
        result.error = response.error;
        return result;
    }
    auto json = nlohmann::json::parse(response.body, nullptr, false);
    const nlohmann::json* list = nullptr;
    if (!json.is_discarded()) {
        if (json.is_object() && json.contains("data") && json["data"].is_array())
            list = &json["data"];
        else if (json.is_object() && json.contains("models") && json["models"].is_array())
            list = &json["models"];
        else if (json.is_array())
            list = &json;
    }
    if (!list) {
        result.error = ErrorInfo{ErrorKind::BadResponse, response.httpStatus,
                                 serviceName + " sent a model list Triad does not understand; "
                                               "enter the model name by hand"};
        return result;
    }
    for (const auto& item : *list) {
        ModelInfo info;
        if (item.is_string()) {
            info.id = item.get<std::string>();
        } else if (item.is_object()) {
            for (const char* key : {"id", "name", "model"}) {
                if (info.id.empty() && item.contains(key) && item[key].is_string())
                    info.id = item[key].get<std::string>();
            }
            if (item.contains("owned_by") && item["owned_by"].is_string())
                info.ownedBy = item["owned_by"].get<std::string>();
            for (const char* key : {"context_length", "max_model_len", "context_window"}) {
                if (!info.contextLength && item.contains(key) && item[key].is_number_integer())
                    info.contextLength = item[key].get<int64_t>();
            }
        }
        if (!info.id.empty())
            result.models.push_back(std::move(info));
    }
    return result;
}

} // namespace triad::providers
