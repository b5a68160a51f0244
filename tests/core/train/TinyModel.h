#pragma once
// Writes tiny llama/qwen2 GGUF models for the trainer's tests: random weights of a chosen
// type, a byte-level BPE vocabulary without merges (one token per byte) plus the ChatML
// control tokens, and a ChatML chat template. Small enough to check gradients numerically.

#include "core/engine/BpeTokenizer.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Quantize.h"

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace triad::train::testing {

struct TinyModelSpec {
    std::string arch = "llama"; ///< "llama" (untied output, adjacent RoPE) or "qwen2" (tied, biases, NEOX)
    int dim = 16;
    int layers = 2;
    int heads = 4;
    int kvHeads = 2;
    int ffn = 24;
    int extraTokens = 0;  ///< unused tokens after the specials (vocab = 259 + extraTokens)
    engine::GgmlType type = engine::GgmlType::F32;
    float sigma = 0.3f;   ///< large enough that the model is far from uniform (sensitive checks)
    uint32_t seed = 1;
};

/** Token ids of the ChatML specials in a tiny model. */
constexpr int32_t kTinyEndOfText = 256, kTinyImStart = 257, kTinyImEnd = 258;

inline std::vector<std::string> tinyByteSymbols()
{
    const auto& table = triad::engine::byteLevelSymbols();
    return {table.begin(), table.end()};
}

inline void writeTinyModel(const std::string& path, const TinyModelSpec& s)
{
    using namespace triad::engine;
    std::vector<std::string> tokens = tinyByteSymbols();
    std::vector<int32_t> types(256, 1);
    for (const char* t : {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}) {
        tokens.emplace_back(t);
        types.push_back(3);
    }
    for (int i = 0; i < s.extraTokens; ++i) {
        tokens.push_back("<|unused_" + std::to_string(i) + "|>");
        types.push_back(5);
    }
    const int vocab = int(tokens.size());
    const int headDim = s.dim / s.heads;
    GgufWriter w;
    w.setString("general.architecture", s.arch);
    w.setString("general.name", "tiny-" + s.arch);
    const std::string k = s.arch + ".";
    w.setU32(k + "context_length", 512);
    w.setU32(k + "embedding_length", uint32_t(s.dim));
    w.setU32(k + "block_count", uint32_t(s.layers));
    w.setU32(k + "feed_forward_length", uint32_t(s.ffn));
    w.setU32(k + "attention.head_count", uint32_t(s.heads));
    w.setU32(k + "attention.head_count_kv", uint32_t(s.kvHeads));
    w.setF32(k + "attention.layer_norm_rms_epsilon", 1e-5f);
    w.setF32(k + "rope.freq_base", s.arch == "qwen2" ? 1000000.0f : 10000.0f);
    w.setU32(k + "rope.dimension_count", uint32_t(headDim));
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", "gpt-2");
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    w.setI32Array("tokenizer.ggml.token_type", types);
    w.setStringArray("tokenizer.ggml.merges", std::vector<std::string>{});
    w.setU32("tokenizer.ggml.bos_token_id", uint32_t(kTinyEndOfText));
    w.setU32("tokenizer.ggml.eos_token_id", uint32_t(kTinyImEnd));
    w.setBool("tokenizer.ggml.add_bos_token", false);
    w.setString("tokenizer.chat_template", "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
                                          "{{ message['content'] }}<|im_end|>\n{% endfor %}");

    std::mt19937 rng(s.seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    auto addMatrix = [&](const std::string& name, int64_t cols, int64_t rows, float sigma) {
        const bool quantizable = cols % ggmlBlockElements(s.type) == 0;
        const GgmlType type = quantizable ? s.type : GgmlType::F32;
        std::vector<float> f(static_cast<size_t>(cols * rows));
        for (float& x : f)
            x = sigma * normal(rng);
        const size_t rowBytes = ggmlRowBytes(type, cols);
        std::vector<uint8_t> bytes(rowBytes * size_t(rows));
        for (int64_t r = 0; r < rows; ++r)
            quantizeRow(type, f.data() + size_t(r * cols), bytes.data() + size_t(r) * rowBytes, cols);
        w.addTensor(name, type, {cols, rows}, bytes);
    };
    auto addVector = [&](const std::string& name, int64_t n, float mean, float sigma) {
        std::vector<float> f(static_cast<size_t>(n));
        for (float& x : f)
            x = mean + sigma * normal(rng);
        w.addTensor(name, GgmlType::F32, {n},
                    std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(f.data()), f.size() * sizeof(float)));
    };
    const float mat = s.sigma / std::sqrt(float(s.dim) / 16.0f);
    addMatrix("token_embd.weight", s.dim, vocab, 1.0f);
    addVector("output_norm.weight", s.dim, 1.0f, 0.1f);
    if (s.arch == "llama")
        addMatrix("output.weight", s.dim, vocab, mat);
    for (int l = 0; l < s.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        addVector(b + "attn_norm.weight", s.dim, 1.0f, 0.1f);
        addMatrix(b + "attn_q.weight", s.dim, s.heads * headDim, mat);
        addMatrix(b + "attn_k.weight", s.dim, s.kvHeads * headDim, mat);
        addMatrix(b + "attn_v.weight", s.dim, s.kvHeads * headDim, mat);
        if (s.arch == "qwen2") {
            addVector(b + "attn_q.bias", s.heads * headDim, 0.0f, 0.1f);
            addVector(b + "attn_k.bias", s.kvHeads * headDim, 0.0f, 0.1f);
            addVector(b + "attn_v.bias", s.kvHeads * headDim, 0.0f, 0.1f);
        }
        addMatrix(b + "attn_output.weight", s.heads * headDim, s.dim, mat);
        addVector(b + "ffn_norm.weight", s.dim, 1.0f, 0.1f);
        addMatrix(b + "ffn_gate.weight", s.dim, s.ffn, mat);
        addMatrix(b + "ffn_up.weight", s.dim, s.ffn, mat);
        addMatrix(b + "ffn_down.weight", s.ffn, s.dim, mat);
    }
    w.write(path);
}

} // namespace triad::train::testing
