#pragma once
// One trainable tensor: its GGUF name and shape, F32 values, gradient and optimizer state.

#include <cstdint>
#include <string>
#include <vector>

namespace triad::train {

struct Parameter {
    std::string name;          ///< GGUF tensor name ("blk.0.attn_q.weight", "….lora_a")
    std::vector<int64_t> ne;   ///< GGUF dimensions, ne[0] contiguous
    std::vector<float> value;
    std::vector<float> grad;
    std::vector<float> adamM;  ///< AdamW first moment (allocated by the optimizer)
    std::vector<float> adamV;  ///< AdamW second moment
    bool decay = true;         ///< weight decay applies (matrices; not norms or biases)

    int64_t size() const { return int64_t(value.size()); }
};

} // namespace triad::train
