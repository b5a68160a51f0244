#include "core/metrics/PriceTable.h"

#include <algorithm>
#include <cmath>

namespace triad::metrics {

namespace {

constexpr const char* kDefaultsDate = "2025-05-01";

const ModelPrice* findIn(const std::vector<ModelPrice>& list, const std::string& provider,
                         const std::string& model)
{
    for (const auto& p : list) {
        if (p.provider == provider && p.model == model)
            return &p;
    }
    return nullptr;
}

} // namespace

void to_json(nlohmann::json& j, const ModelPrice& p)
{
    j = nlohmann::json{{"provider", p.provider},
                       {"model", p.model},
                       {"input_usd_per_mtok", p.inputUsdPerMTok},
                       {"output_usd_per_mtok", p.outputUsdPerMTok},
                       {"as_of", p.asOf}};
}

const char* PriceTable::defaultsDate()
{
    return kDefaultsDate;
}

const std::vector<ModelPrice>& PriceTable::defaultPrices()
{
    // Public list prices (USD per 1M tokens) for the presets' common models, read off the
    // providers' pricing pages on kDefaultsDate. Users correct them in the price editor.
    static const std::vector<ModelPrice> prices = [] {
        struct Row { const char* provider; const char* model; double in; double out; };
        const Row rows[] = {
            {"openai", "gpt-4o", 2.50, 10.00},
            {"openai", "gpt-4o-mini", 0.15, 0.60},
            {"openai", "gpt-4.1", 2.00, 8.00},
            {"openai", "gpt-4.1-mini", 0.40, 1.60},
            {"openai", "gpt-4.1-nano", 0.10, 0.40},
            {"openai", "o3-mini", 1.10, 4.40},
            {"anthropic", "claude-sonnet-4-20250514", 3.00, 15.00},
            {"anthropic", "claude-3-7-sonnet-20250219", 3.00, 15.00},
            {"anthropic", "claude-3-5-haiku-20241022", 0.80, 4.00},
            {"anthropic", "claude-opus-4-20250514", 15.00, 75.00},
            {"fireworks", "accounts/fireworks/models/llama-v3p1-8b-instruct", 0.20, 0.20},
            {"fireworks", "accounts/fireworks/models/llama-v3p3-70b-instruct", 0.90, 0.90},
            {"fireworks", "accounts/fireworks/models/deepseek-v3", 0.90, 0.90},
            {"fireworks", "accounts/fireworks/models/qwen2p5-72b-instruct", 0.90, 0.90},
            {"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", 0.88, 0.88},
            {"together", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", 0.18, 0.18},
            {"together", "Qwen/Qwen2.5-72B-Instruct-Turbo", 1.20, 1.20},
            {"together", "deepseek-ai/DeepSeek-V3", 1.25, 1.25},
            {"groq", "llama-3.3-70b-versatile", 0.59, 0.79},
            {"groq", "llama-3.1-8b-instant", 0.05, 0.08},
            {"openrouter", "openai/gpt-4o-mini", 0.15, 0.60},
            {"openrouter", "anthropic/claude-3.7-sonnet", 3.00, 15.00},
            {"openrouter", "meta-llama/llama-3.3-70b-instruct", 0.12, 0.30},
            {"deepseek", "deepseek-chat", 0.27, 1.10},
            {"deepseek", "deepseek-reasoner", 0.55, 2.19},
            {"mistral", "mistral-large-latest", 2.00, 6.00},
            {"mistral", "mistral-small-latest", 0.10, 0.30},
            {"mistral", "codestral-latest", 0.30, 0.90},
            // Local servers run on the user's own hardware: no per-token price.
            {"ollama", "*", 0.0, 0.0},
            {"lmstudio", "*", 0.0, 0.0},
            {"vllm", "*", 0.0, 0.0},
            {"llamacpp", "*", 0.0, 0.0},
            {"local", "*", 0.0, 0.0},
        };
        std::vector<ModelPrice> out;
        for (const auto& r : rows)
            out.push_back({r.provider, r.model, r.in, r.out, kDefaultsDate});
        return out;
    }();
    return prices;
}

PriceTable PriceTable::withDefaults()
{
    PriceTable t;
    t.m_withDefaults = true;
    return t;
}

std::optional<ModelPrice> PriceTable::lookup(const std::string& provider,
                                             const std::string& model) const
{
    static const std::vector<ModelPrice> none;
    const auto& defaults = m_withDefaults ? defaultPrices() : none;
    for (const std::string& key : {model, std::string("*")}) {
        if (const auto* p = findIn(m_overrides, provider, key))
            return *p;
        if (const auto* p = findIn(defaults, provider, key))
            return *p;
    }
    return std::nullopt;
}

void PriceTable::setOverride(const ModelPrice& price)
{
    for (auto& p : m_overrides) {
        if (p.provider == price.provider && p.model == price.model) {
            p = price;
            return;
        }
    }
    m_overrides.push_back(price);
}

bool PriceTable::removeOverride(const std::string& provider, const std::string& model)
{
    auto it = std::find_if(m_overrides.begin(), m_overrides.end(), [&](const ModelPrice& p) {
        return p.provider == provider && p.model == model;
    });
    if (it == m_overrides.end())
        return false;
    m_overrides.erase(it);
    return true;
}

std::vector<ModelPrice> PriceTable::effectivePrices() const
{
    std::vector<ModelPrice> out;
    if (m_withDefaults) {
        for (const auto& d : defaultPrices()) {
            const auto* o = findIn(m_overrides, d.provider, d.model);
            out.push_back(o ? *o : d);
        }
    }
    for (const auto& o : m_overrides) {
        if (!findIn(out, o.provider, o.model))
            out.push_back(o);
    }
    return out;
}

nlohmann::json PriceTable::overridesToJson() const
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : m_overrides)
        list.push_back(p);
    return nlohmann::json{{"version", 1}, {"prices", list}};
}

