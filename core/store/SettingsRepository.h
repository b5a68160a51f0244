#pragma once
// Workspace settings: key → JSON value (price-table overrides, UI state such as the last
// open session). Errors: see StoreError.h. Not for secrets: nothing here is filtered, so
// callers must never put a key into a value.
//
//   ws.settings().set(SettingsRepository::kLastSessionId, session.id);
//   int64_t last = ws.settings().value(SettingsRepository::kLastSessionId, 0).get<int64_t>();

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace triad::store {

class Workspace;

class SettingsRepository {
public:
    /** Well-known keys (any other non-empty key works too). */
    static constexpr const char* kLastSessionId = "ui.last_session_id";
    static constexpr const char* kPriceOverrides = "metrics.price_overrides";

    explicit SettingsRepository(Workspace& workspace);

    /** Inserts or replaces. Throws InvalidArgument for an empty key. */
    void set(const std::string& key, const nlohmann::json& value);

    /** The stored value, or nullopt when the key is not set. Throws Corrupt for a value
     *  that is not valid JSON. */
    std::optional<nlohmann::json> get(const std::string& key) const;

    /** The stored value, or `fallback` when the key is not set. */
    nlohmann::json value(const std::string& key, const nlohmann::json& fallback) const;

    /** Removes the key; removing a key that is not set is not an error. */
    void remove(const std::string& key);

    /** Every key, sorted. */
    std::vector<std::string> keys() const;

private:
    Workspace& m_workspace;
};

} // namespace triad::store
