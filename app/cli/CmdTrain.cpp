// triad-cli train --base PATH --data FILE [--validation FILE | --val-split F] --method lora|full
//                 [--rank R] [--alpha A] [--dropout P] [--lora-ffn] [--lora-output] [--epochs N] [--lr X]
//                 [--batch B] [--grad-accum N] [--warmup F] [--weight-decay W] [--clip C]
//                 [--max-length N] [--seed S] [--threads N] [--merged]
//                 [--checkpoint PATH] [--checkpoint-every N] [--resume PATH] --out OUT.gguf
//
// Fine-tunes a llama/qwen2 GGUF model on SFT JSONL data (core/train). stdout carries one JSON
// object per line, each with an "event":
//   {"event":"data", examples, validation_examples, truncated, skipped, tokens, trained_tokens,
//    trainable_parameters, total_steps, method}
//   {"event":"step", step, total_steps, epoch, loss, val_loss, lr, grad_norm, tokens_per_s,
//    elapsed_s, eta_s}                                  (val_loss is null between validations)
//   {"event":"done", out, steps}   or   {"event":"stopped", checkpoint, step}
// Output: --method lora writes a LoRA adapter in llama.cpp's format (or, with --merged, the
// base with the adapter merged in); --method full writes the whole model. SIGTERM or SIGINT
// stops after the current update, writes a checkpoint (--checkpoint, default OUT.ckpt) and
// exits 0; --resume continues from one with the same data and settings. Exit 2: bad
// arguments; 1: a file or training error (the message names it on stderr).

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/Model.h"
#include "core/train/ExampleRenderer.h"
#include "core/train/ModelExport.h"
#include "core/train/SftDataset.h"
#include "core/train/TrainableModel.h"
#include "core/train/Trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

