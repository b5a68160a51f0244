#pragma once
// USD prices per million tokens for (provider, model) pairs: built-in defaults for the
// presets' common models (with the date they were taken) plus user overrides, which the
// settings store as JSON. Unknown model -> no cost (never a guessed one).
//
// Usage:
//   PriceTable prices = PriceTable::withDefaults();
//   prices.loadOverridesFromJson(savedJson, &error);
//   prices.applyCost(metrics, "fireworks", "accounts/fireworks/models/llama-v3p1-8b-instruct");

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics/RequestMetrics.h"

namespace triad::metrics {

struct ModelPrice {
    std::string provider;          ///< preset id ("openai", "fireworks"...) or a custom id
    std::string model;             ///< model id as sent to the API; "*" = every model
    double inputUsdPerMTok = 0;    ///< USD per 1,000,000 prompt tokens
    double outputUsdPerMTok = 0;   ///< USD per 1,000,000 completion tokens
    std::string asOf;              ///< when the price was taken, e.g. "2025-05-01"
};

void to_json(nlohmann::json& j, const ModelPrice& p);

class PriceTable {
public:
    /** A table holding the built-in defaults and no overrides. */
    static PriceTable withDefaults();
    /** The built-in defaults (public list prices, see defaultsDate()). */
    static const std::vector<ModelPrice>& defaultPrices();
    /** When the built-in prices were read off the providers' pricing pages. */
    static const char* defaultsDate();

    /** Price for a model: a user override wins over a default; an exact model id wins
     *  over a provider-wide "*" entry. */
    std::optional<ModelPrice> lookup(const std::string& provider, const std::string& model) const;

    /** Adds or replaces the user's price for (provider, model). */
    void setOverride(const ModelPrice& price);
    /** Removes a user price; returns false when there was none. */
    bool removeOverride(const std::string& provider, const std::string& model);
    const std::vector<ModelPrice>& overrides() const { return m_overrides; }
    /** Defaults with overrides applied, for an editor: one row per (provider, model). */
    std::vector<ModelPrice> effectivePrices() const;

    /** `{"version":1,"prices":[{provider,model,input_usd_per_mtok,output_usd_per_mtok,as_of}]}` */
    nlohmann::json overridesToJson() const;
    /** Replaces the overrides. On error keeps the previous ones and names the bad entry. */
    bool loadOverridesFromJson(const nlohmann::json& json, std::string* error);

    /** in × input price + out × output price, in USD. */
    static double cost(const ModelPrice& price, int64_t promptTokens, int64_t completionTokens);
    /** Sets metrics.costUsd (and costEstimated when the token counts were estimated);
     *  leaves it unset when the model has no price or token counts are missing. */
    void applyCost(RequestMetrics& metrics, const std::string& provider,
                   const std::string& model) const;

private:
    bool m_withDefaults = false;
    std::vector<ModelPrice> m_overrides;
};

} // namespace triad::metrics
