// triad-cli model synth --arch llama|qwen2 --dim D --layers L --heads H --kv-heads K --ffn F
//                       --vocab V --type Q8_0|Q4_K_M|F16|Q4_0|F32|... --out PATH [--seed S] [--context N]
// triad-cli model info PATH
//
// `synth` writes a random-weight model (weights ~N(0, 0.02), norms 1) with a small working
// byte-level BPE vocabulary trained here on a built-in text: 256 byte tokens, merges of common
// pairs, ChatML control tokens, and unused filler tokens up to V. Its output is gibberish;
// it exists for tests and benchmarks of a given shape.

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/BpeTokenizer.h"
#include "core/engine/GgmlType.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Model.h"
#include "core/engine/Quantize.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace triad::engine;

constexpr const char* kUsage =
    "usage: triad-cli model synth --arch llama|qwen2 --dim D --layers L --heads H --kv-heads K --ffn F\n"
    "                             --vocab V --type TYPE --out PATH [--seed S] [--context N]\n"
    "       triad-cli model info PATH\n"
    "  TYPE: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K_S, Q4_K_M, Q5_K_M, Q6_K\n";

constexpr const char* kCorpus =
    "Once upon a time there was a little model that wanted to talk. It read the words of the "
    "world and learned that the most common words are the, of, and, to, in, is, that, for, it, "
    "with, as, was, on, be, at, by, this, have, from, or, one, had, not, but, what, all, were, "
    "when, we, there, can, an, your, which, their, said, if, do, will, each, about, how, up, out, "
    "them, then, she, many, some, so, these, would, other, into, has, more, her, two, like, him, "
    "see, time, could, no, make, than, first, been, its, who, now, people, my, made, over, did, "
    "down, only, way, find, use, may, water, long, little, very, after, words, called, just, "
    "where, most, know. The quick brown fox jumps over the lazy dog. Hello, world! "
    "def main():\n    for i in range(10):\n        print(i)\n    return 0\n"
    "int main(int argc, char** argv) { return 0; }\n"
    "You are a helpful assistant. The user asks a question and the assistant answers it.";

constexpr const char* kChatMlTemplate =
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
    "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** GPT-2's byte -> printable code point mapping, as UTF-8 strings. */
std::vector<std::string> byteSymbols()
{
    const auto& table = byteLevelSymbols();
    return {table.begin(), table.end()};
}

struct SynthVocab {
    std::vector<std::string> tokens;
    std::vector<int32_t> types;
    std::vector<std::string> merges;
    int32_t bos = 0, eos = 0;
};

/** Byte-level BPE trained on kCorpus: most frequent adjacent pair first, ties by text. */
SynthVocab buildVocab(int64_t vocabSize)
{
    const std::vector<std::string> bytes = byteSymbols();
    SynthVocab v;
    v.tokens = bytes;
    v.types.assign(256, 1);
    // Words as gpt-2 splits them roughly: a space belongs to the word after it.
    std::map<std::vector<std::string>, int> words;
    std::string text = kCorpus;
    std::vector<std::string> word;
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const bool alnum = std::isalnum(c) != 0;
        if (!word.empty() && (!alnum || c == ' ')) {
            ++words[word];
            word.clear();
        }
        word.push_back(bytes[c]);
        if (!alnum && c != ' ') {
            ++words[word];
            word.clear();
        }
    }
    if (!word.empty())
        ++words[word];

    const int64_t specials = 3;
    const int64_t budget = std::min<int64_t>(vocabSize - 256 - specials, 2000);
    std::vector<std::pair<std::vector<std::string>, int>> list(words.begin(), words.end());
    for (int64_t m = 0; m < budget; ++m) {
        std::map<std::pair<std::string, std::string>, int> pairs;
        for (const auto& [w, count] : list)
            for (size_t i = 0; i + 1 < w.size(); ++i)
                pairs[{w[i], w[i + 1]}] += count;
        auto best = pairs.end();
        for (auto it = pairs.begin(); it != pairs.end(); ++it)
            if (best == pairs.end() || it->second > best->second)
                best = it;
        if (best == pairs.end() || best->second < 2)
            break;
        const auto [a, b] = best->first;
        v.merges.push_back(a + " " + b);
        v.tokens.push_back(a + b);
        v.types.push_back(1);
        for (auto& [w, count] : list) {
            std::vector<std::string> merged;
            for (size_t i = 0; i < w.size(); ++i) {
                if (i + 1 < w.size() && w[i] == a && w[i + 1] == b) {
                    merged.push_back(a + b);
                    ++i;
                } else {
                    merged.push_back(w[i]);
                }
            }
            w = std::move(merged);
        }
    }
    v.eos = int32_t(v.tokens.size());
    for (const char* s : {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}) {
        v.tokens.emplace_back(s);
        v.types.push_back(3);
    }
    v.bos = v.eos;
    for (int64_t i = int64_t(v.tokens.size()); i < vocabSize; ++i) {
        v.tokens.push_back("<|unused_" + std::to_string(i) + "|>");
        v.types.push_back(5);
    }
    return v;
}

