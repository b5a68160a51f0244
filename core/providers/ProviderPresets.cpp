#include "core/providers/ProviderPresets.h"

namespace triad::providers {

const std::vector<ProviderPreset>& ProviderPresets::all()
{
    using K = ApiKind;
    static const std::vector<ProviderPreset> presets = {
        {"openai", "OpenAI", K::OpenAiCompatible, "https://api.openai.com/v1", "OPENAI_API_KEY", false,
         {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3-mini"}},
        {"anthropic", "Anthropic", K::Anthropic, "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY", false,
         {"claude-sonnet-4-20250514", "claude-3-7-sonnet-20250219", "claude-3-5-haiku-20241022",
          "claude-opus-4-20250514"}},
        {"fireworks", "Fireworks", K::OpenAiCompatible, "https://api.fireworks.ai/inference/v1",
         "FIREWORKS_API_KEY", false,
         {"accounts/fireworks/models/llama-v3p1-8b-instruct",
          "accounts/fireworks/models/llama-v3p3-70b-instruct",
          "accounts/fireworks/models/deepseek-v3",
          "accounts/fireworks/models/qwen2p5-72b-instruct"}},
        {"together", "Together", K::OpenAiCompatible, "https://api.together.xyz/v1", "TOGETHER_API_KEY", false,
         {"meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
          "Qwen/Qwen2.5-72B-Instruct-Turbo", "deepseek-ai/DeepSeek-V3"}},
        {"groq", "Groq", K::OpenAiCompatible, "https://api.groq.com/openai/v1", "GROQ_API_KEY", false,
         {"llama-3.3-70b-versatile", "llama-3.1-8b-instant"}},
        {"openrouter", "OpenRouter", K::OpenAiCompatible, "https://openrouter.ai/api/v1",
         "OPENROUTER_API_KEY", false,
         {"openai/gpt-4o-mini", "anthropic/claude-3.7-sonnet", "meta-llama/llama-3.3-70b-instruct"}},
        {"deepseek", "DeepSeek", K::OpenAiCompatible, "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", false,
         {"deepseek-chat", "deepseek-reasoner"}},
        {"mistral", "Mistral", K::OpenAiCompatible, "https://api.mistral.ai/v1", "MISTRAL_API_KEY", false,
         {"mistral-large-latest", "mistral-small-latest", "codestral-latest"}},
        {"ollama", "Ollama", K::OpenAiCompatible, "http://localhost:11434/v1", "", true,
         {"llama3.2", "qwen2.5", "mistral"}},
        {"lmstudio", "LM Studio", K::OpenAiCompatible, "http://localhost:1234/v1", "", true, {}},
        {"vllm", "vLLM", K::OpenAiCompatible, "http://localhost:8000/v1", "", true, {}},
        {"llamacpp", "llama.cpp server", K::OpenAiCompatible, "http://localhost:8080/v1", "", true, {}},
        {"custom", "Custom (OpenAI-compatible)", K::OpenAiCompatible, "", "", false, {}},
    };
    return presets;
}

const ProviderPreset* ProviderPresets::find(const std::string& id)
{
    for (const auto& p : all()) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

ProviderConfig ProviderPresets::makeConfig(const ProviderPreset& preset, const std::string& id)
{
    ProviderConfig c;
    c.id = id.empty() ? preset.id : id;
    c.displayName = preset.displayName;
    c.presetId = preset.id == "custom" ? "" : preset.id;
    c.kind = preset.kind;
    c.baseUrl = preset.baseUrl;
    c.apiKeyEnv = preset.apiKeyEnv;
    if (preset.local) {
        // A local server answers at once or not at all; loading a model can take a while.
        c.connectTimeoutMs = 3000;
        c.idleReadTimeoutMs = 300000;
    }
    return c;
}

} // namespace triad::providers
