#include "core/store/ProviderRepository.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/store/SecretCheck.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/Workspace.h"

namespace triad::store {

namespace {

constexpr const char* kSelect =
    "SELECT id, display_name, preset_id, kind, base_url, api_key_env, extra_headers_json,"
    " connect_timeout_ms, idle_read_timeout_ms, max_retries FROM providers";

providers::ProviderConfig readRow(const Statement& st)
{
    providers::ProviderConfig config;
    config.id = st.text(0);
    config.displayName = st.text(1);
    config.presetId = st.text(2);
    if (!providers::apiKindFromName(st.text(3), config.kind))
        throw StoreError(StoreErrorKind::Corrupt, "provider '" + config.id + "' has an unknown kind '"
                                                      + st.text(3) + "'");
    config.baseUrl = st.text(4);
    config.apiKeyEnv = st.text(5);
    nlohmann::json headers = nlohmann::json::parse(st.text(6), nullptr, false);
    if (headers.is_object()) {
        for (const auto& [name, value] : headers.items()) {
            if (value.is_string())
                config.extraHeaders[name] = value.get<std::string>();
        }
    } else {
        throw StoreError(StoreErrorKind::Corrupt, "the extra headers of provider '" + config.id
                                                      + "' are not a JSON object");
    }
    config.connectTimeoutMs = static_cast<int>(st.int64(7));
    config.idleReadTimeoutMs = static_cast<int>(st.int64(8));
    config.maxRetries = static_cast<int>(st.int64(9));
    return config;
}

} // namespace

ProviderRepository::ProviderRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

std::string ProviderRepository::secretProblem(const providers::ProviderConfig& config)
{
    // The messages never repeat the offending value: it may be the key itself.
    for (const auto& [name, value] : config.extraHeaders) {
        if (isCredentialHeader(name))
            return "the header '" + name + "' carries credentials; keys belong in the keychain "
                   "or in the environment variable named in the provider settings";
        if (looksLikeSecret(value))
            return "the value of header '" + name + "' looks like an API key or token";
    }
    if (!config.apiKeyEnv.empty()) {
        if (looksLikeSecret(config.apiKeyEnv))
            return "the API key variable field holds what looks like a key; enter the name of "
                   "an environment variable (e.g. FIREWORKS_API_KEY) instead";
        if (!isValidEnvVarName(config.apiKeyEnv))
            return "the API key variable is not a valid environment variable name (letters, "
                   "digits and _ only, not starting with a digit)";
    }
    return {};
}

void ProviderRepository::save(const providers::ProviderConfig& config)
{
    const std::string what = "Cannot save the provider '" + config.id + "' in " + m_workspace.path();
    if (config.id.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, "Cannot save a provider in "
                                                              + m_workspace.path() + ": it has no id");
    if (config.baseUrl.empty() && config.kind != providers::ApiKind::Local)
        throw StoreError(StoreErrorKind::InvalidArgument, what + ": it has no base URL");
    if (std::string problem = secretProblem(config); !problem.empty())
        throw StoreError(StoreErrorKind::SecretRefused, what + ": " + problem);

    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : config.extraHeaders)
        headers[name] = value;
    try {
        Statement st(m_workspace.handle(),
                     "INSERT INTO providers (id, position, display_name, preset_id, kind, base_url,"
                     " api_key_env, extra_headers_json, connect_timeout_ms, idle_read_timeout_ms,"
                     " max_retries) VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM providers),"
                     " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                     " ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name,"
                     " preset_id = excluded.preset_id, kind = excluded.kind, base_url = excluded.base_url,"
                     " api_key_env = excluded.api_key_env, extra_headers_json = excluded.extra_headers_json,"
                     " connect_timeout_ms = excluded.connect_timeout_ms,"
                     " idle_read_timeout_ms = excluded.idle_read_timeout_ms,"
                     " max_retries = excluded.max_retries");
        st.bind(1, config.id)
            .bind(2, config.displayName)
            .bind(3, config.presetId)
            .bind(4, providers::apiKindName(config.kind))
            .bind(5, config.baseUrl)
            .bind(6, config.apiKeyEnv)
            .bind(7, headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
            .bind(8, config.connectTimeoutMs)
            .bind(9, config.idleReadTimeoutMs)
            .bind(10, config.maxRetries);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
}

std::optional<providers::ProviderConfig> ProviderRepository::load(const std::string& id) const
{
    try {
        Statement st(m_workspace.handle(), std::string(kSelect) + " WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return readRow(st);
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot load the provider '" + id + "' from " + m_workspace.path()
                                       + ": " + e.what());
    }
}

std::vector<providers::ProviderConfig> ProviderRepository::list() const
{
    std::vector<providers::ProviderConfig> out;
    try {
        Statement st(m_workspace.handle(), std::string(kSelect) + " ORDER BY position, id");
        while (st.step())
            out.push_back(readRow(st));
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot list the providers of " + m_workspace.path() + ": " + e.what());
    }
    return out;
}

void ProviderRepository::remove(const std::string& id)
{
    const std::string what = "Cannot delete the provider '" + id + "' from " + m_workspace.path();
    try {
        Statement st(m_workspace.handle(), "DELETE FROM providers WHERE id = ?1");
        st.bind(1, id);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    if (sqlite3_changes(m_workspace.handle()) == 0)
        throw StoreError(StoreErrorKind::NotFound, what + ": there is no such provider");
}

void ProviderRepository::setOrder(const std::vector<std::string>& ids)
{
    try {
        std::vector<std::string> order = ids;
        {
            Statement st(m_workspace.handle(), "SELECT id FROM providers ORDER BY position, id");
            while (st.step()) {
                std::string id = st.text(0);
                if (std::find(order.begin(), order.end(), id) == order.end())
                    order.push_back(id);
            }
        }
        Transaction tx(m_workspace.handle());
        Statement st(m_workspace.handle(), "UPDATE providers SET position = ?1 WHERE id = ?2");
        for (size_t i = 0; i < order.size(); ++i) {
            st.bind(1, static_cast<int64_t>(i)).bind(2, order[i]);
            st.run();
            st.reset();
        }
        tx.commit();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot reorder the providers of " + m_workspace.path() + ": " + e.what());
    }
}

} // namespace triad::store
