#pragma once
// Edits of a playground Session that the GUI performs (pure functions on the data; the
// caller saves the result through store::SessionRepository). None of them throws: a
// request that cannot apply (pane index out of range, 7th pane) returns false and leaves
// the session unchanged.

#include <string>
#include <vector>

#include "core/playground/Session.h"

namespace triad::playground {

/** A new unsaved session with `name` and one pane bound to `firstTarget`. */
Session newSession(const std::string& name, const Target& firstTarget = {});

/**
 * The name of a copy of `name` that is not in `takenNames`: "X (copy)", then
 * "X (copy 2)", "X (copy 3)"... Copying "X (copy)" gives "X (copy 2)", not "X (copy) (copy)".
 */
std::string copyName(const std::string& name, const std::vector<std::string>& takenNames);

/** A copy of `session` as a new unsaved session (id 0, timestamps 0) named copyName(). */
Session duplicateSession(const Session& session, const std::vector<std::string>& takenNames = {});

/**
 * Continues the conversation with pane `paneIndex`'s answer: the draft (when not empty)
 * becomes a user turn, `answer` (with its `reasoning`) an assistant turn, and the draft is
 * cleared. False when the pane does not exist or there is neither a draft nor an answer.
 */
bool continueWithAnswer(Session& session, size_t paneIndex, const std::string& answer,
                        const std::string& reasoning = {});

/** Appends a pane (false when there are already kMaxPanes). */
bool addPane(Session& session, const PaneConfig& pane = {});

/**
 * Removes pane `index` (false when it is the only pane or out of range). Every remaining
 * pane keeps the parameters it used before: when pane 0 goes, panes that were "same as
 * pane 1" and no longer would be are given their previous parameters explicitly.
 */
bool removePane(Session& session, size_t index);

/** Whether two parameter sets would send the same request fields. */
bool sameParams(const providers::SamplingParams& a, const providers::SamplingParams& b);

} // namespace triad::playground
