#include "core/train/ModelExport.h"

#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "core/train/TrainableModel.h"

#include <cstring>
#include <memory>
#include <stdexcept>

namespace triad::train {

namespace {

std::span<const uint8_t> bytesOf(const std::vector<float>& v)
{
    return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(float)};
}

} // namespace

void writeLoraAdapter(const TrainableModel& model, const engine::GgufFile& base, const std::string& path)
{
    if (model.params().method != TrainMethod::Lora)
        throw std::invalid_argument("only a LoRA model can be written as an adapter");
    engine::GgufWriter w;
    w.setString("general.architecture", base.architecture());
    w.setString("general.type", "adapter");
    w.setString("general.name", base.getString("general.name", "model") + " LoRA");
    w.setString("adapter.type", "lora");
    // alpha = scale · rank keeps s = alpha / r exact, also when the run used alpha 0 (s = 1).
    w.setF32("adapter.lora.alpha", model.loraScale() * float(model.params().lora.rank));
    for (const Parameter& p : model.parameters())
        w.addTensor(p.name, engine::GgmlType::F32, p.ne, bytesOf(p.value));
    w.write(path);
}

void writeMergedModel(const TrainableModel& model, const engine::GgufFile& base, const std::string& path)
{
    engine::GgufWriter w;
    w.copyMetadata(base);
    // The file type no longer describes a file whose changed tensors are F32.
    w.remove("general.file_type");
    for (const engine::GgufTensorInfo& t : base.tensors()) {
        std::vector<int64_t> ne(t.ne.begin(), t.ne.begin() + t.nDims);
        std::vector<float> trained = model.trainedTensor(t.name);
        if (trained.empty()) {
            w.addTensor(t.name, t.type, ne, std::span<const uint8_t>(t.data, t.byteSize));
            continue;
        }
        auto shared = std::make_shared<std::vector<float>>(std::move(trained));
        w.addTensor(t.name, engine::GgmlType::F32, ne, [shared](std::span<uint8_t> out) {
            std::memcpy(out.data(), shared->data(), out.size());
        });
    }
    w.write(path);
}

} // namespace triad::train
