#include "core/playground/SessionOps.h"

#include <algorithm>

namespace triad::playground {

namespace {

bool taken(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

/** "X (copy)" → "X"; "X (copy 7)" → "X"; anything else unchanged. */
std::string baseName(const std::string& name)
{
    const std::string plain = " (copy)";
    if (name.size() > plain.size() && name.compare(name.size() - plain.size(), plain.size(), plain) == 0)
        return name.substr(0, name.size() - plain.size());
    const std::string numbered = " (copy ";
    size_t at = name.rfind(numbered);
    if (at != std::string::npos && at > 0 && name.back() == ')') {
        std::string digits = name.substr(at + numbered.size(), name.size() - at - numbered.size() - 1);
        if (!digits.empty() && std::all_of(digits.begin(), digits.end(), [](unsigned char c) {
                return c >= '0' && c <= '9';
            }))
            return name.substr(0, at);
    }
    return name;
}

} // namespace

Session newSession(const std::string& name, const Target& firstTarget)
{
    Session session;
    session.name = name;
    PaneConfig pane;
    pane.target = firstTarget;
    session.panes.push_back(pane);
    return session;
}

std::string copyName(const std::string& name, const std::vector<std::string>& takenNames)
{
    const std::string base = baseName(name);
    std::string candidate = base + " (copy)";
    for (int n = 2; taken(takenNames, candidate); ++n)
        candidate = base + " (copy " + std::to_string(n) + ")";
    return candidate;
}

Session duplicateSession(const Session& session, const std::vector<std::string>& takenNames)
{
    Session copy = session;
    copy.id = 0;
    copy.createdAtMs = 0;
    copy.updatedAtMs = 0;
    copy.name = copyName(session.name, takenNames);
    return copy;
}

bool continueWithAnswer(Session& session, size_t paneIndex, const std::string& answer,
                        const std::string& reasoning)
{
    if (paneIndex >= session.panes.size())
        return false;
    if (session.draft.empty() && answer.empty())
        return false;
    if (!session.draft.empty()) {
        providers::ChatMessage user;
        user.role = "user";
        user.content = session.draft;
        session.conversation.push_back(std::move(user));
    }
    providers::ChatMessage assistant;
    assistant.role = "assistant";
    assistant.content = answer;
    assistant.reasoning = reasoning;
    session.conversation.push_back(std::move(assistant));
    session.draft.clear();
    return true;
}

bool addPane(Session& session, const PaneConfig& pane)
{
    if (session.panes.size() >= static_cast<size_t>(kMaxPanes))
        return false;
    session.panes.push_back(pane);
    return true;
}

bool removePane(Session& session, size_t index)
{
    if (session.panes.size() <= 1 || index >= session.panes.size())
        return false;
    std::vector<providers::SamplingParams> before;
    for (size_t i = 0; i < session.panes.size(); ++i)
        before.push_back(effectiveParams(session, i));
    session.panes.erase(session.panes.begin() + static_cast<std::ptrdiff_t>(index));
    before.erase(before.begin() + static_cast<std::ptrdiff_t>(index));
    if (index != 0)
        return true;   // pane 0 is unchanged, so "same as pane 1" still means the same
    session.panes[0].params = before[0];
    for (size_t i = 1; i < session.panes.size(); ++i) {
        PaneConfig& pane = session.panes[i];
        if (pane.sameParamsAsFirst && !sameParams(before[i], before[0])) {
            pane.sameParamsAsFirst = false;
            pane.params = before[i];
        }
    }
    return true;
}

bool sameParams(const providers::SamplingParams& a, const providers::SamplingParams& b)
{
    return nlohmann::json(a) == nlohmann::json(b);
}

} // namespace triad::playground
