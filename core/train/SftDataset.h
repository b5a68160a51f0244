#pragma once
// Supervised fine-tuning data in the JSONL formats of ../shared/docs/api-shapes.md, one
// example a line:
//   {"messages":[{"role":"system|user|assistant|tool","content":"…","weight":0|1?}], "tools"?:[…]}
//   {"prompt":"…","completion":"…"}
// Assistant messages are trained on unless their weight is 0; other roles never are.
//
//   SftDataset data = SftDataset::load("train.jsonl");     // throws SftDataError
//   auto [train, validation] = data.split(0.1, seed);

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace triad::train {

/** A file that is not valid SFT data: the message names the file, the line and the reason. */
class SftDataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SftMessage {
    std::string role;
    std::string content;
    float weight = 1.0f; ///< only assistant messages use it
};

struct SftExample {
    std::vector<SftMessage> messages; ///< chat form (empty for prompt/completion)
    std::string prompt;               ///< prompt/completion form
    std::string completion;
    int lineNumber = 0;               ///< 1-based, for messages

    bool isChat() const { return !messages.empty(); }
};

class SftDataset {
public:
    SftDataset() = default;
    explicit SftDataset(std::vector<SftExample> examples) : m_examples(std::move(examples)) {}

    /** Reads a JSONL file. Throws SftDataError (unreadable, bad JSON, unknown shape, empty). */
    static SftDataset load(const std::string& path);
    /** Parses JSONL text; @p displayName stands for the file in messages. */
    static SftDataset parse(std::string_view text, const std::string& displayName);

    const std::vector<SftExample>& examples() const { return m_examples; }
    size_t size() const { return m_examples.size(); }
    bool empty() const { return m_examples.empty(); }

    /**
     * Moves a seeded random @p fraction of the examples (at least one when fraction > 0 and
     * there are two or more) into a second set: {train, validation}.
     */
    std::pair<SftDataset, SftDataset> split(double fraction, uint64_t seed) const;

private:
    std::vector<SftExample> m_examples;
};

} // namespace triad::train
