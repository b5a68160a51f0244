#include "core/datasets/ExampleCodec.h"

#include <array>

#include "core/datasets/TokenCounter.h"

namespace triad::datasets {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 6> kRoles = {"system", "developer", "user", "assistant", "tool", "function"};

bool knownRole(const std::string& role)
{
    for (std::string_view r : kRoles) {
        if (role == r)
            return true;
    }
    return false;
}

std::string typeName(const json& v)
{
    return v.type_name();
}

/** Moves "metadata" (when it is an object) out of `obj` into `out.metadata`. */
void takeMetadata(json& obj, Example& out)
{
    auto it = obj.find("metadata");
    if (it != obj.end() && it->is_object()) {
        out.metadata = std::move(*it);
        obj.erase(it);
    }
}

bool parseChat(json& obj, Example& out, std::string& reason)
{
    auto it = obj.find("messages");
    if (it == obj.end()) {
        reason = "no \"messages\" field (expected an OpenAI chat example)";
        return false;
    }
    if (!validateMessages(*it, "messages", reason))
        return false;
    out.messages = std::move(*it);
    obj.erase(it);
    takeMetadata(obj, out);
    out.extra = std::move(obj);
    return true;
}

bool parsePromptCompletion(json& obj, Example& out, std::string& reason)
{
    auto prompt = obj.find("prompt");
    auto completion = obj.find("completion");
    if (prompt == obj.end() || completion == obj.end()) {
        reason = "a prompt/completion example needs both \"prompt\" and \"completion\"";
        return false;
    }
    if (!prompt->is_string() || !completion->is_string()) {
        reason = "\"prompt\" and \"completion\" must be strings (got " + typeName(*prompt) + " and "
                 + typeName(*completion) + ")";
        return false;
    }
    out.messages = json::array({json{{"role", "user"}, {"content", std::move(*prompt)}},
                                json{{"role", "assistant"}, {"content", std::move(*completion)}}});
    obj.erase("prompt");
    obj.erase("completion");
    takeMetadata(obj, out);
    out.extra = std::move(obj);
    return true;
}

bool parsePreference(json& obj, Example& out, std::string& reason)
{
    auto input = obj.find("input");
    if (input == obj.end() || !input->is_object()) {
        reason = "a preference example needs an \"input\" object with \"messages\"";
        return false;
    }
    auto messages = input->find("messages");
    if (messages == input->end()) {
        reason = "\"input\" has no \"messages\"";
        return false;
    }
    if (!validateMessages(*messages, "input.messages", reason))
        return false;
    for (const char* key : {"preferred_output", "non_preferred_output"}) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            reason = std::string("a preference example needs \"") + key + "\"";
            return false;
        }
        if (!validateMessages(*it, key, reason))
            return false;
    }
    out.messages = std::move(*messages);
    input->erase("messages");
    if (input->empty())
        obj.erase("input");
    out.preferredOutput = std::move(obj["preferred_output"]);
    out.nonPreferredOutput = std::move(obj["non_preferred_output"]);
    obj.erase("preferred_output");
    obj.erase("non_preferred_output");
    takeMetadata(obj, out);
    out.extra = std::move(obj);
    return true;
}

LineFormat detect(const json& obj)
{
    if (obj.contains("preferred_output") || obj.contains("non_preferred_output") || obj.contains("input"))
        return LineFormat::Preference;
    if (obj.contains("prompt") || obj.contains("completion"))
        return LineFormat::PromptCompletion;
    return LineFormat::Chat;
}

} // namespace

const char* lineFormatName(LineFormat format)
{
    switch (format) {
    case LineFormat::Auto: return "auto";
    case LineFormat::Chat: return "chat";
    case LineFormat::PromptCompletion: return "prompt-completion";
    case LineFormat::Preference: return "preference";
    }
    return "auto";
}

std::optional<LineFormat> lineFormatFromName(std::string_view name)
{
    for (LineFormat f : {LineFormat::Auto, LineFormat::Chat, LineFormat::PromptCompletion, LineFormat::Preference}) {
        if (name == lineFormatName(f))
            return f;
    }
    return std::nullopt;
}

