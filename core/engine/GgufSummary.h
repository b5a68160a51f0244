#pragma once
// What a person wants to know about a GGUF file before loading it (the Models view,
// `triad-cli inspect`): architecture, size, quantization, context, chat template — read
// from the header alone, without touching the weights.

#include <cstdint>
#include <map>
#include <string>

namespace triad::engine {

struct GgufSummary {
    std::string path;
    std::string name;               ///< general.name, else the file name without .gguf
    std::string architecture;       ///< general.architecture ("" for vocabulary-only files)
    bool supported = false;         ///< the engine can run it
    std::string unsupportedReason;  ///< why not, in words, when !supported
    int64_t parameterCount = 0;     ///< sum of tensor elements
    std::string quantization;       ///< "Q4_K_M" (from general.file_type) or the dominant type
    std::map<std::string, int64_t> bytesByType;  ///< tensor bytes per ggml type name
    int64_t contextLength = 0;      ///< trained context (0 = unknown)
    int64_t embeddingLength = 0;
    int64_t blockCount = 0;
    int64_t vocabSize = 0;
    std::string tokenizerModel;     ///< tokenizer.ggml.model ("llama", "gpt2")
    std::string tokenizerPre;       ///< tokenizer.ggml.pre
    std::string chatTemplate;       ///< family name, e.g. "chatml" (see ChatTemplate)
    std::string chatTemplateNote;   ///< e.g. "unknown template, using ChatML"
    uint64_t fileSizeBytes = 0;
    int tensorCount = 0;
    bool isAdapter = false;         ///< general.type == "adapter" (a LoRA)
};

/** Reads the header of @p path. Throws GgufError (names the file and the problem). */
GgufSummary summarizeGguf(const std::string& path);

/** "Q4_K_M" for llama.cpp's general.file_type values; "" when unknown. */
std::string fileTypeName(int64_t fileType);

/** "246M", "1.1B": a parameter count as people write it. */
std::string formatParameterCount(int64_t count);

} // namespace triad::engine
