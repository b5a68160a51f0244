#include "core/engine/LinearRole.h"

#include <array>
#include <charconv>

namespace triad::engine {

namespace {

constexpr std::array<LinearRole, 8> kAllRoles{LinearRole::AttnQ,   LinearRole::AttnK, LinearRole::AttnV,
                                              LinearRole::AttnOutput, LinearRole::FfnGate, LinearRole::FfnUp,
                                              LinearRole::FfnDown, LinearRole::Output};

} // namespace

std::string_view linearRoleStem(LinearRole role)
{
    switch (role) {
    case LinearRole::AttnQ: return "attn_q";
    case LinearRole::AttnK: return "attn_k";
    case LinearRole::AttnV: return "attn_v";
    case LinearRole::AttnOutput: return "attn_output";
    case LinearRole::FfnGate: return "ffn_gate";
    case LinearRole::FfnUp: return "ffn_up";
    case LinearRole::FfnDown: return "ffn_down";
    case LinearRole::Output: return "output";
    }
    return "unknown";
}

std::string linearRoleTensorName(LinearRole role, int64_t layer)
{
    if (role == LinearRole::Output)
        return "output.weight";
    return "blk." + std::to_string(layer) + "." + std::string(linearRoleStem(role)) + ".weight";
}

std::optional<LinearRoleName> parseLinearRoleTensorName(std::string_view name)
{
    constexpr std::string_view suffix = ".weight";
    if (name == "output.weight")
        return LinearRoleName{LinearRole::Output, -1};
    if (!name.starts_with("blk.") || !name.ends_with(suffix))
        return std::nullopt;
    std::string_view rest = name.substr(4, name.size() - 4 - suffix.size()); // "N.stem"
    const size_t dot = rest.find('.');
    if (dot == std::string_view::npos || dot == 0)
        return std::nullopt;
    int64_t layer = -1;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + dot, layer);
    if (ec != std::errc() || end != rest.data() + dot || layer < 0)
        return std::nullopt;
    const std::string_view stem = rest.substr(dot + 1);
    for (LinearRole role : kAllRoles)
        if (role != LinearRole::Output && linearRoleStem(role) == stem)
            return LinearRoleName{role, layer};
    return std::nullopt;
}

} // namespace triad::engine
