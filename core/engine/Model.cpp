#include "core/engine/Model.h"

#include "core/engine/GgufFile.h"
#include "core/engine/GgufSummary.h"
#include "core/engine/Kernels.h"
#include "core/engine/LoraAdapter.h"
#include "core/engine/ModelWeights.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Vocab.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <vector>

namespace triad::engine {

Model::Model() = default;
Model::~Model() = default;

const Vocab& Model::vocab() const
{
    return m_tokenizer->vocab();
}

std::unique_ptr<Model> Model::load(const std::string& path)
{
    std::unique_ptr<Model> m(new Model());
    try {
        m->m_file = GgufFile::open(path);
        m->m_config = ModelConfig::fromGguf(*m->m_file);
        m->m_weights = std::make_unique<ModelWeights>(*m->m_file, m->m_config, kernels());
        std::shared_ptr<const Vocab> vocab = Vocab::load(*m->m_file);
        if (int64_t(vocab->size()) > m->m_config.vocabSize)
            throw ModelError(path + ": the vocabulary has " + std::to_string(vocab->size()) +
                             " tokens but the model only " + std::to_string(m->m_config.vocabSize) + " embeddings");
        m->m_tokenizer = Tokenizer::create(vocab);
        m->m_chatTemplate = ChatTemplate::detect(vocab->chatTemplate());
    } catch (const ModelError&) {
        throw;
    } catch (const std::exception& e) {
        // GgufError, TokenizerError... already name the file or the key; keep the message.
        const std::string what = e.what();
        throw ModelError(what.find(path) == std::string::npos ? path + ": " + what : what);
    }
    m->buildInfo();
    return m;
}

void Model::buildInfo()
{
    ModelInfo& i = m_info;
    i.path = m_file->path();
    i.name = m_file->getString("general.name", std::filesystem::path(i.path).stem().string());
    i.architecture = m_config.architectureName;
    for (const GgufTensorInfo& t : m_file->tensors())
        i.parameterCount += t.elementCount();
    i.contextLength = m_config.contextLengthTrain;
    i.fileSizeBytes = m_file->fileSizeBytes();
    i.vocabSize = m_config.vocabSize;
    i.tokenizer = m_tokenizer->description();
    i.chatTemplate = m_chatTemplate.name();
    i.chatTemplateNote = m_chatTemplate.note();

    std::map<std::string, uint64_t> bytesByType;
    uint64_t total = 0;
    for (const WeightMatrix* w : m_weights->matrices()) {
        if (w == &m_weights->tokenEmbedding())
            continue; // read one row per token, not streamed
        bytesByType[std::string(ggmlTypeName(w->type))] += w->byteSize();
        total += w->byteSize();
    }
    if (m_weights->tiedEmbeddings()) {
        const WeightMatrix& out = m_weights->output();
        bytesByType[std::string(ggmlTypeName(out.type))] += out.byteSize();
        total += out.byteSize();
    }
    i.weightBytes = total;
    std::vector<std::pair<uint64_t, std::string>> sorted;
    for (const auto& [name, bytes] : bytesByType)
        sorted.emplace_back(bytes, name);
    std::sort(sorted.rbegin(), sorted.rend());
    for (const auto& [bytes, name] : sorted) {
        char part[64];
        std::snprintf(part, sizeof part, "%s%s %.0f%%", i.quantizationMix.empty() ? "" : ", ", name.c_str(),
                      total ? 100.0 * double(bytes) / double(total) : 0.0);
        i.quantizationMix += part;
    }
    i.quantization = fileTypeName(m_file->getInt("general.file_type", -1));
    if (i.quantization.empty() && !sorted.empty())
        i.quantization = sorted.front().second;
}

std::shared_ptr<const LoraAdapter> Model::loadAdapter(const std::string& path) const
{
    return LoraAdapter::load(path, *m_file);
}

std::unique_ptr<Transformer> Model::createContext(const TransformerParams& params) const
{
    return std::make_unique<Transformer>(m_config, *m_weights, params);
}

} // namespace triad::engine
