#include "core/engine/Vocab.h"

#include "core/engine/GgufFile.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace triad::engine {

namespace {

// Texts that end a turn in the chat formats Triad knows. Like llama.cpp, a vocabulary that
// forgot to mark one of them as a control token gets it treated as one anyway, so the text
// "<|im_end|>" typed by a user is not read as the token.
constexpr std::array<std::string_view, 9> kEndOfGenerationTexts{
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
    "<|eom_id|>", "<EOT>", "_<EOT>", "<｜end▁of▁sentence｜>",
};
// The turn-end token (eot) is the first of these found when the file names none.
constexpr std::array<std::string_view, 8> kEndOfTurnTexts{
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
    "<EOT>", "_<EOT>", "<｜end▁of▁sentence｜>",
};
// Fill-in-the-middle markers are control tokens too.
constexpr std::array<std::string_view, 12> kFimTexts{
    "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>", "<fim-prefix>",
    "<fim-suffix>", "<fim-middle>", "<fim-pad>", "<｜fim▁begin｜>", "<｜fim▁hole｜>",
    "<｜fim▁end｜>", "<|repo_name|>",
};

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view text)
{
    return std::find(list.begin(), list.end(), text) != list.end();
}

TokenKind kindFromFile(int64_t v)
{
    if (v >= static_cast<int64_t>(TokenKind::Normal) && v <= static_cast<int64_t>(TokenKind::Byte))
        return static_cast<TokenKind>(v);
    return TokenKind::Normal; // unknown type ids: read the token as ordinary text
}

} // namespace

std::shared_ptr<const Vocab> Vocab::load(const GgufFile& file)
{
    std::shared_ptr<Vocab> v(new Vocab());
    const std::optional<std::string_view> model = file.getString("tokenizer.ggml.model");
    if (!model)
        throw file.error("the file has no vocabulary (missing key tokenizer.ggml.model)");
    v->m_modelName = std::string(*model);
    if (*model == "llama") {
        v->m_type = VocabType::Spm;
    } else if (*model == "gpt2") {
        v->m_type = VocabType::Bpe;
    } else {
        throw file.error("tokenizer model '" + v->m_modelName
                         + "' is not supported (supported: llama = SentencePiece, gpt2 = byte-level BPE)");
    }
    v->m_preName = file.getString("tokenizer.ggml.pre", "default");

    const auto tokens = file.getStringArray("tokenizer.ggml.tokens");
    if (!tokens || tokens->empty())
        throw file.error("the vocabulary has no tokens (missing or empty tokenizer.ggml.tokens)");
    if (tokens->size() > static_cast<size_t>(INT32_MAX))
        throw file.error("the vocabulary has too many tokens");
    const auto scores = file.getFloatArray("tokenizer.ggml.scores");
    if (scores && scores->size() != tokens->size()) {
        throw file.error("tokenizer.ggml.scores has " + std::to_string(scores->size()) + " entries for "
                         + std::to_string(tokens->size()) + " tokens");
    }
    const auto types = file.getIntArray("tokenizer.ggml.token_type");
    if (types && types->size() != tokens->size()) {
        throw file.error("tokenizer.ggml.token_type has " + std::to_string(types->size())
                         + " entries for " + std::to_string(tokens->size()) + " tokens");
    }
    v->m_tokens.resize(tokens->size());
    for (size_t i = 0; i < tokens->size(); ++i) {
        TokenData& t = v->m_tokens[i];
        t.text = std::string((*tokens)[i]);
        t.score = scores ? (*scores)[i] : 0.0f;
        t.kind = types ? kindFromFile((*types)[i]) : TokenKind::Normal;
    }
    // Later duplicates win, as in llama.cpp; the vector is final, so the views stay valid.
    v->m_byText.reserve(v->m_tokens.size());
    for (size_t i = 0; i < v->m_tokens.size(); ++i)
        v->m_byText[v->m_tokens[i].text] = static_cast<TokenId>(i);

    if (v->m_type == VocabType::Bpe) {
        const auto merges = file.getStringArray("tokenizer.ggml.merges");
        if (!merges)
            throw file.error("byte-level BPE vocabulary without tokenizer.ggml.merges");
        v->m_merges.reserve(merges->size());
        for (std::string_view m : *merges)
            v->m_merges.emplace_back(m);
    }

    const auto specialId = [&](std::string_view key, TokenId fallback) {
        const std::optional<int64_t> id = file.getInt(key);
        if (!id)
            return fallback;
        // A special id outside the vocabulary is ignored rather than trusted.
        return v->isValid(static_cast<TokenId>(*id)) && *id <= INT32_MAX ? static_cast<TokenId>(*id) : fallback;
    };
    const bool spm = v->m_type == VocabType::Spm;
    v->m_bos = specialId("tokenizer.ggml.bos_token_id", spm ? 1 : kNoToken);
    v->m_eos = specialId("tokenizer.ggml.eos_token_id", spm ? 2 : kNoToken);
    v->m_unk = specialId("tokenizer.ggml.unknown_token_id", spm ? 0 : kNoToken);
    v->m_eot = specialId("tokenizer.ggml.eot_token_id", kNoToken);
    v->m_pad = specialId("tokenizer.ggml.padding_token_id", kNoToken);
    for (TokenId* id : {&v->m_bos, &v->m_eos, &v->m_unk}) {
        if (!v->isValid(*id))
            *id = kNoToken;
    }

    const bool llama3 = v->m_preName == "llama3" || v->m_preName == "llama-v3" || v->m_preName == "llama-bpe"
                        || v->m_preName == "falcon3";
    v->m_addBos = file.getBool("tokenizer.ggml.add_bos_token", spm || llama3);
    v->m_addEos = file.getBool("tokenizer.ggml.add_eos_token", false);
    v->m_addSpacePrefix = file.getBool("tokenizer.ggml.add_space_prefix", spm);
    v->m_chatTemplate = file.getString("tokenizer.chat_template", "");

    v->m_newline = spm ? v->find("<0x0A>") : v->find("\xC4\x8A"); // BPE: '\n' is byte-mapped to U+010A
    if (v->m_newline == kNoToken)
        v->m_newline = v->find("\n");

    std::string name = file.getString("general.name", "");
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    v->indexSpecialTokens(name);
    return v;
}

