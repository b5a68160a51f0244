#pragma once
// What a weight matrix does in the forward pass. The transformer names each product by its
// role and layer, and a LoRA adapter is looked up the same way, never by the matrix's
// address: with tied embeddings the output product reads token_embd's memory, yet an
// adapter for "token_embd.weight" must not silently change the logits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace triad::engine {

enum class LinearRole {
    AttnQ = 1,   ///< blk.N.attn_q.weight
    AttnK,       ///< blk.N.attn_k.weight
    AttnV,       ///< blk.N.attn_v.weight
    AttnOutput,  ///< blk.N.attn_output.weight
    FfnGate,     ///< blk.N.ffn_gate.weight
    FfnUp,       ///< blk.N.ffn_up.weight
    FfnDown,     ///< blk.N.ffn_down.weight
    Output,      ///< output.weight (not per layer)
};

/** Roles inside one transformer block (every role but Output). */
inline constexpr int kLayerRoleCount = 7;

/** 0..6 for the per-layer roles (index into per-layer tables). */
inline int layerRoleIndex(LinearRole role)
{
    return static_cast<int>(role) - static_cast<int>(LinearRole::AttnQ);
}

/** "attn_q", "ffn_down", "output". */
std::string_view linearRoleStem(LinearRole role);

/** The GGUF tensor name of @p role in @p layer ("blk.3.attn_q.weight"; layer is ignored for Output). */
std::string linearRoleTensorName(LinearRole role, int64_t layer);

/** A GGUF weight name parsed back into its role and layer (layer -1 for Output). */
struct LinearRoleName {
    LinearRole role = LinearRole::AttnQ;
    int64_t layer = -1;
};

/** Parses "blk.N.<stem>.weight" or "output.weight"; nullopt for any other name. */
std::optional<LinearRoleName> parseLinearRoleTensorName(std::string_view name);

} // namespace triad::engine
