#pragma once
// An in-process Provider for tests and benchmarks: answers every request on its own thread
// with scripted text, split into word pieces at a fixed pace, or fails as told.

#include <atomic>
#include <functional>
#include <string>

#include "core/providers/Provider.h"

namespace triad::testsupport {

struct FakeScript {
    /** The answer for a request (default: "echo: " + last user message). */
    std::function<std::string(const providers::ChatRequest&)> answer;
    int delayBeforeFirstMs = 0;
    int delayPerPieceMs = 0;
    /** When set, the request fails with this error before any text. */
    std::optional<providers::ErrorInfo> failWith;
    std::string reasoning;      ///< streamed as ReasoningDelta before the answer
};

class FakeProvider : public providers::Provider {
public:
    explicit FakeProvider(FakeScript script = {}, std::string id = "fake");

    std::string id() const override { return m_id; }
    std::string displayName() const override { return "Fake"; }
    providers::ModelListResult listModels() override;
    std::shared_ptr<providers::RequestHandle> chat(const providers::ChatRequest& request,
                                                   providers::ChatSink sink) override;

    int requestsSeen() const { return m_requests.load(); }

private:
    FakeScript m_script;
    std::string m_id;
    std::atomic<int> m_requests{0};
};

/** Splits text into the pieces a tokenizer-ish stream would send ("Hello", " world", "!"). */
std::vector<std::string> splitIntoPieces(const std::string& text);

} // namespace triad::testsupport
