#include "core/store/SettingsRepository.h"

#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::store {

SettingsRepository::SettingsRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

void SettingsRepository::set(const std::string& key, const nlohmann::json& value)
{
    const std::string what = "Cannot save the setting '" + key + "' in " + m_workspace.path();
    if (key.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, "Cannot save a setting in "
                                                              + m_workspace.path() + ": the key is empty");
    try {
        Statement st(m_workspace.handle(),
                     "INSERT INTO settings (key, value_json, updated_at_ms) VALUES (?1, ?2, ?3)"
                     " ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,"
                     " updated_at_ms = excluded.updated_at_ms");
        st.bind(1, key)
            .bind(2, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
            .bind(3, Workspace::nowMs());
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
}

std::optional<nlohmann::json> SettingsRepository::get(const std::string& key) const
{
    const std::string what = "Cannot read the setting '" + key + "' from " + m_workspace.path();
    std::string text;
    try {
        Statement st(m_workspace.handle(), "SELECT value_json FROM settings WHERE key = ?1");
        st.bind(1, key);
        if (!st.step())
            return std::nullopt;
        text = st.text(0);
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded())
        throw StoreError(StoreErrorKind::Corrupt, what + ": the stored value is not valid JSON");
    return j;
}

nlohmann::json SettingsRepository::value(const std::string& key, const nlohmann::json& fallback) const
{
    std::optional<nlohmann::json> stored = get(key);
    return stored ? *stored : fallback;
}

void SettingsRepository::remove(const std::string& key)
{
    try {
        Statement st(m_workspace.handle(), "DELETE FROM settings WHERE key = ?1");
        st.bind(1, key);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot remove the setting '" + key + "' from "
                                       + m_workspace.path() + ": " + e.what());
    }
}

std::vector<std::string> SettingsRepository::keys() const
{
    std::vector<std::string> out;
    try {
        Statement st(m_workspace.handle(), "SELECT key FROM settings ORDER BY key");
        while (st.step())
            out.push_back(st.text(0));
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot list the settings of " + m_workspace.path() + ": " + e.what());
    }
    return out;
}

} // namespace triad::store