void Vocab::indexSpecialTokens(const std::string& modelNameLower)
{
    for (size_t i = 0; i < m_tokens.size(); ++i) {
        TokenData& t = m_tokens[i];
        const auto id = static_cast<TokenId>(i);
        if (m_eot == kNoToken && contains(kEndOfTurnTexts, t.text))
            m_eot = id;
        if (contains(kEndOfGenerationTexts, t.text) || contains(kFimTexts, t.text))
            t.kind = TokenKind::Control;
    }
    for (TokenId id : {m_eos, m_eot}) {
        if (id != kNoToken && std::find(m_eog.begin(), m_eog.end(), id) == m_eog.end())
            m_eog.push_back(id);
    }
    for (size_t i = 0; i < m_tokens.size(); ++i) {
        const auto id = static_cast<TokenId>(i);
        if (contains(kEndOfGenerationTexts, m_tokens[i].text)
            && std::find(m_eog.begin(), m_eog.end(), id) == m_eog.end())
            m_eog.push_back(id);
    }

    for (size_t i = 0; i < m_tokens.size(); ++i) {
        const TokenData& t = m_tokens[i];
        if (!t.text.empty()
            && (t.kind == TokenKind::Control || t.kind == TokenKind::UserDefined || t.kind == TokenKind::Unknown))
            m_specialByLength.push_back(static_cast<TokenId>(i));
    }
    std::stable_sort(m_specialByLength.begin(), m_specialByLength.end(), [this](TokenId a, TokenId b) {
        return text(a).size() > text(b).size();
    });

    // Phi-3's special tokens swallow the whitespace after them (its tokenizer.json says
    // rstrip); the file does not carry the flag, so it is keyed on the model name as in llama.cpp.
    if (modelNameLower.find("phi-3") != std::string::npos || modelNameLower.find("phi3") != std::string::npos) {
        for (TokenId id : m_specialByLength)
            m_tokens[static_cast<size_t>(id)].rstrip = true;
        for (std::string_view s : {"</s>"}) {
            if (TokenId id = find(s); id != kNoToken)
                m_tokens[static_cast<size_t>(id)].rstrip = true;
        }
        for (std::string_view s : {"<unk>", "<s>", "<|endoftext|>"}) {
            if (TokenId id = find(s); id != kNoToken)
                m_tokens[static_cast<size_t>(id)].rstrip = false;
        }
    }
}

TokenId Vocab::find(std::string_view text) const
{
    auto it = m_byText.find(text);
    return it == m_byText.end() ? kNoToken : it->second;
}

bool Vocab::isEndOfGeneration(TokenId id) const
{
    return std::find(m_eog.begin(), m_eog.end(), id) != m_eog.end();
}

} // namespace triad::engine
