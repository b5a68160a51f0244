// triad-cli logits --model-file PATH [--threads N] [--kv-f16] --out FILE PROMPT
// Tokenizes PROMPT as llama.cpp does by default (BOS when the vocabulary asks for it, special
// tokens not parsed), evaluates it with an F32 KV cache and writes the last position's
// logits as n_vocab little-endian float32 values.

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Transformer.h"

#include <bit>
#include <fstream>
#include <iostream>

namespace {

constexpr const char* kUsage =
    "usage: triad-cli logits --model-file PATH [--threads N] [--kv-f16] --out FILE PROMPT\n"
    "  --threads N  worker threads (default: all hardware threads)\n"
    "  --kv-f16     keep the KV cache in f16 (llama.cpp's default) instead of f32\n"
    "  --out FILE   where to write n_vocab little-endian float32 logits\n";

int runLogits(const std::vector<std::string>& args)
{
    static_assert(std::endian::native == std::endian::little, "logits are written in native order");
    triad::cli::ArgParser parser;
    parser.option("--model-file").option("--threads").option("--out").flag("--kv-f16").flag("--help");
    if (!parser.parse(args)) {
        std::cerr << "logits: " << parser.error() << "\n" << kUsage;
        return 2;
    }
    if (parser.has("--help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto modelFile = parser.value("--model-file");
    const auto outFile = parser.value("--out");
    if (!modelFile || !outFile || parser.positionals().empty()) {
        std::cerr << "logits: --model-file, --out and PROMPT are required\n" << kUsage;
        return 2;
    }
    long long threads = 0;
    if (parser.has("--threads") && (!parser.intValue("--threads", threads) || threads < 1 || threads > 1024)) {
        std::cerr << "logits: --threads must be a number from 1 to 1024\n";
        return 2;
    }
    std::string prompt;
    for (const std::string& p : parser.positionals())
        prompt += (prompt.empty() ? "" : " ") + p;

    try {
        const auto model = triad::engine::Model::load(*modelFile);
        const std::vector<int32_t> tokens = model->tokenizer().tokenize(prompt);
        if (tokens.empty()) {
            std::cerr << "logits: the prompt gives no tokens\n";
            return 1;
        }
        triad::engine::TransformerParams params;
        params.contextLength = int64_t(tokens.size());
        params.kvCacheType = parser.has("--kv-f16") ? triad::engine::KvCacheType::F16 : triad::engine::KvCacheType::F32;
        params.threadCount = int(threads);
        auto ctx = model->createContext(params);
        std::vector<float> logits;
        ctx->evaluate(tokens, triad::engine::LogitsMode::LastPosition, logits);
        std::ofstream out(*outFile, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(logits.data()), std::streamsize(logits.size() * sizeof(float)));
        out.close();
        if (!out) {
            std::cerr << "logits: cannot write " << *outFile << "\n";
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "logits: " << e.what() << "\n";
        return 1;
    }
}

triad::cli::Registrar registrar{"logits", "write the last-position logits of a prompt (float32, n_vocab)", runLogits};

} // namespace
