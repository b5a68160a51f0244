#pragma once
// A playground session: one shared system prompt and conversation, 1–6 panes each bound
// to a target (provider + model) with its own sampling parameters or "same as pane 1".
// Pure data plus helpers; the GUI renders it, the store persists it.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/providers/ChatTypes.h"

namespace triad::playground {

constexpr int kMaxPanes = 6;

/** Which model answers: a configured provider id plus a model name. */
struct Target {
    std::string providerId;
    std::string model;
    bool operator==(const Target&) const = default;
    /** "providerId/model", as shown in pane headers. */
    std::string label() const;
};

struct PaneConfig {
    Target target;
    bool sameParamsAsFirst = true;     ///< ignored for pane 0
    providers::SamplingParams params;
};

struct Session {
    int64_t id = 0;                    ///< 0 = not stored yet
    std::string name;
    std::string systemPrompt;
    std::vector<providers::ChatMessage> conversation;  ///< finished turns
    std::string draft;                 ///< the user message being written
    std::vector<PaneConfig> panes;
    int64_t createdAtMs = 0;
    int64_t updatedAtMs = 0;
};

/** The parameters pane `index` actually uses (resolves "same as pane 1"). */
providers::SamplingParams effectiveParams(const Session& session, size_t index);

/** The request pane `index` sends: system prompt, conversation, then `draft` as the
 *  last user turn when it is not empty. */
providers::ChatRequest buildRequest(const Session& session, size_t index);

void to_json(nlohmann::json& j, const Target& t);
void from_json(const nlohmann::json& j, Target& t);
void to_json(nlohmann::json& j, const PaneConfig& p);
void from_json(const nlohmann::json& j, PaneConfig& p);
void to_json(nlohmann::json& j, const Session& s);
void from_json(const nlohmann::json& j, Session& s);

} // namespace triad::playground

namespace triad::providers {
void to_json(nlohmann::json& j, const SamplingParams& p);
void from_json(const nlohmann::json& j, SamplingParams& p);
void to_json(nlohmann::json& j, const ChatMessage& m);
void from_json(const nlohmann::json& j, ChatMessage& m);
/** Triad's own stored form of a request (not a wire body; see RequestExport for those). */
void to_json(nlohmann::json& j, const ChatRequest& r);
void from_json(const nlohmann::json& j, ChatRequest& r);
} // namespace triad::providers
