#include "core/providers/ProviderConfig.h"

namespace triad::providers {

const char* apiKindName(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAiCompatible: return "openai";
    case ApiKind::Anthropic: return "anthropic";
    case ApiKind::Local: return "local";
    }
    return "openai";
}

bool apiKindFromName(const std::string& name, ApiKind& out)
{
    if (name == "openai") out = ApiKind::OpenAiCompatible;
    else if (name == "anthropic") out = ApiKind::Anthropic;
    else if (name == "local") out = ApiKind::Local;
    else return false;
    return true;
}

} // namespace triad::providers