/** splitmix64-seeded xorshift with Box-Muller: fast enough for hundreds of millions of weights. */
class Gaussian {
public:
    explicit Gaussian(uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
    float next()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = (double(nextBits() >> 11) + 1.0) * 0x1.0p-53;
        const double u2 = double(nextBits() >> 11) * 0x1.0p-53;
        const double r = std::sqrt(-2.0 * std::log(u1));
        m_spare = float(r * std::sin(2.0 * M_PI * u2));
        m_hasSpare = true;
        return float(r * std::cos(2.0 * M_PI * u2));
    }

private:
    uint64_t nextBits()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t m_state;
    bool m_hasSpare = false;
    float m_spare = 0.0f;
};

int64_t llamaFileType(QuantScheme s)
{
    switch (s) {
    case QuantScheme::F32: return 0;
    case QuantScheme::F16: return 1;
    case QuantScheme::Q4_0: return 2;
    case QuantScheme::Q4_1: return 3;
    case QuantScheme::Q8_0: return 7;
    case QuantScheme::Q5_0: return 8;
    case QuantScheme::Q5_1: return 9;
    case QuantScheme::Q4_K_S: return 14;
    case QuantScheme::Q4_K_M: return 15;
    case QuantScheme::Q5_K_M: return 17;
    case QuantScheme::Q6_K: return 18;
    case QuantScheme::BF16: return 32;
    }
    return 0;
}

bool readInt(triad::cli::ArgParser& p, const char* name, long long min, long long max, long long& out)
{
    if (!p.has(name)) {
        std::cerr << "model synth: " << name << " is required\n" << kUsage;
        return false;
    }
    if (!p.intValue(name, out) || out < min || out > max) {
        std::cerr << "model synth: " << name << " must be a number from " << min << " to " << max << "\n";
        return false;
    }
    return true;
}