namespace {

using namespace triad;
// Ordered: a person reading the lines sees "event" and "step" first.
using json = nlohmann::ordered_json;

constexpr const char* kUsage =
    "usage: triad-cli train --base PATH --data FILE [--validation FILE | --val-split F] --method lora|full\n"
    "                       [--rank R] [--alpha A] [--dropout P] [--lora-ffn] [--lora-output] [--epochs N] [--lr X]\n"
    "                       [--batch B] [--grad-accum N] [--warmup F] [--weight-decay W] [--clip C]\n"
    "                       [--max-length N] [--seed S] [--threads N] [--merged]\n"
    "                       [--checkpoint PATH] [--checkpoint-every N] [--resume PATH] --out OUT.gguf\n";

std::atomic<bool> g_stop{false};

extern "C" void onStopSignal(int)
{
    g_stop.store(true);
}

void emit(const json& j)
{
    std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
}

/** Reads an optional number option within [min, max]; false (with a message) when invalid. */
template <class T>
bool number(cli::ArgParser& p, const char* name, double min, double max, T& out)
{
    if (!p.has(name))
        return true;
    double v = 0.0;
    if (!p.doubleValue(name, v) || !(v >= min && v <= max)) {
        std::cerr << "train: " << name << " must be a number from " << min << " to " << max << "\n";
        return false;
    }
    out = T(v);
    return true;
}

int runTrain(const std::vector<std::string>& args)
{
    cli::ArgParser p;
    for (const char* o : {"--base", "--data", "--validation", "--val-split", "--method", "--rank", "--alpha", "--dropout",
                          "--epochs", "--lr", "--batch", "--grad-accum", "--warmup", "--weight-decay", "--clip",
                          "--max-length", "--seed", "--threads", "--checkpoint", "--checkpoint-every", "--resume", "--out"})
        p.option(o);
    p.flag("--lora-ffn").flag("--lora-output").flag("--merged");
    if (!p.parse(args)) {
        std::cerr << "train: " << p.error() << "\n" << kUsage;
        return 2;
    }
    for (const char* required : {"--base", "--data", "--method", "--out"})
        if (!p.has(required)) {
            std::cerr << "train: " << required << " is required\n" << kUsage;
            return 2;
        }
    const std::string method = *p.value("--method");
    if (method != "lora" && method != "full") {
        std::cerr << "train: --method must be lora or full, got '" << method << "'\n";
        return 2;
    }
    if (p.has("--validation") && p.has("--val-split")) {
        std::cerr << "train: give --validation or --val-split, not both\n";
        return 2;
    }

    train::TrainableModelParams mp;
    mp.method = method == "lora" ? train::TrainMethod::Lora : train::TrainMethod::Full;
    train::TrainerParams tp;
    tp.learningRate = method == "lora" ? 1e-3f : 1e-4f;
    double valSplit = 0.0;
    int64_t maxLength = 0, checkpointEvery = 0;
    unsigned hw = std::thread::hardware_concurrency();
    mp.threadCount = hw == 0 ? 1 : int(hw);
    if (!number(p, "--rank", 1, 4096, mp.lora.rank) || !number(p, "--alpha", 0, 1e6, mp.lora.alpha) ||
        !number(p, "--dropout", 0, 0.9, mp.lora.dropout) || !number(p, "--epochs", 1, 1e6, tp.epochs) ||
        !number(p, "--lr", 1e-9, 10, tp.learningRate) || !number(p, "--batch", 1, 1e5, tp.batchSize) ||
        !number(p, "--grad-accum", 1, 1e5, tp.gradientAccumulation) || !number(p, "--warmup", 0, 1, tp.warmupFraction) ||
        !number(p, "--weight-decay", 0, 10, tp.optimizer.weightDecay) || !number(p, "--clip", 0, 1e6, tp.optimizer.clipNorm) ||
        !number(p, "--max-length", 2, 1 << 20, maxLength) || !number(p, "--seed", 0, 9e15, tp.seed) ||
        !number(p, "--threads", 1, 1024, mp.threadCount) || !number(p, "--val-split", 0, 0.9, valSplit) ||
        !number(p, "--checkpoint-every", 0, 1e9, checkpointEvery))
        return 2;
    if (!p.has("--alpha"))
        mp.lora.alpha = float(2 * mp.lora.rank);
    mp.lora.ffn = p.has("--lora-ffn");
    mp.lora.output = p.has("--lora-output");
    mp.seed = tp.seed;
    const std::string out = *p.value("--out");
    const std::string checkpoint = p.value("--checkpoint").value_or(out + ".ckpt");

    try {
        const auto base = engine::Model::load(*p.value("--base"));
        if (maxLength == 0)
            maxLength = std::min<int64_t>(base->config().contextLengthTrain, 1024);
        train::SftDataset data = train::SftDataset::load(*p.value("--data"));
        train::SftDataset validation;
        if (p.has("--validation"))
            validation = train::SftDataset::load(*p.value("--validation"));
        else if (valSplit > 0.0)
            std::tie(data, validation) = data.split(valSplit, tp.seed);

        const train::ExampleRenderer renderer(base->tokenizer(), base->chatTemplate(), maxLength);
        train::RenderStats stats, valStats;
        std::vector<train::RenderedExample> trainSet = renderer.renderAll(data, stats);
        std::vector<train::RenderedExample> valSet = renderer.renderAll(validation, valStats);
        if (stats.truncated + valStats.truncated > 0)
            std::cerr << "train: " << (stats.truncated + valStats.truncated) << " example(s) longer than " << maxLength
                      << " tokens were truncated; " << (stats.skipped + valStats.skipped)
                      << " had nothing left to train on and were skipped\n";
        if (trainSet.empty()) {
            std::cerr << "train: no example has tokens to train on after rendering\n";
            return 1;
        }

        train::TrainableModel model(base->config(), base->weights(), mp);
        train::Trainer trainer(model, std::move(trainSet), std::move(valSet), tp);
        if (p.has("--resume"))
            trainer.loadCheckpoint(*p.value("--resume"));
        emit({{"event", "data"},
              {"examples", stats.examples},
              {"validation_examples", valStats.examples},
              {"truncated", stats.truncated + valStats.truncated},
              {"skipped", stats.skipped + valStats.skipped},
              {"tokens", stats.tokens},
              {"trained_tokens", stats.trainedTokens},
              {"trainable_parameters", model.trainableParameterCount()},
              {"total_steps", trainer.totalSteps()},
              {"start_step", trainer.step()},
              {"method", method}});

        std::signal(SIGTERM, onStopSignal);
        std::signal(SIGINT, onStopSignal);
        const bool finished = trainer.run(
            [&](const train::TrainProgress& pr) {
                emit({{"event", "step"},
                      {"step", pr.step},
                      {"total_steps", pr.totalSteps},
                      {"epoch", pr.epoch},
                      {"loss", pr.loss},
                      {"val_loss", pr.validationLoss ? json(*pr.validationLoss) : json(nullptr)},
                      {"lr", pr.learningRate},
                      {"grad_norm", pr.gradientNorm},
                      {"tokens_per_s", pr.tokensPerS},
                      {"elapsed_s", pr.elapsedS},
                      {"eta_s", pr.etaS}});
                if (checkpointEvery > 0 && pr.step % checkpointEvery == 0 && pr.step < pr.totalSteps)
                    trainer.saveCheckpoint(checkpoint);
                return true;
            },
            &g_stop);
        if (!finished) {
            trainer.saveCheckpoint(checkpoint);
            emit({{"event", "stopped"}, {"checkpoint", checkpoint}, {"step", trainer.step()}});
            return 0;
        }
        if (mp.method == train::TrainMethod::Lora && !p.has("--merged"))
            train::writeLoraAdapter(model, base->file(), out);
        else
            train::writeMergedModel(model, base->file(), out);
        emit({{"event", "done"}, {"out", out}, {"steps", trainer.step()}});
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "train: " << e.what() << "\n";
        return 1;
    }
}

cli::Registrar reg{"train", "fine-tune a local model (LoRA or full) on SFT JSONL data", runTrain};

} // namespace
