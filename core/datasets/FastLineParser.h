#pragma once
// The import's fast path: one JSONL line (chat, prompt/completion or preference; see
// ExampleCodec.h) to the texts stored for it, without building a nlohmann::json DOM.
//
//   FastLineParser parser;                  // reuse it: its buffers keep their capacity
//   StoredLine row;
//   switch (parser.parse(line, LineFormat::Auto, row)) {
//   case FastParse::Parsed: ...store row...; break;
//   case FastParse::NeedsFullParser: ...parseExampleLine() + storedText()...; break;
//   case FastParse::TooDeep: case FastParse::TooLarge: ...reject the line...; break;
//   }
//
// Parsed gives exactly what the full path (parseExampleLine + storedText) gives, compared as
// JSON values: the same messages, outputs, extra fields and metadata, the same content hash
// (hashJson) and the same token estimate; tst_fast_line_parser checks this on every shape.
// Stored texts are compact (no whitespace), keep the line's key order, and write strings the
// way nlohmann::json writes them (raw UTF-8, no \u escapes), so text search finds what a
// person types. Whatever it is not sure of (an invalid line, a float or a duplicate key in
// hashed content, an escaped key...) is NeedsFullParser: the full parser decides and words
// the reason, so both paths always agree.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/datasets/ExampleCodec.h"
#include "core/datasets/JsonLineScanner.h"

namespace triad::datasets {

/** The stored texts of one example (the dataset_examples columns an import writes). */
struct StoredLine {
    std::string messages;
    bool hasPreference = false;   ///< preferred/nonPreferred are set (else stored as NULL)
    std::string preferred;
    std::string nonPreferred;
    std::string extra;            ///< "{}" when none
    std::string metadata;         ///< "{}" when none
    uint64_t contentHash = 0;
    int64_t tokenEstimate = 0;
};

enum class FastParse {
    Parsed = 1,
    NeedsFullParser,
    TooDeep,    ///< nested deeper than the scanner's limit: refuse the line
    TooLarge,   ///< more values than the scanner's limit: refuse the line
};

class FastLineParser {
public:
    explicit FastLineParser(int maxDepth = JsonLineScanner::kDefaultMaxDepth);

    FastParse parse(std::string_view line, LineFormat format, StoredLine& out);

    int maxDepth() const { return m_scanner.maxDepth(); }
    size_t maxValues() const { return m_scanner.maxValues(); }

private:
    struct Member {
        uint32_t key = 0;        ///< tape index of the key (the value follows it)
        bool inputRest = false;  ///< the "input" object of a preference line without its "messages"
    };

    const JsonToken& tok(uint32_t i) const { return m_scanner.tokens()[i]; }
    std::string_view keyOf(uint32_t key) const { return m_scanner.inner(tok(key)); }
    /** Tape index of the value of member `name` of object `obj`, or 0 when absent. */
    uint32_t find(uint32_t obj, std::string_view name) const;

    bool messagesValid(uint32_t array) const;
    bool keysUnique(uint32_t value);
    bool hashValue(uint32_t value, uint64_t& h);
    bool hashMembers(size_t base, uint64_t& h);   // the members m_members[base...]
    void hashString(const JsonToken& t, uint64_t& h);
    int64_t estimateString(const JsonToken& t);
    int64_t estimateMessages(uint32_t array);

    void emitValue(uint32_t value, std::string& out);
    void emitString(const JsonToken& t, std::string& out);
    void emitInputRest(uint32_t input, uint32_t messagesKey, std::string& out);

    JsonLineScanner m_scanner;
    std::vector<Member> m_members;   // stack of the objects being hashed
    std::vector<uint32_t> m_keys;    // scratch of keysUnique()
    std::string m_decoded;           // scratch of hashString()/emitString()
    uint32_t m_inputMessagesKey = 0;
    uint32_t m_input = 0;
};

} // namespace triad::datasets
