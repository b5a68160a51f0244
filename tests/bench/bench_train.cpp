// Training throughput of core/train on a synthetic llama model (random weights, byte vocab
// plus filler tokens): tokens per second of forward + backward + AdamW, full fine-tuning and
// LoRA, on a given number of threads.
//
//   bench_train [--dim 256] [--layers 4] [--heads 4] [--kv-heads 2] [--ffn 768] [--vocab 8192]
//               [--type Q8_0] [--threads 2] [--seq 128] [--batch 4] [--steps 6] [--rank 8]
//               [--methods full,lora]

#include "core/engine/GgmlType.h"
#include "core/engine/Model.h"
#include "core/train/AdamW.h"
#include "core/train/TrainableModel.h"
#include "tests/core/train/TinyModel.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

using namespace triad;

int main(int argc, char** argv)
{
    train::testing::TinyModelSpec spec;
    spec.dim = 256;
    spec.layers = 4;
    spec.heads = 4;
    spec.kvHeads = 2;
    spec.ffn = 768;
    spec.sigma = 0.02f * 4.0f;
    int vocab = 8192, threads = 2, seq = 128, batch = 4, steps = 6, rank = 8;
    std::string type = "Q8_0", methods = "full,lora";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const int v = std::atoi(argv[i + 1]);
        if (a == "--dim") spec.dim = v;
        else if (a == "--layers") spec.layers = v;
        else if (a == "--heads") spec.heads = v;
        else if (a == "--kv-heads") spec.kvHeads = v;
        else if (a == "--ffn") spec.ffn = v;
        else if (a == "--vocab") vocab = v;
        else if (a == "--type") type = argv[i + 1];
        else if (a == "--methods") methods = argv[i + 1];
        else if (a == "--threads") threads = v;
        else if (a == "--seq") seq = v;
        else if (a == "--batch") batch = v;
        else if (a == "--steps") steps = v;
        else if (a == "--rank") rank = v;
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    const auto t = engine::ggmlTypeFromName(type);
    if (!t) {
        std::fprintf(stderr, "unknown type %s\n", type.c_str());
        return 2;
    }
    spec.type = *t;
    spec.extraTokens = std::max(0, vocab - 259);
    const std::string path = (std::filesystem::temp_directory_path() / "triad-bench-train.gguf").string();
    train::testing::writeTinyModel(path, spec);
    const auto model = engine::Model::load(path);

    std::mt19937 rng(1);
    train::TrainBatch b;
    for (int s = 0; s < batch; ++s) {
        std::vector<int32_t> tokens(size_t(seq) + 1);
        for (int32_t& x : tokens)
            x = int32_t(rng() % uint32_t(vocab));
        b.addExample(tokens, std::vector<float>(tokens.size(), 1.0f));
    }
    std::printf("model: dim %d, %d layers, %d heads (%d kv), ffn %d, vocab %d, %s; batch %d x %d tokens; %d threads\n",
                spec.dim, spec.layers, spec.heads, spec.kvHeads, spec.ffn, vocab, type.c_str(), batch, seq, threads);
    for (train::TrainMethod method : {train::TrainMethod::Full, train::TrainMethod::Lora}) {
        if (methods.find(method == train::TrainMethod::Full ? "full" : "lora") == std::string::npos)
            continue;
        train::TrainableModelParams mp{.method = method, .threadCount = threads};
        mp.lora.rank = rank;
        train::TrainableModel m(model->config(), model->weights(), mp);
        train::AdamW opt;
        auto once = [&] {
            m.zeroGradients();
            m.step(b, float(1.0 / b.weightSum()), train::StepMode::Train);
            opt.step(m.parameters(), 1e-4f);
        };
        once(); // warm-up: allocations
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        for (int i = 0; i < steps; ++i)
            once();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // CPU time shows what the threads did on a machine shared with other work.
        const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        std::printf("%-4s: %8.0f tokens/s  (%.3f s per step of %lld tokens, %.3f CPU s per step, %lld trainable parameters)\n",
                    method == train::TrainMethod::Full ? "full" : "lora", double(b.size()) * steps / s, s / steps,
                    (long long)b.size(), cpu / steps, (long long)m.trainableParameterCount());
    }
    std::filesystem::remove(path);
    return 0;
}
