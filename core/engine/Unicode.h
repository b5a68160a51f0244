#pragma once
// UTF-8 decoding/encoding and the code point classes the pre-tokenizers need (\p{L}, \p{N},
// \p{P}, \s ...). Categories come from generated tables (UnicodeTables.cpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

/** General category, major class only (what \p{X} in the pre-tokenizer regexes tests). */
enum class UnicodeCategory : uint8_t {
    Letter = 1,
    Number = 2,
    Punctuation = 3,
    Symbol = 4,
    Mark = 5,
    Separator = 6,
    Control = 7,
    Undefined = 8, ///< unassigned code points and values above U+10FFFF
};

inline constexpr uint32_t kReplacementCharacter = 0xFFFD;

UnicodeCategory unicodeCategory(uint32_t cpt);
inline bool unicodeIsLetter(uint32_t cpt) { return unicodeCategory(cpt) == UnicodeCategory::Letter; }
inline bool unicodeIsNumber(uint32_t cpt) { return unicodeCategory(cpt) == UnicodeCategory::Number; }
inline bool unicodeIsPunctuation(uint32_t cpt) { return unicodeCategory(cpt) == UnicodeCategory::Punctuation; }
/** The Unicode White_Space property (what \s means in the tokenizer regexes). */
bool unicodeIsWhitespace(uint32_t cpt);
/** Unicode version of the tables ("14.0.0"). */
const char* unicodeTablesVersion();

/**
 * Length of the UTF-8 sequence a lead byte announces: 1..4, or 0 for a continuation byte or
 * a byte that never starts a sequence.
 */
size_t utf8SequenceLength(uint8_t lead);

/**
 * Decodes one code point at @p offset and advances it. A malformed or truncated sequence
 * (bad continuation, overlong form, surrogate, above U+10FFFF) consumes one byte and yields
 * U+FFFD, as llama.cpp does, so any byte string decodes.
 */
uint32_t utf8DecodeOne(std::string_view text, size_t& offset);

/** All code points of @p text (see utf8DecodeOne for malformed input). */
std::vector<uint32_t> utf8ToCodepoints(std::string_view text);

/** Appends the UTF-8 encoding of @p cpt (U+FFFD for values that are not code points). */
void appendUtf8(std::string& out, uint32_t cpt);
std::string codepointToUtf8(uint32_t cpt);

/** Number of bytes at the end of @p text that form an unfinished (so far valid) UTF-8 sequence. */
size_t utf8IncompleteTailBytes(std::string_view text);

} // namespace triad::engine
