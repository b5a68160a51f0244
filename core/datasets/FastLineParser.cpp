#include "core/datasets/FastLineParser.h"

#include <algorithm>
#include <array>

#include "core/datasets/TokenCounter.h"

namespace triad::datasets {

namespace {

constexpr uint64_t kHashSeed = 0xcbf29ce484222325ULL;   // hashJson's seed in storedText()
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
constexpr int64_t kTokensPerMessage = 4;                  // as countMessageTokens()

inline void fnvByte(uint64_t& h, unsigned char c)
{
    h ^= c;
    h *= kFnvPrime;
}

inline void fnvBytes(uint64_t& h, std::string_view bytes)
{
    for (unsigned char c : bytes)
        fnvByte(h, c);
}

/** hashJson() of a string value. */
inline void hashStringValue(uint64_t& h, std::string_view value)
{
    fnvByte(h, 's');
    fnvBytes(h, value);
    fnvByte(h, '"');
}

bool knownRole(std::string_view role)
{
    static constexpr std::array<std::string_view, 6> kRoles = {"system", "developer", "user",
                                                               "assistant", "tool", "function"};
    return std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end();
}

/** Appends `value` escaped as nlohmann::json::dump writes it (ensure_ascii off). */
void appendEscaped(std::string& out, std::string_view value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (char c : value) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += kHex[(c >> 4) & 0xF];
                out += kHex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

FastLineParser::FastLineParser(int maxDepth)
    : m_scanner(maxDepth)
{
}

uint32_t FastLineParser::find(uint32_t obj, std::string_view name) const
{
    for (uint32_t key = obj + 1; key < tok(obj).next; key = tok(key + 1).next) {
        if (keyOf(key) == name)
            return key + 1;
    }
    return 0;
}

bool FastLineParser::messagesValid(uint32_t array) const
{
    // The rules of validateMessages(); any doubt goes to the full parser, which words the reason.
    const JsonToken& a = tok(array);
    if (a.type != JsonTokenType::Array || a.next == array + 1)
        return false;
    for (uint32_t m = array + 1; m < a.next; m = tok(m).next) {
        if (tok(m).type != JsonTokenType::Object)
            return false;
        uint32_t role = find(m, "role");
        if (role == 0 || tok(role).type != JsonTokenType::String || (tok(role).flags & kJsonHasEscape)
            || !knownRole(m_scanner.inner(tok(role))))
            return false;
        uint32_t content = find(m, "content");
        if (content == 0 || tok(content).type == JsonTokenType::Null) {
            if (find(m, "tool_calls") == 0 && find(m, "function_call") == 0)
                return false;
        } else if (tok(content).type != JsonTokenType::String && tok(content).type != JsonTokenType::Array) {
            return false;
        }
        if (uint32_t weight = find(m, "weight")) {
            std::string_view w = m_scanner.bytes(tok(weight));
            if (tok(weight).type != JsonTokenType::Number || (w != "0" && w != "1"))
                return false;
        }
    }
    return true;
}

bool FastLineParser::keysUnique(uint32_t value)
{
    // nlohmann::json keeps the last of duplicate keys; stored texts would keep both.
    for (uint32_t i = value; i < tok(value).next; ++i) {
        if (tok(i).type != JsonTokenType::Object)
            continue;
        m_keys.clear();
        for (uint32_t key = i + 1; key < tok(i).next; key = tok(key + 1).next)
            m_keys.push_back(key);
        if (m_keys.size() < 2)
            continue;
        std::sort(m_keys.begin(), m_keys.end(), [&](uint32_t a, uint32_t b) { return keyOf(a) < keyOf(b); });
        for (size_t k = 1; k < m_keys.size(); ++k) {
            if (keyOf(m_keys[k - 1]) == keyOf(m_keys[k]))
                return false;
        }
    }
    return true;
}

void FastLineParser::hashString(const JsonToken& t, uint64_t& h)
{
    if (!(t.flags & kJsonHasEscape)) {
        hashStringValue(h, m_scanner.inner(t));
        return;
    }
    m_decoded.clear();
    m_scanner.decodeString(t, m_decoded);
    hashStringValue(h, m_decoded);
}

bool FastLineParser::hashMembers(size_t base, uint64_t& h)
{
    // hashJson() walks an object in std::map order: keys sorted bytewise.
    std::sort(m_members.begin() + std::ptrdiff_t(base), m_members.end(),
              [&](const Member& a, const Member& b) { return keyOf(a.key) < keyOf(b.key); });
    const size_t end = m_members.size();
    for (size_t k = base + 1; k < end; ++k) {
        if (keyOf(m_members[k - 1].key) == keyOf(m_members[k].key))
            return false;
    }
    fnvByte(h, '{');
    for (size_t k = base; k < end; ++k) {
        const Member member = m_members[k];   // a copy: the recursion below grows m_members
        fnvByte(h, 'k');
        fnvBytes(h, keyOf(member.key));
        if (member.inputRest) {
            const size_t restBase = m_members.size();
            for (uint32_t key = m_input + 1; key < tok(m_input).next; key = tok(key + 1).next) {
                if (key != m_inputMessagesKey)
                    m_members.push_back({key, false});
            }
            if (!hashMembers(restBase, h))
                return false;
        } else if (!hashValue(member.key + 1, h)) {
            return false;
        }
    }
    fnvByte(h, '}');
    m_members.resize(base);
    return true;
}

bool FastLineParser::hashValue(uint32_t value, uint64_t& h)
{
    const JsonToken& t = tok(value);
    switch (t.type) {
    case JsonTokenType::Object: {
        const size_t base = m_members.size();
        for (uint32_t key = value + 1; key < t.next; key = tok(key + 1).next)
            m_members.push_back({key, false});
        return hashMembers(base, h);
    }
    case JsonTokenType::Array:
        fnvByte(h, '[');
        for (uint32_t v = value + 1; v < t.next; v = tok(v).next) {
            if (!hashValue(v, h))
                return false;
        }
        fnvByte(h, ']');
        return true;
    case JsonTokenType::String:
        hashString(t, h);
        return true;
    case JsonTokenType::Number: {
        // hashJson() hashes dump() of a number: the token itself for an integer of at most
        // 18 digits; "-0" dumps as "0", and floats have their own shortest form.
        std::string_view digits = m_scanner.bytes(t);
        if ((t.flags & kJsonFloat) || digits.size() > 18 || digits == "-0")
            return false;
        fnvByte(h, 'p');
        fnvBytes(h, digits);
        return true;
    }
    case JsonTokenType::True:
    case JsonTokenType::False:
    case JsonTokenType::Null:
        fnvByte(h, 'p');
        fnvBytes(h, m_scanner.bytes(t));
        return true;
    }
    return false;
}

int64_t FastLineParser::estimateString(const JsonToken& t)
{
    if (!(t.flags & kJsonHasEscape))
        return estimateTokens(m_scanner.inner(t));
    m_decoded.clear();
    m_scanner.decodeString(t, m_decoded);
    return estimateTokens(m_decoded);
}

int64_t FastLineParser::estimateMessages(uint32_t array)
{
    // countMessageTokens(): each message's string content or its parts' "text" strings.
    int64_t total = 0;
    for (uint32_t m = array + 1; m < tok(array).next; m = tok(m).next) {
        total += kTokensPerMessage;
        uint32_t content = find(m, "content");
        if (content == 0)
            continue;
        if (tok(content).type == JsonTokenType::String) {
            total += estimateString(tok(content));
        } else if (tok(content).type == JsonTokenType::Array) {
            for (uint32_t part = content + 1; part < tok(content).next; part = tok(part).next) {
                if (tok(part).type != JsonTokenType::Object)
                    continue;
                uint32_t text = find(part, "text");
                if (text != 0 && tok(text).type == JsonTokenType::String)
                    total += estimateString(tok(text));
            }
        }
    }
    return total;
}

void FastLineParser::emitString(const JsonToken& t, std::string& out)
{
    if (!(t.flags & kJsonNotCanonical)) {
        out.append(m_scanner.bytes(t));
        return;
    }
    m_decoded.clear();
    m_scanner.decodeString(t, m_decoded);
    appendEscaped(out, m_decoded);
}

void FastLineParser::emitValue(uint32_t value, std::string& out)
{
    // Between two string tokens of a subtree there are only brackets, separators, numbers,
    // literals and whitespace: copy them without the whitespace, and the strings as written.
    const std::string_view text = m_scanner.text();
    auto structural = [&](size_t from, size_t to) {
        for (size_t i = from; i < to; ++i) {
            char c = text[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                out += c;
        }
    };
    const JsonToken& root = tok(value);
    size_t pos = root.begin;
    for (uint32_t i = value; i < root.next; ++i) {
        const JsonToken& t = tok(i);
        if (t.type != JsonTokenType::String)
            continue;
        structural(pos, t.begin);
        emitString(t, out);
        pos = t.end;
    }
    structural(pos, root.end);
}

void FastLineParser::emitInputRest(uint32_t input, uint32_t messagesKey, std::string& out)
{
    out += '{';
    bool first = true;
    for (uint32_t key = input + 1; key < tok(input).next; key = tok(key + 1).next) {
        if (key == messagesKey)
            continue;
        if (!first)
            out += ',';
        first = false;
        emitValue(key, out);
        out += ':';
        emitValue(key + 1, out);
    }
    out += '}';
}

FastParse FastLineParser::parse(std::string_view line, LineFormat format, StoredLine& out)
{
    m_members.clear();
    switch (m_scanner.scan(line)) {
    case ScanResult::Ok: break;
    case ScanResult::TooDeep: return FastParse::TooDeep;
    case ScanResult::TooLarge: return FastParse::TooLarge;
    default: return FastParse::NeedsFullParser;
    }
    if (tok(0).type != JsonTokenType::Object || m_scanner.keyHasEscape())
        return FastParse::NeedsFullParser;

    // The top-level members this format knows; the rest are "extra".
    enum Known { Messages, Metadata, Prompt, Completion, Input, Preferred, NonPreferred, KnownCount };
    static constexpr std::array<std::string_view, KnownCount> kNames = {
        "messages", "metadata", "prompt", "completion", "input", "preferred_output", "non_preferred_output"};
    std::array<uint32_t, KnownCount> at{};   // key index, 0 = absent
    for (uint32_t key = 1; key < tok(0).next; key = tok(key + 1).next) {
        for (size_t k = 0; k < KnownCount; ++k) {
            if (keyOf(key) == kNames[k]) {
                if (at[k] != 0)
                    return FastParse::NeedsFullParser;   // a duplicate: the full parser keeps the last
                at[k] = key;
            }
        }
    }
    if (format == LineFormat::Auto) {   // ExampleCodec's detect()
        if (at[Preferred] || at[NonPreferred] || at[Input])
            format = LineFormat::Preference;
        else if (at[Prompt] || at[Completion])
            format = LineFormat::PromptCompletion;
        else
            format = LineFormat::Chat;
    }
    // Which members leave "extra", and the conversation.
    std::array<bool, KnownCount> taken{};
    const bool metadataObject = at[Metadata] && tok(at[Metadata] + 1).type == JsonTokenType::Object;
    taken[Metadata] = metadataObject;
    uint32_t messages = 0;
    m_input = 0;
    m_inputMessagesKey = 0;
    bool inputRest = false;
    if (format == LineFormat::Chat) {
        if (!at[Messages] || !messagesValid(at[Messages] + 1))
            return FastParse::NeedsFullParser;
        messages = at[Messages] + 1;
        taken[Messages] = true;
    } else if (format == LineFormat::PromptCompletion) {
        if (!at[Prompt] || !at[Completion] || tok(at[Prompt] + 1).type != JsonTokenType::String
            || tok(at[Completion] + 1).type != JsonTokenType::String)
            return FastParse::NeedsFullParser;
        taken[Prompt] = taken[Completion] = true;
    } else {
        if (!at[Input] || !at[Preferred] || !at[NonPreferred])
            return FastParse::NeedsFullParser;
        m_input = at[Input] + 1;
        if (tok(m_input).type != JsonTokenType::Object || !keysUnique(m_input))
            return FastParse::NeedsFullParser;
        messages = find(m_input, "messages");
        if (messages == 0 || !messagesValid(messages) || !messagesValid(at[Preferred] + 1)
            || !messagesValid(at[NonPreferred] + 1))
            return FastParse::NeedsFullParser;
        m_inputMessagesKey = messages - 1;
        inputRest = tok(m_input).next > tok(messages).next || m_inputMessagesKey > m_input + 1;
        taken[Input] = !inputRest;
        taken[Preferred] = taken[NonPreferred] = true;
    }
    if (metadataObject && !keysUnique(at[Metadata] + 1))
        return FastParse::NeedsFullParser;

    // The content hash, as storedText() computes it over the full parser's values.
    uint64_t h = kHashSeed;
    if (format == LineFormat::PromptCompletion) {
        // [{"content":prompt,"role":"user"},{"content":completion,"role":"assistant"}]
        fnvByte(h, '[');
        for (auto [key, role] : {std::pair{at[Prompt], "user"}, std::pair{at[Completion], "assistant"}}) {
            fnvByte(h, '{');
            fnvByte(h, 'k');
            fnvBytes(h, "content");
            hashString(tok(key + 1), h);
            fnvByte(h, 'k');
            fnvBytes(h, "role");
            hashStringValue(h, role);
            fnvByte(h, '}');
        }
        fnvByte(h, ']');
    } else if (!hashValue(messages, h)) {
        return FastParse::NeedsFullParser;
    }
    if (format == LineFormat::Preference) {
        if (!hashValue(at[Preferred] + 1, h) || !hashValue(at[NonPreferred] + 1, h))
            return FastParse::NeedsFullParser;
    } else {
        for (int i = 0; i < 2; ++i) {   // no preference outputs: two nulls
            fnvByte(h, 'p');
            fnvBytes(h, "null");
        }
    }
    const size_t base = m_members.size();
    for (uint32_t key = 1; key < tok(0).next; key = tok(key + 1).next) {
        bool isTaken = false;
        for (size_t k = 0; k < KnownCount; ++k)
            isTaken = isTaken || (taken[k] && at[k] == key);
        if (!isTaken)
            m_members.push_back({key, inputRest && key == at[Input]});
    }
    if (!hashMembers(base, h))
        return FastParse::NeedsFullParser;
    out.contentHash = h;

    // The stored texts.
    out.messages.clear();
    if (format == LineFormat::PromptCompletion) {
        out.messages += "[{\"content\":";
        emitString(tok(at[Prompt] + 1), out.messages);
        out.messages += ",\"role\":\"user\"},{\"content\":";
        emitString(tok(at[Completion] + 1), out.messages);
        out.messages += ",\"role\":\"assistant\"}]";
        out.tokenEstimate = 2 * kTokensPerMessage + estimateString(tok(at[Prompt] + 1))
                            + estimateString(tok(at[Completion] + 1));
    } else {
        emitValue(messages, out.messages);
        out.tokenEstimate = estimateMessages(messages);
    }
    out.hasPreference = format == LineFormat::Preference;
    out.preferred.clear();
    out.nonPreferred.clear();
    if (out.hasPreference) {
        emitValue(at[Preferred] + 1, out.preferred);
        emitValue(at[NonPreferred] + 1, out.nonPreferred);
    }
    out.extra.assign("{");
    bool first = true;
    for (uint32_t key = 1; key < tok(0).next; key = tok(key + 1).next) {
        bool isTaken = false;
        for (size_t k = 0; k < KnownCount; ++k)
            isTaken = isTaken || (taken[k] && at[k] == key);
        if (isTaken)
            continue;
        if (!first)
            out.extra += ',';
        first = false;
        emitValue(key, out.extra);
        out.extra += ':';
        if (inputRest && key == at[Input])
            emitInputRest(m_input, m_inputMessagesKey, out.extra);
        else
            emitValue(key + 1, out.extra);
    }
    out.extra += '}';
    out.metadata.clear();
    if (metadataObject)
        emitValue(at[Metadata] + 1, out.metadata);
    else
        out.metadata.assign("{}");
    return FastParse::Parsed;
}

} // namespace triad::datasets
