#pragma once
// Writing the result of training:
// - a LoRA adapter in llama.cpp's GGUF adapter format: general.type = "adapter",
//   adapter.type = "lora", adapter.lora.alpha (f32), and for each adapted weight W
//   "<W's name>.lora_a" {n_in, r} and "<W's name>.lora_b" {r, n_out}, F32. Applied as
//   W·x + s·B·(A·x) with s = alpha / r, so other engines can run it too;
// - a merged model: the base file's metadata and tensors, with every tensor training changed
//   replaced by its F32 value (full fine-tuning: the trained weights; LoRA: W + s·B·A).
//
//   writeLoraAdapter(model, base->file(), "out.gguf");    // throws on I/O errors

#include <string>

namespace triad::engine {
class GgufFile;
}

namespace triad::train {

class TrainableModel;

/** Throws std::invalid_argument when @p model is not a LoRA model; GgufError on I/O errors. */
void writeLoraAdapter(const TrainableModel& model, const engine::GgufFile& base, const std::string& path);

/** Works for both methods. Throws GgufError on I/O errors. */
void writeMergedModel(const TrainableModel& model, const engine::GgufFile& base, const std::string& path);

} // namespace triad::train
