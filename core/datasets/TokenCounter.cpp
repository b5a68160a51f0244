#include "core/datasets/TokenCounter.h"

namespace triad::datasets {

namespace {

/** Role markers and separators a chat template adds around each message. */
constexpr int64_t kTokensPerMessage = 4;

int64_t countText(std::string_view text, const TokenCounter& counter)
{
    return counter ? counter(text) : estimateTokens(text);
}

} // namespace

int64_t estimateTokens(std::string_view text)
{
    int64_t asciiBytes = 0;
    int64_t otherCodePoints = 0;
    for (unsigned char c : text) {
        if (c < 0x80)
            ++asciiBytes;
        else if ((c & 0xC0) != 0x80)   // lead byte of a multi-byte sequence
            ++otherCodePoints;
    }
    return (asciiBytes + 3) / 4 + otherCodePoints;
}

int64_t countMessageTokens(const nlohmann::json& messages, const TokenCounter& counter)
{
    if (!messages.is_array())
        return 0;
    int64_t total = 0;
    for (const auto& m : messages) {
        total += kTokensPerMessage;
        if (!m.is_object())
            continue;
        auto content = m.find("content");
        if (content == m.end())
            continue;
        if (content->is_string()) {
            total += countText(content->get_ref<const std::string&>(), counter);
        } else if (content->is_array()) {
            for (const auto& part : *content) {
                auto text = part.is_object() ? part.find("text") : part.end();
                if (part.is_object() && text != part.end() && text->is_string())
                    total += countText(text->get_ref<const std::string&>(), counter);
            }
        }
    }
    return total;
}

} // namespace triad::datasets
