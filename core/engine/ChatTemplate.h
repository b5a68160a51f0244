#pragma once
// Turns a conversation into the prompt text a model was trained on. The GGUF file carries
// its template as Jinja (tokenizer.chat_template); Triad does not run Jinja but, like
// llama.cpp's built-in path, recognises the family by marker strings and renders it itself.
// No template means ChatML; an unrecognised one also falls back to ChatML, and note() says so
// so the Models view can tell the person.
//
//   ChatTemplate tmpl = ChatTemplate::detect(vocab.chatTemplate());
//   std::string prompt = tmpl.render({{"system", "Be brief."}, {"user", "Hi"}});
//   // tokenize with parseSpecial = true so "<|im_start|>" becomes its token

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

enum class ChatTemplateFamily {
    ChatMl = 1, ///< <|im_start|>role\n...<|im_end|> (Qwen, SmolLM, default)
    Llama3,     ///< <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|>
    Llama2,     ///< [INST] ... [/INST] (Llama 2 with <<SYS>>, Mistral without)
    Phi3,       ///< <|role|>\n...<|end|>
    Zephyr,     ///< <|role|>\n...<|endoftext|>
    Gemma,      ///< <start_of_turn>user|model\n...<end_of_turn>
};

/** One message; role is "system", "user" or "assistant" (others render like user turns where the format has no slot). */
struct ChatTurn {
    std::string role;
    std::string content;
};

class ChatTemplate {
public:
    /** Recognises the family of a Jinja template; "" = none (ChatML). */
    static ChatTemplate detect(std::string_view jinjaTemplate);
    /** A fixed family (tests, `--chat-template chatml`). */
    explicit ChatTemplate(ChatTemplateFamily family);

    ChatTemplateFamily family() const { return m_family; }
    /** "chatml", "llama3", "llama2", "mistral", "phi3", "zephyr", "gemma" for the model info. */
    std::string name() const;
    /** Empty when recognised; otherwise why ChatML is used ("no chat template in the file"...). */
    const std::string& note() const { return m_note; }
    bool isFallback() const { return !m_note.empty(); }

    /**
     * The prompt for @p turns, ending with the assistant's header when @p addAssistantPrompt.
     * BOS is not included: the tokenizer adds it when the vocabulary asks for it.
     */
    std::string render(std::span<const ChatTurn> turns, bool addAssistantPrompt = true) const;
    std::string render(std::initializer_list<ChatTurn> turns, bool addAssistantPrompt = true) const
    {
        return render(std::span<const ChatTurn>(turns.begin(), turns.size()), addAssistantPrompt);
    }

    /** Texts that end the assistant's turn in this format (stop strings besides EOG tokens). */
    std::vector<std::string> stopStrings() const;

private:
    std::string renderChatMl(std::span<const ChatTurn> turns, bool prompt) const;
    std::string renderLlama3(std::span<const ChatTurn> turns, bool prompt) const;
    std::string renderLlama2(std::span<const ChatTurn> turns) const;
    std::string renderTagged(std::span<const ChatTurn> turns, bool prompt, std::string_view endTag) const;
    std::string renderGemma(std::span<const ChatTurn> turns, bool prompt) const;

    ChatTemplateFamily m_family;
    bool m_llama2SystemBlock = true; ///< Llama 2's <<SYS>>; Mistral puts the system text in the first turn
    bool m_trimContent = false;      ///< the template strips messages (content.strip() / | trim)
    std::string m_note;
};

} // namespace triad::engine
