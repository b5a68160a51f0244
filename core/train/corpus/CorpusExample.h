#pragma once
// One synthetic instruction example of the bundled model's corpus, and the tasks it covers.
// The text of every example is generated from numbers and word lists (CorpusGenerator), so
// the right answer is always known and a test can recompute it from the prompt.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace triad::train::corpus {

enum class Task {
    Arithmetic = 1,  ///< add, subtract, multiply small numbers
    UnitConversion,  ///< km<->m, kg<->g, hours<->minutes, °C->°F (integer results)
    DateFormat,      ///< 2024-03-07 <-> 7 March 2024
    JsonExtraction,  ///< "Name: Ada, age 36" -> {"name":"Ada","age":36}
    Sentiment,       ///< short reviews: positive or negative
    Spelling,        ///< spell a word, count letters or words
    SmallTalk,       ///< greetings, thanks, goodbyes
    Identity,        ///< what the model is
    RomanNumerals,   ///< not in the bundled corpus: numbers 1..100 as Roman numerals
    TicketRouting,   ///< not in the bundled corpus: the sample fine-tuning task (support
                     ///< ticket -> billing, shipping, technical or account)
};

/** The tasks the bundled model is trained on, in report order. */
const std::vector<Task>& bundledTasks();
/** "arithmetic", "unit_conversion", ... */
std::string taskName(Task task);
std::optional<Task> taskFromName(std::string_view name);

struct CorpusExample {
    Task task = Task::Arithmetic;
    std::string system;    ///< empty: no system message
    std::string user;
    std::string assistant; ///< the one exact right answer
};

/** The example as one line of SFT chat JSONL (../shared/docs/api-shapes.md), no newline. */
std::string toSftJsonLine(const CorpusExample& example);

/** The identity task's answer (the model's description of itself). */
std::string_view identityAnswer();

} // namespace triad::train::corpus
