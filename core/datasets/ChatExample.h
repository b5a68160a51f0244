#pragma once
// Conversions between a chat request (what the playground or a candidate run sent) and the
// message array of a dataset example.
//
//   Example ex = exampleFromChat(run.request, answerText, {{"source", "playground"}});
//   repo.addExample(datasetId, ex);
//
//   ChatRequest req = chatFromPrompt(promptMessages(example.messages));   // candidates

#include <string>

#include <nlohmann/json.hpp>

#include "core/datasets/Example.h"
#include "core/providers/ChatTypes.h"

namespace triad::datasets {

/**
 * The example a chat makes: the system prompt (when not empty), every turn of `request`
 * (tool calls, tool call ids and weights kept) and `answer` as the final assistant turn
 * (left out when empty). Pending, with `metadata` (an object, or null for none).
 */
Example exampleFromChat(const providers::ChatRequest& request, const std::string& answer,
                        const nlohmann::json& metadata = nullptr);

/** The conversation without its final assistant turn (the answer being labeled); all of it
 *  when it does not end with an assistant turn (it then waits for an answer). */
nlohmann::json promptMessages(const nlohmann::json& messages);

/** A request that sends `prompt` (an OpenAI message array): a leading system message becomes
 *  the system prompt, the rest are the turns. Content parts are joined as text. */
providers::ChatRequest chatFromPrompt(const nlohmann::json& prompt);

/** The text of a message's content: a string as it is, text parts joined, "" otherwise. */
std::string messageText(const nlohmann::json& message);

} // namespace triad::datasets
