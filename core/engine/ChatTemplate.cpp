#include "core/engine/ChatTemplate.h"

namespace triad::engine {

namespace {

bool has(std::string_view text, std::string_view marker)
{
    return text.find(marker) != std::string_view::npos;
}

std::string trimmed(std::string_view s)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

} // namespace

ChatTemplate::ChatTemplate(ChatTemplateFamily family)
    : m_family(family)
{
}

ChatTemplate ChatTemplate::detect(std::string_view t)
{
    if (t.empty()) {
        ChatTemplate c(ChatTemplateFamily::ChatMl);
        c.m_note = "the model file has no chat template; using ChatML";
        return c;
    }
    // Order matters where formats share markers: ChatML and Llama 3 markers are unique;
    // Phi-3 and Zephyr both use <|user|> and differ in the end tag.
    if (has(t, "<|im_start|>"))
        return ChatTemplate(ChatTemplateFamily::ChatMl);
    if (has(t, "<|start_header_id|>") && has(t, "<|end_header_id|>")) {
        ChatTemplate c(ChatTemplateFamily::Llama3);
        c.m_trimContent = true;
        return c;
    }
    if (has(t, "[INST]")) {
        ChatTemplate c(ChatTemplateFamily::Llama2);
        c.m_llama2SystemBlock = has(t, "<<SYS>>");
        c.m_trimContent = has(t, "content.strip()") || has(t, "content'] | trim") || has(t, "content | trim");
        return c;
    }
    if (has(t, "<|assistant|>") && has(t, "<|end|>"))
        return ChatTemplate(ChatTemplateFamily::Phi3);
    if (has(t, "<|user|>") && has(t, "<|endoftext|>"))
        return ChatTemplate(ChatTemplateFamily::Zephyr);
    if (has(t, "<start_of_turn>")) {
        ChatTemplate c(ChatTemplateFamily::Gemma);
        c.m_trimContent = has(t, "| trim");
        return c;
    }
    ChatTemplate c(ChatTemplateFamily::ChatMl);
    c.m_note = "the model's chat template is not one Triad recognises (ChatML, Llama 3, Llama 2/Mistral, "
               "Phi-3, Zephyr, Gemma); using ChatML, answers may be worse";
    return c;
}

std::string ChatTemplate::name() const
{
    switch (m_family) {
    case ChatTemplateFamily::ChatMl: return "chatml";
    case ChatTemplateFamily::Llama3: return "llama3";
    case ChatTemplateFamily::Llama2: return m_llama2SystemBlock ? "llama2" : "mistral";
    case ChatTemplateFamily::Phi3: return "phi3";
    case ChatTemplateFamily::Zephyr: return "zephyr";
    case ChatTemplateFamily::Gemma: return "gemma";
    }
    return "chatml";
}

std::string ChatTemplate::render(std::span<const ChatTurn> turns, bool addAssistantPrompt) const
{
    switch (m_family) {
    case ChatTemplateFamily::ChatMl: return renderChatMl(turns, addAssistantPrompt);
    case ChatTemplateFamily::Llama3: return renderLlama3(turns, addAssistantPrompt);
    case ChatTemplateFamily::Llama2: return renderLlama2(turns);
    case ChatTemplateFamily::Phi3: return renderTagged(turns, addAssistantPrompt, "<|end|>");
    case ChatTemplateFamily::Zephyr: return renderTagged(turns, addAssistantPrompt, "<|endoftext|>");
    case ChatTemplateFamily::Gemma: return renderGemma(turns, addAssistantPrompt);
    }
    return renderChatMl(turns, addAssistantPrompt);
}

std::string ChatTemplate::renderChatMl(std::span<const ChatTurn> turns, bool prompt) const
{
    std::string out;
    for (const ChatTurn& t : turns)
        out += "<|im_start|>" + t.role + "\n" + t.content + "<|im_end|>\n";
    if (prompt)
        out += "<|im_start|>assistant\n";
    return out;
}

std::string ChatTemplate::renderLlama3(std::span<const ChatTurn> turns, bool prompt) const
{
    std::string out;
    for (const ChatTurn& t : turns) {
        out += "<|start_header_id|>" + t.role + "<|end_header_id|>\n\n";
        out += m_trimContent ? trimmed(t.content) : t.content;
        out += "<|eot_id|>";
    }
    if (prompt)
        out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

std::string ChatTemplate::renderLlama2(std::span<const ChatTurn> turns) const
{
    // [INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST]{assistant}</s>[INST] {user} [/INST]
    // The format always ends in "[/INST]", so it has no separate assistant prompt.
    std::string out;
    bool insideTurn = false;
    for (const ChatTurn& t : turns) {
        const std::string content = m_trimContent ? trimmed(t.content) : t.content;
        if (t.role == "assistant") {
            // The answer follows the [/INST] of the turn before it and closes that turn.
            out += content + "</s>";
            insideTurn = false;
            continue;
        }
        if (!insideTurn) {
            out += "[INST] ";
            insideTurn = true;
        }
        if (t.role == "system")
            out += m_llama2SystemBlock ? "<<SYS>>\n" + content + "\n<</SYS>>\n\n" : content + "\n\n";
        else
            out += content + " [/INST]";
    }
    return out;
}

std::string ChatTemplate::renderTagged(std::span<const ChatTurn> turns, bool prompt, std::string_view endTag) const
{
    std::string out;
    for (const ChatTurn& t : turns)
        out += "<|" + t.role + "|>\n" + t.content + std::string(endTag) + "\n";
    if (prompt)
        out += "<|assistant|>\n";
    return out;
}

std::string ChatTemplate::renderGemma(std::span<const ChatTurn> turns, bool prompt) const
{
    // Gemma has no system role: the system text opens the first user turn.
    std::string out;
    std::string pendingSystem;
    for (const ChatTurn& t : turns) {
        const std::string content = m_trimContent ? trimmed(t.content) : t.content;
        if (t.role == "system") {
            pendingSystem += content + "\n\n";
            continue;
        }
        const std::string role = t.role == "assistant" ? "model" : "user";
        out += "<start_of_turn>" + role + "\n";
        if (role == "user") {
            out += pendingSystem;
            pendingSystem.clear();
        }
        out += content + "<end_of_turn>\n";
    }
    if (!pendingSystem.empty())
        out += "<start_of_turn>user\n" + pendingSystem + "<end_of_turn>\n";
    if (prompt)
        out += "<start_of_turn>model\n";
    return out;
}

std::vector<std::string> ChatTemplate::stopStrings() const
{
    switch (m_family) {
    case ChatTemplateFamily::ChatMl: return {"<|im_end|>", "<|im_start|>"};
    case ChatTemplateFamily::Llama3: return {"<|eot_id|>", "<|start_header_id|>"};
    case ChatTemplateFamily::Llama2: return {"</s>", "[INST]"};
    case ChatTemplateFamily::Phi3: return {"<|end|>", "<|user|>"};
    case ChatTemplateFamily::Zephyr: return {"<|endoftext|>", "<|user|>"};
    case ChatTemplateFamily::Gemma: return {"<end_of_turn>", "<start_of_turn>"};
    }
    return {};
}

} // namespace triad::engine
