#include "core/engine/LoraAdapter.h"

#include "core/engine/Dequantize.h"
#include "core/engine/GgufFile.h"
#include "core/engine/ModelConfig.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

namespace triad::engine {

namespace {

constexpr std::string_view kSuffixA = ".lora_a";
constexpr std::string_view kSuffixB = ".lora_b";

struct Pair {
    const GgufTensorInfo* a = nullptr;
    const GgufTensorInfo* b = nullptr;
    const GgufTensorInfo* weight = nullptr;
    LinearRoleName role;
};

std::string quoted(std::string_view s)
{
    return "'" + std::string(s) + "'";
}

/** The F32 values of a whole tensor, row by row. False when the type cannot be read. */
bool readTensor(const GgufTensorInfo& t, float* out)
{
    const size_t rowBytes = ggmlRowBytes(t.type, t.ne[0]);
    for (int64_t r = 0; r < t.rowCount(); ++r)
        if (!dequantizeRow(t.type, t.data + size_t(r) * rowBytes, out + size_t(r) * size_t(t.ne[0]), t.ne[0]))
            return false;
    return true;
}

bool isMatrix(const GgufTensorInfo& t)
{
    return t.nDims <= 2 && t.ne[2] == 1 && t.ne[3] == 1;
}

} // namespace

std::shared_ptr<const LoraAdapter> LoraAdapter::load(const std::string& path, const GgufFile& base)
{
    std::unique_ptr<GgufFile> file;
    try {
        file = GgufFile::open(path);
    } catch (const std::exception& e) {
        const std::string what = e.what();
        throw ModelError(what.find(path) == std::string::npos ? path + ": " + what : what);
    }
    return fromGguf(*file, base);
}

std::shared_ptr<const LoraAdapter> LoraAdapter::fromGguf(const GgufFile& file, const GgufFile& base)
{
    const std::string& path = file.path();
    auto fail = [&](const std::string& problem) { return ModelError(path + ": " + problem); };
    std::shared_ptr<LoraAdapter> adapter(new LoraAdapter());
    adapter->m_path = path;

    std::string generalType, adapterType;
    try {
        generalType = file.getString("general.type", "");
        adapterType = file.getString("adapter.type", "");
        adapter->m_name = file.getString("general.name", "");
        adapter->m_alpha = float(file.getFloat("adapter.lora.alpha", 0.0));
        adapter->m_architecture = file.architecture();
    } catch (const GgufError& e) {
        throw ModelError(e.what()); // names the file and the key
    }
    if (generalType != "adapter")
        throw fail("not a LoRA adapter: general.type is " + (generalType.empty() ? std::string("missing") : quoted(generalType))
                   + " (an adapter file has general.type = 'adapter'; a model file is loaded as a model)");
    if (adapterType != "lora")
        throw fail("adapter.type is " + (adapterType.empty() ? std::string("missing") : quoted(adapterType))
                   + "; only LoRA adapters ('lora') can be applied");
    if (adapter->m_architecture.empty())
        throw fail("the adapter has no general.architecture, so it cannot be matched to a base model");
    if (adapter->m_architecture != base.architecture())
        throw fail("the adapter is for architecture " + quoted(adapter->m_architecture) + " but the base model "
                   + base.path() + " is " + quoted(base.architecture()));
    if (!std::isfinite(adapter->m_alpha) || adapter->m_alpha < 0.0f)
        throw fail("adapter.lora.alpha is " + std::to_string(adapter->m_alpha) + "; it must be 0 or positive");

    // Group the factors by the weight they adapt, in file order.
    std::vector<std::string> order;
    std::map<std::string, Pair> pairs;
    for (const GgufTensorInfo& t : file.tensors()) {
        const std::string_view name = t.name;
        const bool isA = name.ends_with(kSuffixA);
        if (!isA && !name.ends_with(kSuffixB))
            throw fail("tensor " + t.name + " is not a LoRA factor (names end in .lora_a or .lora_b)");
        const std::string weight(name.substr(0, name.size() - kSuffixA.size()));
        auto [it, inserted] = pairs.try_emplace(weight);
        if (inserted)
            order.push_back(weight);
        (isA ? it->second.a : it->second.b) = &t;
    }
    if (order.empty())
        throw fail("the adapter has no LoRA tensors");

    size_t totalFloats = 0;
    for (const std::string& weight : order) {
        Pair& p = pairs[weight];
        if (!p.a || !p.b)
            throw fail("tensor " + weight + (p.a ? std::string(kSuffixA) : std::string(kSuffixB)) + " has no partner "
                       + weight + (p.a ? std::string(kSuffixB) : std::string(kSuffixA)));
        const std::optional<LinearRoleName> role = parseLinearRoleTensorName(weight);
        p.weight = base.findTensor(weight);
        if (!role) {
            if (weight == "token_embd.weight")
                throw fail("the adapter changes token_embd.weight; the engine applies LoRA to attn_q, attn_k, attn_v, "
                           "attn_output, ffn_gate, ffn_up, ffn_down and output, not to the token embeddings");
            throw fail("the adapter changes " + weight + ", which "
                       + (p.weight ? std::string("is not a matrix LoRA can adapt (attn_q, attn_k, attn_v, attn_output, "
                                                 "ffn_gate, ffn_up, ffn_down, output)")
                                   : "the base model " + base.path() + " does not have"));
        }
        p.role = *role;
        if (!p.weight) {
            if (role->role == LinearRole::Output)
                throw fail("the adapter changes output.weight, but the base model " + base.path()
                           + " has none (its output shares token_embd.weight)");
            throw fail("the adapter changes " + weight + ", which the base model " + base.path() + " does not have");
        }
        const GgufTensorInfo& w = *p.weight;
        const GgufTensorInfo& a = *p.a;
        const GgufTensorInfo& b = *p.b;
        const std::string expectA = "[" + std::to_string(w.ne[0]) + ", r]";
        const std::string expectB = "[r, " + std::to_string(w.ne[1]) + "]";
        const std::string against = " in " + base.path() + " is " + w.shapeString();
        if (!isMatrix(a) || a.ne[0] != w.ne[0])
            throw fail("tensor " + a.name + " has shape " + a.shapeString() + " but " + weight + against
                       + ": lora_a must be " + expectA);
        if (!isMatrix(b) || b.ne[1] != w.ne[1])
            throw fail("tensor " + b.name + " has shape " + b.shapeString() + " but " + weight + against
                       + ": lora_b must be " + expectB);
        if (b.ne[0] != a.ne[1])
            throw fail("the ranks of " + weight + " disagree: lora_a " + a.shapeString() + " has r = "
                       + std::to_string(a.ne[1]) + ", lora_b " + b.shapeString() + " has r = " + std::to_string(b.ne[0]));
        totalFloats += size_t(a.elementCount()) + size_t(b.elementCount());
    }

    adapter->m_storage.resize(totalFloats); // once: the matrices point into it
    float* next = adapter->m_storage.data();
    for (const std::string& weight : order) {
        const Pair& p = pairs[weight];
        for (const GgufTensorInfo* t : {p.a, p.b}) {
            if (!readTensor(*t, next))
                throw fail("tensor " + t->name + " has type " + std::string(ggmlTypeName(t->type))
                           + ", which cannot be read (use F32, F16, BF16 or Q8_0)");
            for (int64_t i = 0; i < t->elementCount(); ++i)
                if (!std::isfinite(next[i]))
                    throw fail("tensor " + t->name + " holds a value that is not a finite number (element "
                               + std::to_string(i) + ")");
            next += t->elementCount();
        }
    }

    next = adapter->m_storage.data();
    for (const std::string& weight : order) {
        const Pair& p = pairs[weight];
        LoraMatrices m;
        m.weightName = weight;
        m.role = p.role.role;
        m.layer = p.role.layer;
        m.rank = p.a->ne[1];
        m.scale = adapter->m_alpha == 0.0f ? 1.0f : adapter->m_alpha / float(m.rank);
        m.a = WeightMatrix{GgmlType::F32, reinterpret_cast<const uint8_t*>(next), p.a->ne[0], m.rank,
                           size_t(p.a->ne[0]) * sizeof(float)};
        next += p.a->elementCount();
        m.b = WeightMatrix{GgmlType::F32, reinterpret_cast<const uint8_t*>(next), m.rank, p.b->ne[1],
                           size_t(m.rank) * sizeof(float)};
        next += p.b->elementCount();
        adapter->m_maxRank = std::max(adapter->m_maxRank, m.rank);

        const int index = int(adapter->m_matrices.size());
        if (p.role.role == LinearRole::Output) {
            adapter->m_output = index;
        } else {
            if (size_t(p.role.layer) >= adapter->m_byLayer.size()) {
                std::array<int, kLayerRoleCount> none;
                none.fill(-1);
                adapter->m_byLayer.resize(size_t(p.role.layer) + 1, none);
            }
            adapter->m_byLayer[size_t(p.role.layer)][size_t(layerRoleIndex(p.role.role))] = index;
        }
        adapter->m_matrices.push_back(std::move(m));
    }
    return adapter;
}

const LoraMatrices* LoraAdapter::find(LinearRole role, int64_t layer) const
{
    if (role == LinearRole::Output)
        return m_output < 0 ? nullptr : &m_matrices[size_t(m_output)];
    if (layer < 0 || size_t(layer) >= m_byLayer.size())
        return nullptr;
    const int index = m_byLayer[size_t(layer)][size_t(layerRoleIndex(role))];
    return index < 0 ? nullptr : &m_matrices[size_t(index)];
}

} // namespace triad::engine