bool PriceTable::loadOverridesFromJson(const nlohmann::json& json, std::string* error)
{
    auto fail = [&](const std::string& why) {
        if (error)
            *error = "price table: " + why;
        return false;
    };
    if (!json.is_object() || !json.contains("prices") || !json["prices"].is_array())
        return fail("expected an object with a \"prices\" array");
    if (json.contains("version") && (!json["version"].is_number_integer() || json["version"] != 1))
        return fail("unsupported version " + json["version"].dump() + " (this Triad reads 1)");

    std::vector<ModelPrice> loaded;
    size_t index = 0;
    for (const auto& item : json["prices"]) {
        const std::string where = "entry " + std::to_string(index++);
        if (!item.is_object())
            return fail(where + " is not an object");
        for (const char* key : {"provider", "model"}) {
            if (!item.contains(key) || !item[key].is_string() || item[key].get<std::string>().empty())
                return fail(where + " needs a non-empty string \"" + key + "\"");
        }
        ModelPrice p;
        p.provider = item["provider"].get<std::string>();
        p.model = item["model"].get<std::string>();
        for (auto [key, target] : {std::pair{"input_usd_per_mtok", &p.inputUsdPerMTok},
                                   std::pair{"output_usd_per_mtok", &p.outputUsdPerMTok}}) {
            if (!item.contains(key) || !item[key].is_number())
                return fail(where + " (" + p.model + ") needs a number \"" + key + "\"");
            double v = item[key].get<double>();
            if (!std::isfinite(v) || v < 0)
                return fail(where + " (" + p.model + ") has a negative or invalid \"" + key + "\"");
            *target = v;
        }
        if (item.contains("as_of") && item["as_of"].is_string())
            p.asOf = item["as_of"].get<std::string>();
        loaded.push_back(std::move(p));
    }
    m_overrides = std::move(loaded);
    return true;
}

double PriceTable::cost(const ModelPrice& price, int64_t promptTokens, int64_t completionTokens)
{
    return (static_cast<double>(promptTokens) * price.inputUsdPerMTok
            + static_cast<double>(completionTokens) * price.outputUsdPerMTok)
        / 1e6;
}

void PriceTable::applyCost(RequestMetrics& metrics, const std::string& provider,
                           const std::string& model) const
{
    metrics.costUsd.reset();
    metrics.costEstimated = false;
    auto price = lookup(provider, model);
    if (!price || (!metrics.promptTokens && !metrics.completionTokens))
        return;
    metrics.costUsd = cost(*price, metrics.promptTokens.value_or(0),
                           metrics.completionTokens.value_or(0));
    metrics.costEstimated = metrics.tokensEstimated;
}

} // namespace triad::metrics