int runSynth(const std::vector<std::string>& args)
{
    triad::cli::ArgParser p;
    p.option("--arch").option("--dim").option("--layers").option("--heads").option("--kv-heads").option("--ffn");
    p.option("--vocab").option("--type").option("--out").option("--seed").option("--context");
    if (!p.parse(args)) {
        std::cerr << "model synth: " << p.error() << "\n" << kUsage;
        return 2;
    }
    const std::string arch = p.value("--arch").value_or("");
    if (arch != "llama" && arch != "qwen2") {
        std::cerr << "model synth: --arch must be llama or qwen2\n";
        return 2;
    }
    long long dim, layers, heads, kvHeads, ffn, vocab, seed = 1, context = 4096;
    if (!readInt(p, "--dim", 32, 65536, dim) || !readInt(p, "--layers", 1, 1024, layers) ||
        !readInt(p, "--heads", 1, 1024, heads) || !readInt(p, "--kv-heads", 1, 1024, kvHeads) ||
        !readInt(p, "--ffn", 32, 262144, ffn) || !readInt(p, "--vocab", 300, 1 << 20, vocab))
        return 2;
    if ((p.has("--seed") && !readInt(p, "--seed", 0, (1LL << 62), seed)) ||
        (p.has("--context") && !readInt(p, "--context", 16, 1 << 24, context)))
        return 2;
    if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
        std::cerr << "model synth: --dim must be a multiple of --heads (even head size) and --heads of --kv-heads\n";
        return 2;
    }
    const auto scheme = quantSchemeFromName(p.value("--type").value_or(""));
    if (!scheme) {
        std::cerr << "model synth: --type must be one of " << quantSchemeNames() << "\n";
        return 2;
    }
    const auto out = p.value("--out");
    if (!out) {
        std::cerr << "model synth: --out is required\n";
        return 2;
    }

    const SynthVocab v = buildVocab(vocab);
    const int64_t headDim = dim / heads;
    GgufWriter w;
    w.setString("general.architecture", arch);
    w.setString("general.name", "triad-synth-" + arch);
    w.setU32("general.quantization_version", 2);
    w.setU32("general.file_type", uint32_t(llamaFileType(*scheme)));
    const std::string k = arch + ".";
    w.setU32(k + "context_length", uint32_t(context));
    w.setU32(k + "embedding_length", uint32_t(dim));
    w.setU32(k + "block_count", uint32_t(layers));
    w.setU32(k + "feed_forward_length", uint32_t(ffn));
    w.setU32(k + "attention.head_count", uint32_t(heads));
    w.setU32(k + "attention.head_count_kv", uint32_t(kvHeads));
    w.setF32(k + "attention.layer_norm_rms_epsilon", 1e-5f);
    w.setF32(k + "rope.freq_base", arch == "qwen2" ? 1000000.0f : 10000.0f);
    w.setU32(k + "rope.dimension_count", uint32_t(headDim));
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", "gpt-2");
    w.setStringArray("tokenizer.ggml.tokens", v.tokens);
    w.setI32Array("tokenizer.ggml.token_type", v.types);
    w.setStringArray("tokenizer.ggml.merges", v.merges);
    w.setU32("tokenizer.ggml.bos_token_id", uint32_t(v.bos));
    w.setU32("tokenizer.ggml.eos_token_id", uint32_t(v.eos));
    w.setBool("tokenizer.ggml.add_bos_token", false);
    w.setString("tokenizer.chat_template", kChatMlTemplate);

    uint64_t tensorSeed = uint64_t(seed) * 1000003u;
    auto addMatrix = [&](const std::string& name, int64_t cols, int64_t rows, float sigma) {
        const GgmlType type = quantTypeForTensor(*scheme, TensorRole{name, cols, 2, int(layers), arch == "qwen2"});
        const std::vector<int64_t> ne{cols, rows};
        const uint64_t s = ++tensorSeed;
        w.addTensor(name, type, ne, [=](std::span<uint8_t> bytes) {
            Gaussian g(s);
            std::vector<float> row(static_cast<size_t>(cols));
            const size_t rowBytes = ggmlRowBytes(type, cols);
            for (int64_t r = 0; r < rows; ++r) {
                for (float& x : row)
                    x = sigma * g.next();
                quantizeRow(type, row.data(), bytes.data() + size_t(r) * rowBytes, cols);
            }
        });
    };
    auto addVector = [&](const std::string& name, int64_t n, float value, float sigma) {
        const std::vector<int64_t> ne{n};
        const uint64_t s = ++tensorSeed;
        w.addTensor(name, GgmlType::F32, ne, [=](std::span<uint8_t> bytes) {
            Gaussian g(s);
            auto* f = reinterpret_cast<float*>(bytes.data());
            for (int64_t i = 0; i < n; ++i)
                f[i] = value + sigma * g.next();
        });
    };

    addMatrix("token_embd.weight", dim, vocab, 0.02f);
    addVector("output_norm.weight", dim, 1.0f, 0.0f);
    if (arch == "llama")
        addMatrix("output.weight", dim, vocab, 0.02f); // qwen2 ties it to the embeddings
    for (long long l = 0; l < layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        addVector(b + "attn_norm.weight", dim, 1.0f, 0.0f);
        addMatrix(b + "attn_q.weight", dim, heads * headDim, 0.02f);
        addMatrix(b + "attn_k.weight", dim, kvHeads * headDim, 0.02f);
        addMatrix(b + "attn_v.weight", dim, kvHeads * headDim, 0.02f);
        if (arch == "qwen2") {
            addVector(b + "attn_q.bias", heads * headDim, 0.0f, 0.05f);
            addVector(b + "attn_k.bias", kvHeads * headDim, 0.0f, 0.05f);
            addVector(b + "attn_v.bias", kvHeads * headDim, 0.0f, 0.05f);
        }
        addMatrix(b + "attn_output.weight", heads * headDim, dim, 0.02f);
        addVector(b + "ffn_norm.weight", dim, 1.0f, 0.0f);
        addMatrix(b + "ffn_gate.weight", dim, ffn, 0.02f);
        addMatrix(b + "ffn_up.weight", dim, ffn, 0.02f);
        addMatrix(b + "ffn_down.weight", ffn, dim, 0.02f);
    }
    try {
        w.write(*out);
    } catch (const std::exception& e) {
        std::cerr << "model synth: " << e.what() << "\n";
        return 1;
    }
    std::cout << "wrote " << *out << " (" << arch << ", " << quantSchemeName(*scheme) << ", " << v.merges.size()
              << " merges)\n";
    return 0;
}

int runInfo(const std::vector<std::string>& args)
{
    if (args.size() != 1) {
        std::cerr << kUsage;
        return 2;
    }
    try {
        const auto model = Model::load(args[0]);
        const ModelInfo& i = model->info();
        std::cout << "name:           " << i.name << "\n"
                  << "architecture:   " << i.architecture << "\n"
                  << "parameters:     " << i.parameterCount << "\n"
                  << "quantization:   " << i.quantization << " (" << i.quantizationMix << ")\n"
                  << "context length: " << i.contextLength << "\n"
                  << "vocabulary:     " << i.vocabSize << " (" << i.tokenizer << ")\n"
                  << "chat template:  " << i.chatTemplate << (i.chatTemplateNote.empty() ? "" : " (" + i.chatTemplateNote + ")") << "\n"
                  << "file size:      " << i.fileSizeBytes << " bytes\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "model info: " << e.what() << "\n";
        return 1;
    }
}

int runModel(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "--help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "synth")
        return runSynth(rest);
    if (args[0] == "info")
        return runInfo(rest);
    std::cerr << "model: unknown subcommand '" << args[0] << "'\n" << kUsage;
    return 2;
}

triad::cli::Registrar registrar{"model", "synthesize a random-weight model or print a model's info", runModel};

} // namespace
