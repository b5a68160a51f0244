#include "core/train/corpus/BundledModelFile.h"

#include "core/engine/GgufWriter.h"
#include "core/engine/Quantize.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace triad::train::corpus {

namespace {

/** splitmix64 + Box-Muller: the same values on every platform for a seed. */
class Gaussian {
public:
    explicit Gaussian(uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
    float next()
    {
        const double u1 = (double(bits() >> 11) + 1.0) * 0x1.0p-53;
        const double u2 = double(bits() >> 11) * 0x1.0p-53;
        return float(std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2));
    }

private:
    uint64_t bits()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t m_state;
};

bool endsWith(const std::string& s, const char* suffix)
{
    const std::string t(suffix);
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

} // namespace

std::string ModelShape::problem() const
{
    if (dim < 32 || layers < 1 || heads < 1 || kvHeads < 1 || ffn < 32 || context < 16)
        return "every size must be positive (dim and ffn at least 32, context at least 16)";
    if (dim % heads != 0 || (dim / heads) % 2 != 0)
        return "dim must be a multiple of heads with an even head size";
    if (heads % kvHeads != 0)
        return "heads must be a multiple of kv heads";
    if (dim % 32 != 0 || ffn % 32 != 0)
        return "dim and ffn must be multiples of 32 (quantization blocks)";
    return {};
}

TensorValues randomTensorValues(const ModelShape& shape, uint64_t seed)
{
    return [shape, seed](const std::string& name, int64_t count) {
        std::vector<float> v(size_t(count), 1.0f);
        if (endsWith(name, "norm.weight"))
            return v;
        uint64_t h = seed;
        for (unsigned char c : name)
            h = (h ^ c) * 0x100000001B3ull;
        Gaussian g(h);
        // Residual-branch outputs are scaled down so the stream's variance does not grow with depth.
        const bool residualOut = endsWith(name, "attn_output.weight") || endsWith(name, "ffn_down.weight");
        const float sigma = residualOut ? 0.02f / std::sqrt(2.0f * float(shape.layers)) : 0.02f;
        for (float& x : v)
            x = sigma * g.next();
        return v;
    };
}

const char* chatMlTemplate()
{
    return "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
           "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
}

void writeBundledModelFile(const std::string& path, const ModelShape& shape, const BpeVocab& vocab,
                           const TensorValues& values, engine::GgmlType matrixType)
{
    if (const std::string p = shape.problem(); !p.empty())
        throw std::invalid_argument("bundled model shape: " + p);
    if (matrixType != engine::GgmlType::F32 && !engine::canQuantize(matrixType))
        throw std::invalid_argument("bundled model: the engine cannot quantize to the requested type");
    const int64_t headDim = shape.dim / shape.heads;
    const auto nVocab = int64_t(vocab.tokens.size());

    engine::GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setString("general.name", "triad-mini");
    w.setU32("general.quantization_version", 2);
    w.setU32("general.file_type", matrixType == engine::GgmlType::Q8_0 ? 7u : 0u);
    w.setU32("llama.context_length", uint32_t(shape.context));
    w.setU32("llama.embedding_length", uint32_t(shape.dim));
    w.setU32("llama.block_count", uint32_t(shape.layers));
    w.setU32("llama.feed_forward_length", uint32_t(shape.ffn));
    w.setU32("llama.attention.head_count", uint32_t(shape.heads));
    w.setU32("llama.attention.head_count_kv", uint32_t(shape.kvHeads));
    w.setF32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    w.setF32("llama.rope.freq_base", 10000.0f);
    w.setU32("llama.rope.dimension_count", uint32_t(headDim));
    w.setU32("llama.vocab_size", uint32_t(nVocab));
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", vocab.preTokenizer);
    w.setStringArray("tokenizer.ggml.tokens", vocab.tokens);
    w.setI32Array("tokenizer.ggml.token_type", vocab.types);
    w.setStringArray("tokenizer.ggml.merges", vocab.merges);
    w.setU32("tokenizer.ggml.bos_token_id", uint32_t(vocab.endOfText));
    w.setU32("tokenizer.ggml.eos_token_id", uint32_t(vocab.imEnd));
    w.setU32("tokenizer.ggml.eot_token_id", uint32_t(vocab.imEnd));
    w.setU32("tokenizer.ggml.padding_token_id", uint32_t(vocab.endOfText));
    w.setBool("tokenizer.ggml.add_bos_token", false);
    w.setString("tokenizer.chat_template", chatMlTemplate());

    auto add = [&](const std::string& name, std::vector<int64_t> ne, bool matrix) {
        const engine::GgmlType type = matrix ? matrixType : engine::GgmlType::F32;
        w.addTensor(name, type, ne, [=, &values](std::span<uint8_t> bytes) {
            const int64_t cols = ne[0], rows = ne.size() > 1 ? ne[1] : 1;
            const std::vector<float> v = values(name, cols * rows);
            if (int64_t(v.size()) != cols * rows)
                throw std::invalid_argument("bundled model: tensor " + name + " has " + std::to_string(v.size()) +
                                            " values, expected " + std::to_string(cols * rows));
            const size_t rowBytes = engine::ggmlRowBytes(type, cols);
            if (type == engine::GgmlType::F32) {
                std::memcpy(bytes.data(), v.data(), v.size() * sizeof(float));
                return;
            }
            for (int64_t r = 0; r < rows; ++r)
                engine::quantizeRow(type, v.data() + r * cols, bytes.data() + size_t(r) * rowBytes, cols);
        });
    };
    add("token_embd.weight", {shape.dim, nVocab}, true);
    add("output_norm.weight", {shape.dim}, false);
    add("output.weight", {shape.dim, nVocab}, true);
    for (int64_t l = 0; l < shape.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {shape.dim}, false);
        add(b + "attn_q.weight", {shape.dim, shape.heads * headDim}, true);
        add(b + "attn_k.weight", {shape.dim, shape.kvHeads * headDim}, true);
        add(b + "attn_v.weight", {shape.dim, shape.kvHeads * headDim}, true);
        add(b + "attn_output.weight", {shape.heads * headDim, shape.dim}, true);
        add(b + "ffn_norm.weight", {shape.dim}, false);
        add(b + "ffn_gate.weight", {shape.dim, shape.ffn}, true);
        add(b + "ffn_up.weight", {shape.dim, shape.ffn}, true);
        add(b + "ffn_down.weight", {shape.ffn, shape.dim}, true);
    }
    w.write(path);
}

} // namespace triad::train::corpus
