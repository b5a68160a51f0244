#pragma once
// Conversions between dataset file lines and Example, and the stored text of an example.
//
// Accepted line formats (api-shapes.md, "Training data"):
//   chat        {"messages":[{"role","content","weight"?...}], "tools"?, "metadata"?, ...}
//   prompt      {"prompt":"...","completion":"..."}  -> user + assistant messages
//   preference  {"input":{"messages":[...], ...},"preferred_output":[...],"non_preferred_output":[...]}
// Unknown top-level fields are kept in Example::extra and written back on export.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/datasets/Example.h"

namespace triad::datasets {

enum class LineFormat {
    Auto = 1,          ///< decided per line by its keys
    Chat,
    PromptCompletion,
    Preference,
};

const char* lineFormatName(LineFormat format);
std::optional<LineFormat> lineFormatFromName(std::string_view name);

/** An example as stored: compact JSON text and the content hash. */
struct StoredExampleText {
    std::string messages;
    std::optional<std::string> preferred;
    std::optional<std::string> nonPreferred;
    std::string extra;
    std::string metadata;
    /** Hash of everything trained on (messages, outputs, extra) as JSON values; metadata is
     *  not part of it, so the same conversation with other metadata is still a duplicate. */
    int64_t contentHash = 0;
};

/**
 * Parses one JSONL line into `out` (status pending, no labels). Returns false and sets
 * `reason` (a sentence naming the field) for a line that cannot be an example.
 */
bool parseExampleLine(std::string_view line, LineFormat format, Example& out, std::string& reason);

/**
 * The bytes of the top-level "messages" value of a valid JSON object line, when they can be
 * stored as they are (no \u escapes, so text search over the stored JSON still works);
 * empty otherwise. Storing them saves re-serialising the largest part of every line.
 */
std::string_view rawMessagesSpan(std::string_view line);

/** Hash of a JSON value's content (key order and spacing do not matter). */
uint64_t hashJson(const nlohmann::json& value, uint64_t seed);

/** Checks an OpenAI message array; false with `reason` naming e.g. "messages[2].role". */
bool validateMessages(const nlohmann::json& messages, const std::string& where, std::string& reason);

/** Compact UTF-8 JSON (invalid UTF-8 from model text replaced, never thrown). */
std::string dumpJson(const nlohmann::json& value);

/** `rawMessages` (from rawMessagesSpan) is stored instead of re-serialising the messages. */
StoredExampleText storedText(const Example& example, std::string_view rawMessages = {});

/** True when the stored texts hold the same content as `t` (compared as JSON values). */
bool sameStoredContent(const StoredExampleText& t, const std::string& messages,
                       const std::optional<std::string>& preferred, const std::optional<std::string>& nonPreferred,
                       const std::string& extra);

/** 64-bit FNV-1a, stable across runs and platforms (it is stored in the workspace). */
uint64_t fnv1a64(std::string_view bytes, uint64_t seed = 0xcbf29ce484222325ULL);

/** The SFT line of an example: extra fields, "messages" (with preferred output appended
 *  for a preference pair) and, when asked, "metadata". */
nlohmann::json toSftJson(const Example& example, bool includeMetadata);

/** The preference line, or null when the example is not a preference pair. */
nlohmann::json toPreferenceJson(const Example& example, bool includeMetadata);

} // namespace triad::datasets
