#pragma once
// Turns a provider-level ChatRequest into what the engine's Generator takes: sampling
// parameters with llama.cpp's defaults for whatever the request leaves unset, and chat turns.

#include "core/engine/ChatTemplate.h"
#include "core/engine/Generator.h"
#include "core/providers/ChatTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace triad::local {

/**
 * Generation parameters for @p params. An unset max_tokens means "until an end token or the
 * context is full" (as llama.cpp's server does); an unset seed draws a random one, so only
 * an explicit seed reproduces an answer. Returns nullopt and a reason in @p error for values
 * the engine cannot honour (max_tokens <= 0, negative temperature, top_p outside (0, 1]…).
 */
std::optional<engine::GenerationParams> toGenerationParams(const providers::SamplingParams& params,
                                                           std::string* error);

/** The system prompt (when not empty) followed by every message, as template turns. */
std::vector<engine::ChatTurn> toChatTurns(const providers::ChatRequest& request);

} // namespace triad::local
