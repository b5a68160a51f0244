#pragma once
// A strict, allocation-free (after warm-up) JSON validator that indexes one line into a flat
// token tape, for the import's fast path (FastLineParser). It builds no DOM: each token is a
// byte range of the line, so the importer can store the line's own bytes of a field.
//
//   JsonLineScanner scanner;
//   if (scanner.scan(line) == ScanResult::Ok) {
//       const JsonToken& root = scanner.tokens()[0];   // the top-level value
//       for (uint32_t key = 1; key < root.next; key = scanner.tokens()[key + 1].next) ...   // members
//   }
//
// What it accepts is a subset of what nlohmann::json::parse accepts (RFC 8259, UTF-8
// checked the same way, surrogate escapes paired, finite numbers), so a line it accepts is a
// line the full parser accepts with the same values. Anything it does not accept gets
// SyntaxError and the caller asks the full parser, which also words the reason.
// Nesting deeper than maxDepth is TooDeep: such a line is refused outright (the full parser
// and the JSON writers recurse, and a line of a million '[' must not take the import down).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace triad::datasets {

enum class JsonTokenType : uint8_t {
    Object = 1,
    Array,
    String,
    Number,
    True,
    False,
    Null,
};

/** Flags of a token (bits). */
enum JsonTokenFlag : uint8_t {
    /** String: contains a backslash escape (its bytes are not its value). */
    kJsonHasEscape = 1,
    /** String: contains \u or \/ (its bytes are not how nlohmann::json writes the value). */
    kJsonNotCanonical = 2,
    /** Number: has a fraction or an exponent (a float to nlohmann::json). */
    kJsonFloat = 4,
};

/**
 * One value of the tape. Containers hold their children right after them; an object's
 * children alternate key (a String token) and value. `next` is the index after the token's
 * last descendant, so siblings are reached by jumping to `next`.
 */
struct JsonToken {
    JsonTokenType type = JsonTokenType::Null;
    uint8_t flags = 0;
    uint32_t begin = 0;   ///< byte offset of the first byte (the quote of a string)
    uint32_t end = 0;     ///< byte offset after the last byte (after the closing quote / bracket)
    uint32_t next = 0;    ///< tape index after this token's subtree
};

enum class ScanResult {
    Ok = 1,
    /** Valid as far as the scanner can tell, nesting checked to the end, but a detail
     *  (a number at the edge of double's range, a BOM) is left to the full parser. */
    Unsure,
    /** Not valid JSON. The full parser stops at the same place or earlier, so it never
     *  nests deeper than maxDepth on this line either. */
    SyntaxError,
    TooDeep,       ///< valid so far, but nested deeper than maxDepth
    /** More than maxValues values (the tape would take 16 bytes each), or over 4 GiB. */
    TooLarge,
};

class JsonLineScanner {
public:
    static constexpr int kDefaultMaxDepth = 256;
    /** 4M values: at most 64 MB of tape for one line. */
    static constexpr size_t kDefaultMaxValues = size_t(1) << 22;

    explicit JsonLineScanner(int maxDepth = kDefaultMaxDepth, size_t maxValues = kDefaultMaxValues);

    /** Validates `text` (one JSON value with optional whitespace around it) into tokens(). */
    ScanResult scan(std::string_view text);

    const std::vector<JsonToken>& tokens() const { return m_tokens; }
    /** True when some object key has a backslash escape (the fast path compares raw keys). */
    bool keyHasEscape() const { return m_keyHasEscape; }
    std::string_view text() const { return m_text; }
    int maxDepth() const { return m_maxDepth; }
    size_t maxValues() const { return m_maxValues; }

    /** The bytes of a token. */
    std::string_view bytes(const JsonToken& t) const { return m_text.substr(t.begin, t.end - t.begin); }
    /** A string token's bytes without the quotes (its value when !(flags & kJsonHasEscape)). */
    std::string_view inner(const JsonToken& t) const { return m_text.substr(t.begin + 1, t.end - t.begin - 2); }

    /** Appends the value of a string token (escapes decoded) to `out`. */
    void decodeString(const JsonToken& t, std::string& out) const;

private:
    bool scanString(size_t& i, uint8_t& flags) const;
    /** 1 = valid, 0 = invalid, -1 = valid grammar but left to the full parser. */
    int scanNumber(size_t& i, uint8_t& flags) const;

    std::string_view m_text;
    std::vector<JsonToken> m_tokens;
    std::vector<uint32_t> m_open;   // tape indexes of the containers being filled
    int m_maxDepth;
    size_t m_maxValues;
    bool m_keyHasEscape = false;
};

} // namespace triad::datasets
