#pragma once
// Seeded, deterministic generator of the bundled model's synthetic instruction corpus. Every
// random choice comes from splitmix64 over the seed (never std:: distributions, whose output
// differs between standard libraries), so a seed gives the same corpus on every machine.
//
//   CorpusGenerator gen(7);
//   CorpusExample e = gen.next(Task::Arithmetic);   // {"What is 12 plus 30?", "42"}
//   CorpusSplit s = makeCorpusSplit(bundledTasks(), 1000, 50, 7);

#include "core/train/corpus/CorpusExample.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace triad::train::corpus {

class CorpusGenerator {
public:
    explicit CorpusGenerator(uint64_t seed);

    /** One example of @p task. */
    CorpusExample next(Task task);

    /** Adds a system message to about this fraction of examples (0 = never). */
    void setSystemFraction(double fraction) { m_systemFraction = fraction; }

    /** Word lists the sentiment task draws from (tests classify reviews with them). */
    static const std::vector<std::string>& positiveWords();
    static const std::vector<std::string>& negativeWords();
    /** The ticket-routing task's queues and the complaints that belong to each (for tests). */
    static const std::vector<std::pair<std::string, std::vector<std::string>>>& ticketQueues();

private:
    uint64_t nextBits();
    int uniform(int lo, int hi); ///< inclusive
    template <class T>
    const T& pick(const std::vector<T>& items) { return items[size_t(uniform(0, int(items.size()) - 1))]; }

    CorpusExample arithmetic();
    CorpusExample unitConversion();
    CorpusExample dateFormat();
    CorpusExample jsonExtraction();
    CorpusExample sentiment();
    CorpusExample spelling();
    CorpusExample smallTalk();
    CorpusExample identity();
    CorpusExample romanNumerals();
    CorpusExample ticketRouting();

    uint64_t m_state;
    double m_systemFraction = 0.0;
};

struct CorpusSplit {
    std::vector<CorpusExample> train;
    std::vector<CorpusExample> heldOut; ///< no user prompt of these appears in train
};

/** True for the prompts reserved for the held-out part (a fixed eighth, by hash). */
bool isHeldOutPrompt(std::string_view user);

/**
 * @p trainPerTask examples of every task, interleaved, from @p seed, and @p heldOutPerTask
 * examples per task from a different seed. The two parts never share a user prompt.
 */
CorpusSplit makeCorpusSplit(std::span<const Task> tasks, int trainPerTask, int heldOutPerTask, uint64_t seed);

/** Integer to Roman numerals (1..3999), for the sample task and its tests. */
std::string toRoman(int value);

} // namespace triad::train::corpus