bool validateMessages(const json& messages, const std::string& where, std::string& reason)
{
    if (!messages.is_array()) {
        reason = "\"" + where + "\" must be an array of messages (got " + typeName(messages) + ")";
        return false;
    }
    if (messages.empty()) {
        reason = "\"" + where + "\" is empty";
        return false;
    }
    for (size_t i = 0; i < messages.size(); ++i) {
        const json& m = messages[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        if (!m.is_object()) {
            reason = at + " must be an object (got " + typeName(m) + ")";
            return false;
        }
        auto role = m.find("role");
        if (role == m.end() || !role->is_string()) {
            reason = at + ".role is missing or not a string";
            return false;
        }
        if (!knownRole(role->get_ref<const std::string&>())) {
            reason = at + ".role \"" + role->get<std::string>()
                     + "\" is not one of system, developer, user, assistant, tool, function";
            return false;
        }
        auto content = m.find("content");
        bool hasCalls = m.contains("tool_calls") || m.contains("function_call");
        if (content == m.end() || content->is_null()) {
            if (!hasCalls) {
                reason = at + ".content is missing (only an assistant message with tool_calls may omit it)";
                return false;
            }
        } else if (!content->is_string() && !content->is_array()) {
            reason = at + ".content must be a string or an array of content parts (got " + typeName(*content) + ")";
            return false;
        }
        auto weight = m.find("weight");
        if (weight != m.end()) {
            bool ok = weight->is_number_integer() && (weight->get<int64_t>() == 0 || weight->get<int64_t>() == 1);
            if (!ok) {
                reason = at + ".weight must be 0 or 1 (got " + weight->dump() + ")";
                return false;
            }
        }
    }
    return true;
}

bool parseExampleLine(std::string_view line, LineFormat format, Example& out, std::string& reason)
{
    json obj = json::parse(line.begin(), line.end(), nullptr, false);
    if (obj.is_discarded()) {
        // Parse again with exceptions only for the failing line, to say where it broke.
        try {
            (void)json::parse(line.begin(), line.end());
            reason = "not valid JSON";
        } catch (const json::parse_error& e) {
            reason = "not valid JSON: " + std::string(e.what());
        }
        return false;
    }
    if (!obj.is_object()) {
        reason = "a line must be a JSON object (got " + typeName(obj) + ")";
        return false;
    }
    out = Example{};
    if (format == LineFormat::Auto)
        format = detect(obj);
    bool ok = false;
    switch (format) {
    case LineFormat::Chat: ok = parseChat(obj, out, reason); break;
    case LineFormat::PromptCompletion: ok = parsePromptCompletion(obj, out, reason); break;
    case LineFormat::Preference: ok = parsePreference(obj, out, reason); break;
    case LineFormat::Auto: break;
    }
    if (ok)
        out.tokenEstimate = countMessageTokens(out.messages);
    return ok;
}

std::string dumpJson(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

uint64_t fnv1a64(std::string_view bytes, uint64_t seed)
{
    uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

StoredExampleText storedText(const Example& example, std::string_view rawMessages)
{
    StoredExampleText t;
    t.messages = rawMessages.empty() ? dumpJson(example.messages) : std::string(rawMessages);
    if (!example.preferredOutput.is_null())
        t.preferred = dumpJson(example.preferredOutput);
    if (!example.nonPreferredOutput.is_null())
        t.nonPreferred = dumpJson(example.nonPreferredOutput);
    t.extra = example.extra.is_object() ? dumpJson(example.extra) : std::string("{}");
    t.metadata = example.metadata.is_object() ? dumpJson(example.metadata) : std::string("{}");
    uint64_t h = hashJson(example.messages, 0xcbf29ce484222325ULL);
    h = hashJson(example.preferredOutput, h);
    h = hashJson(example.nonPreferredOutput, h);
    h = hashJson(example.extra.is_object() ? example.extra : json::object(), h);
    t.contentHash = static_cast<int64_t>(h);
    return t;
}

uint64_t hashJson(const json& value, uint64_t h)
{
    // A type tag before every value keeps ["ab","c"] apart from ["a","bc"] and 1 apart from "1".
    auto tag = [&](char c) { h = fnv1a64(std::string_view(&c, 1), h); };
    switch (value.type()) {
    case json::value_t::object:
        tag('{');
        for (const auto& [key, v] : value.items()) {   // std::map: sorted keys
            tag('k');
            h = fnv1a64(key, h);
            h = hashJson(v, h);
        }
        tag('}');
        break;
    case json::value_t::array:
        tag('[');
        for (const auto& v : value)
            h = hashJson(v, h);
        tag(']');
        break;
    case json::value_t::string:
        tag('s');
        h = fnv1a64(value.get_ref<const std::string&>(), h);
        tag('"');
        break;
    default:
        tag('p');
        h = fnv1a64(value.dump(), h);   // numbers, booleans, null: rare in conversations
        break;
    }
    return h;
}

bool sameStoredContent(const StoredExampleText& t, const std::string& messages,
                       const std::optional<std::string>& preferred, const std::optional<std::string>& nonPreferred,
                       const std::string& extra)
{
    auto same = [](const std::string& a, const std::string& b) {
        return a == b || json::parse(a, nullptr, false) == json::parse(b, nullptr, false);
    };
    auto sameOptional = [&](const std::optional<std::string>& a, const std::optional<std::string>& b) {
        return a.has_value() == b.has_value() && (!a || same(*a, *b));
    };
    return same(t.messages, messages) && sameOptional(t.preferred, preferred)
           && sameOptional(t.nonPreferred, nonPreferred) && same(t.extra, extra);
}

std::string_view rawMessagesSpan(std::string_view line)
{
    size_t i = 0;
    const size_t n = line.size();
    auto ws = [&] { while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n')) ++i; };
    // Skips a string starting at line[i] == '"'; i ends after the closing quote.
    auto skipString = [&] {
        for (++i; i < n; ++i) {
            if (line[i] == '\\')
                ++i;
            else if (line[i] == '"')
                return ++i, true;
        }
        return false;
    };
    auto skipValue = [&] {
        int depth = 0;
        while (i < n) {
            char c = line[i];
            if (c == '"') {
                if (!skipString())
                    return false;
                if (depth == 0)
                    return true;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    return true;   // end of the enclosing object: a primitive just ended
                if (--depth == 0)
                    return ++i, true;
            } else if (c == ',' && depth == 0) {
                return true;
            }
            ++i;
        }
        return false;
    };
    ws();
    if (i >= n || line[i] != '{')
        return {};
    ++i;
    for (;;) {
        ws();
        if (i >= n || line[i] != '"')
            return {};
        const size_t keyStart = i;
        if (!skipString())
            return {};
        std::string_view key = line.substr(keyStart, i - keyStart);
        ws();
        if (i >= n || line[i] != ':')
            return {};
        ++i;
        ws();
        const size_t valueStart = i;
        if (!skipValue())
            return {};
        if (key == "\"messages\"") {
            std::string_view span = line.substr(valueStart, i - valueStart);
            if (span.empty() || span.front() != '[' || span.back() != ']'
                || span.find("\\u") != std::string_view::npos)
                return {};
            return span;
        }
        ws();
        if (i >= n || line[i] != ',')
            return {};
        ++i;
    }
}

json toSftJson(const Example& example, bool includeMetadata)
{
    json out = example.extra.is_object() ? example.extra : json::object();
    // A preference pair's "input" fields (e.g. tools) belong at the top level of an SFT line.
    if (auto input = out.find("input"); input != out.end() && input->is_object()) {
        json inputFields = std::move(*input);
        out.erase("input");
        for (auto& [key, value] : inputFields.items())
            out[key] = std::move(value);
    }
    json messages = example.messages;
    if (example.preferredOutput.is_array()) {
        for (const auto& m : example.preferredOutput)
            messages.push_back(m);
    }
    out["messages"] = std::move(messages);
    if (includeMetadata && example.metadata.is_object() && !example.metadata.empty())
        out["metadata"] = example.metadata;
    return out;
}

json toPreferenceJson(const Example& example, bool includeMetadata)
{
    if (!example.isPreferencePair())
        return nullptr;
    json out = example.extra.is_object() ? example.extra : json::object();
    json& input = out["input"];
    if (!input.is_object())
        input = json::object();
    input["messages"] = example.messages;
    out["preferred_output"] = example.preferredOutput;
    out["non_preferred_output"] = example.nonPreferredOutput;
    if (includeMetadata && example.metadata.is_object() && !example.metadata.empty())
        out["metadata"] = example.metadata;
    return out;
}

} // namespace triad::datasets
