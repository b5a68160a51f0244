#include "core/engine/GgufSummary.h"

#include <cstdio>
#include <filesystem>

#include "core/engine/ChatTemplate.h"
#include "core/engine/GgmlType.h"
#include "core/engine/GgufFile.h"

namespace triad::engine {

std::string fileTypeName(int64_t fileType)
{
    // llama.cpp's llama_ftype values, as written by its converter and quantizer.
    switch (fileType) {
    case 0: return "F32";
    case 1: return "F16";
    case 2: return "Q4_0";
    case 3: return "Q4_1";
    case 7: return "Q8_0";
    case 8: return "Q5_0";
    case 9: return "Q5_1";
    case 10: return "Q2_K";
    case 11: return "Q3_K_S";
    case 12: return "Q3_K_M";
    case 13: return "Q3_K_L";
    case 14: return "Q4_K_S";
    case 15: return "Q4_K_M";
    case 16: return "Q5_K_S";
    case 17: return "Q5_K_M";
    case 18: return "Q6_K";
    case 32: return "BF16";
    default: return "";
    }
}

std::string formatParameterCount(int64_t count)
{
    char buf[32];
    if (count >= 1'000'000'000)
        std::snprintf(buf, sizeof buf, "%.1fB", count / 1e9);
    else if (count >= 1'000'000)
        std::snprintf(buf, sizeof buf, "%.0fM", count / 1e6);
    else if (count >= 1'000)
        std::snprintf(buf, sizeof buf, "%.0fK", count / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(count));
    return buf;
}

GgufSummary summarizeGguf(const std::string& path)
{
    auto file = GgufFile::open(path);
    GgufSummary s;
    s.path = path;
    s.fileSizeBytes = file->fileSizeBytes();
    s.architecture = file->architecture();
    s.name = file->getString("general.name", "");
    if (s.name.empty())
        s.name = std::filesystem::path(path).stem().string();
    s.isAdapter = file->getString("general.type", "") == "adapter";
    s.tensorCount = static_cast<int>(file->tensors().size());

    int64_t biggest = 0;
    std::string dominant;
    for (const auto& t : file->tensors()) {
        s.parameterCount += t.elementCount();
        std::string typeName(ggmlTypeName(t.type));
        int64_t& bytes = s.bytesByType[typeName];
        bytes += static_cast<int64_t>(t.byteSize);
        if (bytes > biggest) {
            biggest = bytes;
            dominant = typeName;
        }
    }
    s.quantization = fileTypeName(file->getInt("general.file_type", -1));
    if (s.quantization.empty())
        s.quantization = dominant;

    if (!s.architecture.empty()) {
        const std::string a = s.architecture + ".";
        s.contextLength = file->getInt(a + "context_length", 0);
        s.embeddingLength = file->getInt(a + "embedding_length", 0);
        s.blockCount = file->getInt(a + "block_count", 0);
    }
    s.tokenizerModel = file->getString("tokenizer.ggml.model", "");
    s.tokenizerPre = file->getString("tokenizer.ggml.pre", "");
    if (auto tokens = file->getStringArray("tokenizer.ggml.tokens"))
        s.vocabSize = static_cast<int64_t>(tokens->size());

    ChatTemplate tmpl = ChatTemplate::detect(file->getString("tokenizer.chat_template", ""));
    s.chatTemplate = tmpl.name();
    s.chatTemplateNote = tmpl.note();

    if (s.isAdapter) {
        s.unsupportedReason = "this is a LoRA adapter: load it on top of its base model";
    } else if (s.architecture != "llama" && s.architecture != "qwen2") {
        s.unsupportedReason = s.architecture.empty()
            ? "the file has no general.architecture (a vocabulary-only file?); supported: llama, qwen2"
            : "architecture '" + s.architecture + "' is not supported; supported: llama, qwen2";
    } else if (s.tensorCount == 0) {
        s.unsupportedReason = "the file holds no tensors (vocabulary only)";
    } else {
        s.supported = true;
    }
    return s;
}

} // namespace triad::engine
