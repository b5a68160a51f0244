// triad-cli inspect PATH [--json]: what a GGUF file holds, without loading its weights.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "ArgParser.h"
#include "Command.h"
#include "core/engine/GgufFile.h"
#include "core/engine/GgufSummary.h"

namespace {

int runInspect(const std::vector<std::string>& args)
{
    triad::cli::ArgParser p;
    p.flag("--json");
    if (!p.parse(args) || p.positionals().size() != 1) {
        std::fprintf(stderr, "triad-cli inspect: %s\nusage: triad-cli inspect PATH [--json]\n",
                     p.error().empty() ? "expected one GGUF file" : p.error().c_str());
        return 2;
    }
    triad::engine::GgufSummary s;
    try {
        s = triad::engine::summarizeGguf(p.positionals()[0]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "triad-cli inspect: %s\n", e.what());
        return 1;
    }
    if (p.has("--json")) {
        nlohmann::json j = {{"path", s.path},
                            {"name", s.name},
                            {"architecture", s.architecture},
                            {"supported", s.supported},
                            {"unsupported_reason", s.unsupportedReason},
                            {"parameters", s.parameterCount},
                            {"quantization", s.quantization},
                            {"bytes_by_type", s.bytesByType},
                            {"context_length", s.contextLength},
                            {"embedding_length", s.embeddingLength},
                            {"layers", s.blockCount},
                            {"vocab_size", s.vocabSize},
                            {"tokenizer", s.tokenizerModel},
                            {"pre_tokenizer", s.tokenizerPre},
                            {"chat_template", s.chatTemplate},
                            {"chat_template_note", s.chatTemplateNote},
                            {"file_size_bytes", s.fileSizeBytes},
                            {"tensors", s.tensorCount},
                            {"adapter", s.isAdapter}};
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("%s\n  architecture  %s\n  parameters    %s\n  quantization  %s\n"
                "  context       %lld\n  chat template %s%s%s\n  file size     %.1f MB\n",
                s.name.c_str(), s.architecture.empty() ? "—" : s.architecture.c_str(),
                triad::engine::formatParameterCount(s.parameterCount).c_str(), s.quantization.c_str(),
                static_cast<long long>(s.contextLength), s.chatTemplate.c_str(),
                s.chatTemplateNote.empty() ? "" : " — ", s.chatTemplateNote.c_str(),
                s.fileSizeBytes / 1e6);
    if (!s.supported)
        std::printf("  not runnable: %s\n", s.unsupportedReason.c_str());
    return 0;
}

triad::cli::Registrar reg{"inspect", "show what a GGUF file holds (architecture, size, quantization)",
                          runInspect};

} // namespace
