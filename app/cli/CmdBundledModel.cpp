// triad-cli bundled-model build --out PATH [--steps N] [--batch B] [--lr X] [--threads N] [--seed S]
//                                [--dim D] [--layers L] [--heads H] [--kv-heads K] [--ffn F] [--merges M]
//                                [--type Q8_0|F32] [--uniform-tasks] [--checkpoint FILE [--checkpoint-every N]]
//                                [--snapshot-every N]
// triad-cli bundled-model eval --model-file PATH [--adapter A.gguf] [--per-task N] [--seed S] [--threads N] [--tasks A,B] [--json]
// triad-cli bundled-model corpus --out-train FILE --out-held-out FILE [--per-task N] [--held-out-per-task N] [--seed S]
// triad-cli bundled-model sample-sft --task ticket_routing --out FILE [--count N] [--seed S]
//
// `build` reproduces resources/models/triad-mini.gguf: synthetic corpus, BPE vocabulary,
// random init, full training with core/train's Trainer, Q8_0 output (core/train/corpus).
// Progress is one JSON object per line on stdout. `eval` prints exact-match rates per task on
// held-out prompts (greedy, ChatML). `corpus` and `sample-sft` write SFT chat JSONL.
// Exit 2: bad arguments; 1: a file or training error.

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/LoraAdapter.h"
#include "core/engine/Model.h"
#include "core/train/corpus/BundledModelBuilder.h"
#include "core/train/corpus/BundledModelEvaluator.h"
#include "core/train/corpus/CorpusGenerator.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iomanip>
#include <iostream>

namespace {

using namespace triad;
using namespace triad::train::corpus;
using json = nlohmann::ordered_json;

constexpr const char* kUsage =
    "usage: triad-cli bundled-model build --out PATH [--steps N] [--batch B] [--lr X] [--threads N] [--seed S]\n"
    "                                     [--dim D] [--layers L] [--heads H] [--kv-heads K] [--ffn F] [--merges M]\n"
    "                                     [--context N] [--type Q8_0|F32] [--uniform-tasks] [--prompt-loss W]\n"
    "                                     [--checkpoint FILE [--checkpoint-every N]] [--snapshot-every N]\n"
    "       triad-cli bundled-model eval --model-file PATH [--adapter A.gguf] [--per-task N] [--seed S] [--threads N]\n"
    "                                    [--tasks NAME,NAME…] [--json]\n"
    "       triad-cli bundled-model corpus --out-train FILE --out-held-out FILE [--per-task N]\n"
    "                                      [--held-out-per-task N] [--seed S]\n"
    "       triad-cli bundled-model sample-sft --out FILE [--task ticket_routing|roman_numerals] [--count N] [--seed S]\n";

std::atomic<bool> g_stop{false};

extern "C" void onBundledModelStopSignal(int)
{
    g_stop.store(true);
}

void emit(const json& j)
{
    std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
}

/** An optional integer option within [min, max]; false (with a message) when invalid. */
template <class T>
bool integer(cli::ArgParser& p, const char* name, long long min, long long max, T& out)
{
    if (!p.has(name))
        return true;
    long long v = 0;
    if (!p.intValue(name, v) || v < min || v > max) {
        std::cerr << "bundled-model: " << name << " must be a whole number from " << min << " to " << max << "\n";
        return false;
    }
    out = T(v);
    return true;
}

bool parse(cli::ArgParser& p, const std::vector<std::string>& args)
{
    if (p.parse(args))
        return true;
    std::cerr << "bundled-model: " << p.error() << "\n" << kUsage;
    return false;
}

int runBuild(const std::vector<std::string>& args)
{
    cli::ArgParser p;
    for (const char* o : {"--out", "--steps", "--batch", "--lr", "--threads", "--seed", "--dim", "--layers", "--heads",
                          "--kv-heads", "--ffn", "--merges", "--context", "--type", "--checkpoint",
                          "--checkpoint-every", "--snapshot-every", "--prompt-loss"})
        p.option(o);
    p.flag("--uniform-tasks");
    if (!parse(p, args))
        return 2;
    BundledModelParams bp;
    bp.outPath = p.value("--out").value_or("");
    if (bp.outPath.empty()) {
        std::cerr << "bundled-model build: --out is required\n" << kUsage;
        return 2;
    }
    double lr = bp.learningRate;
    if (p.has("--lr") && (!p.doubleValue("--lr", lr) || !(lr > 0.0 && lr < 1.0))) {
        std::cerr << "bundled-model build: --lr must be a number between 0 and 1\n";
        return 2;
    }
    bp.learningRate = float(lr);
    double promptLoss = bp.promptLossWeight;
    if (p.has("--prompt-loss") && (!p.doubleValue("--prompt-loss", promptLoss) || !(promptLoss >= 0.0 && promptLoss <= 1.0))) {
        std::cerr << "bundled-model build: --prompt-loss must be a number from 0 to 1\n";
        return 2;
    }
    bp.promptLossWeight = float(promptLoss);
    ModelShape& s = bp.shape;
    if (!integer(p, "--steps", 1, 10000000, bp.steps) || !integer(p, "--batch", 1, 4096, bp.batchSize) ||
        !integer(p, "--threads", 1, 1024, bp.threadCount) || !integer(p, "--seed", 0, 1LL << 62, bp.seed) ||
        !integer(p, "--dim", 32, 8192, s.dim) || !integer(p, "--layers", 1, 256, s.layers) ||
        !integer(p, "--heads", 1, 256, s.heads) || !integer(p, "--kv-heads", 1, 256, s.kvHeads) ||
        !integer(p, "--ffn", 32, 65536, s.ffn) || !integer(p, "--merges", 0, 100000, bp.maxMerges) ||
        !integer(p, "--context", 16, 1 << 20, s.context) ||
        !integer(p, "--checkpoint-every", 1, 10000000, bp.checkpointEverySteps) ||
        !integer(p, "--snapshot-every", 1, 10000000, bp.snapshotEverySteps))
        return 2;
    bp.checkpointPath = p.value("--checkpoint").value_or("");
    bp.weightHardTasks = !p.has("--uniform-tasks");
    const std::string type = p.value("--type").value_or("Q8_0");
    if (type != "Q8_0" && type != "F32") {
        std::cerr << "bundled-model build: --type must be Q8_0 or F32, got '" << type << "'\n";
        return 2;
    }
    bp.matrixType = type == "F32" ? engine::GgmlType::F32 : engine::GgmlType::Q8_0;
    if (const std::string problem = s.problem(); !problem.empty()) {
        std::cerr << "bundled-model build: bad shape: " << problem << "\n";
        return 2;
    }

    std::signal(SIGTERM, onBundledModelStopSignal);
    std::signal(SIGINT, onBundledModelStopSignal);
    try {
        const bool written = BundledModelBuilder(bp).build(
            [](const BuildEvent& e) {
                json j{{"event", e.phase}};
                if (e.phase == "vocab")
                    j["vocab_size"] = e.vocabSize;
                else if (e.phase == "corpus")
                    j.update({{"examples", e.examples}, {"tokens", e.tokens}, {"trained_tokens", e.trainedTokens}});
                else if (e.phase == "init")
                    j["parameters"] = e.parameters;
                else if (e.phase == "done")
                    j["out"] = e.path;
                else if (e.phase == "resumed")
                    j.update({{"checkpoint", e.path}, {"step", e.step}});
                else if (e.phase == "snapshot")
                    j.update({{"out", e.path}, {"step", e.step}});
                else if (e.progress) {
                    const train::TrainProgress& pr = *e.progress;
                    j.update({{"step", pr.step},
                              {"total_steps", pr.totalSteps},
                              {"loss", pr.loss},
                              {"val_loss", pr.validationLoss ? json(*pr.validationLoss) : json(nullptr)},
                              {"lr", pr.learningRate},
                              {"tokens_per_s", pr.tokensPerS},
                              {"elapsed_s", pr.elapsedS},
                              {"eta_s", pr.etaS}});
                }
                emit(j);
                return true;
            },
            &g_stop);
        if (!written) {
            emit({{"event", "stopped"}});
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bundled-model build: " << e.what() << "\n";
        return 1;
    }
}

int runEval(const std::vector<std::string>& args)
{
    cli::ArgParser p;
    p.option("--model-file").option("--adapter").option("--per-task").option("--seed").option("--threads").option("--tasks").flag("--json");
    if (!parse(p, args))
        return 2;
    int perTask = 50, threads = 0;
    uint64_t seed = 1;
    if (!p.has("--model-file")) {
        std::cerr << "bundled-model eval: --model-file is required\n" << kUsage;
        return 2;
    }
    if (!integer(p, "--per-task", 1, 100000, perTask) || !integer(p, "--seed", 0, 1LL << 62, seed) ||
        !integer(p, "--threads", 1, 1024, threads))
        return 2;
    std::vector<Task> tasks;
    if (const auto list = p.value("--tasks")) {
        std::string_view rest = *list;
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            const std::string_view name = rest.substr(0, comma);
            const auto t = taskFromName(name);
            if (!t) {
                std::cerr << "bundled-model eval: unknown task '" << name << "'\n";
                return 2;
            }
            tasks.push_back(*t);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    try {
        const auto model = engine::Model::load(*p.value("--model-file"));
        std::shared_ptr<const engine::LoraAdapter> adapter;
        if (const auto path = p.value("--adapter"))
            adapter = engine::LoraAdapter::load(*path, model->file());
        const EvalReport r = evaluateHeldOut(*model, perTask, seed, threads, tasks, adapter);
        if (p.has("--json")) {
            json tasks = json::object();
            for (const TaskScore& t : r.tasks) {
                json misses = json::array();
                for (const auto& [e, answer] : t.misses)
                    misses.push_back({{"prompt", e.user}, {"expected", e.assistant}, {"got", answer}});
                tasks[taskName(t.task)] = {{"correct", t.correct}, {"total", t.total}, {"rate", t.rate()}, {"misses", misses}};
            }
            emit({{"model", *p.value("--model-file")},
                  {"tasks", tasks},
                  {"overall", {{"correct", r.correct()}, {"total", r.total()}, {"rate", r.rate()}}}});
        } else {
            for (const TaskScore& t : r.tasks)
                std::cout << std::left << std::setw(18) << taskName(t.task) << t.correct << "/" << t.total << "  "
                          << std::fixed << std::setprecision(1) << 100.0 * t.rate() << "%\n";
            std::cout << std::left << std::setw(18) << "overall" << r.correct() << "/" << r.total() << "  " << std::fixed
                      << std::setprecision(1) << 100.0 * r.rate() << "%\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bundled-model eval: " << e.what() << "\n";
        return 1;
    }
}

bool writeJsonl(const std::string& path, const std::vector<CorpusExample>& examples)
{
    std::ofstream out(path, std::ios::binary);
    for (const CorpusExample& e : examples)
        out << toSftJsonLine(e) << "\n";
    out.close();
    if (!out) {
        std::cerr << "bundled-model: cannot write " << path << "\n";
        return false;
    }
    return true;
}

int runCorpus(const std::vector<std::string>& args)
{
    cli::ArgParser p;
    p.option("--out-train").option("--out-held-out").option("--per-task").option("--held-out-per-task").option("--seed");
    if (!parse(p, args))
        return 2;
    if (!p.has("--out-train") || !p.has("--out-held-out")) {
        std::cerr << "bundled-model corpus: --out-train and --out-held-out are required\n" << kUsage;
        return 2;
    }
    int perTask = 1000, heldOut = 50;
    uint64_t seed = 1;
    if (!integer(p, "--per-task", 0, 10000000, perTask) || !integer(p, "--held-out-per-task", 0, 100000, heldOut) ||
        !integer(p, "--seed", 0, 1LL << 62, seed))
        return 2;
    const CorpusSplit split = makeCorpusSplit(bundledTasks(), perTask, heldOut, seed);
    return writeJsonl(*p.value("--out-train"), split.train) && writeJsonl(*p.value("--out-held-out"), split.heldOut) ? 0 : 1;
}

int runSampleSft(const std::vector<std::string>& args)
{
    cli::ArgParser p;
    p.option("--out").option("--task").option("--count").option("--seed");
    if (!parse(p, args))
        return 2;
    if (!p.has("--out")) {
        std::cerr << "bundled-model sample-sft: --out is required\n" << kUsage;
        return 2;
    }
    const std::string name = p.value("--task").value_or("ticket_routing");
    const auto task = taskFromName(name);
    if (!task) {
        std::cerr << "bundled-model sample-sft: unknown task '" << name << "'\n";
        return 2;
    }
    int count = 500;
    uint64_t seed = 1;
    if (!integer(p, "--count", 1, 10000000, count) || !integer(p, "--seed", 0, 1LL << 62, seed))
        return 2;
    // Held-out prompts are left out, so `eval --tasks` measures the fine-tune on prompts it
    // never saw.
    CorpusGenerator gen(seed);
    std::vector<CorpusExample> examples;
    while (int(examples.size()) < count)
        if (CorpusExample e = gen.next(*task); !isHeldOutPrompt(e.user))
            examples.push_back(std::move(e));
    return writeJsonl(*p.value("--out"), examples) ? 0 : 1;
}

int runBundledModel(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "--help") {
        std::cerr << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "build")
        return runBuild(rest);
    if (args[0] == "eval")
        return runEval(rest);
    if (args[0] == "corpus")
        return runCorpus(rest);
    if (args[0] == "sample-sft")
        return runSampleSft(rest);
    std::cerr << "bundled-model: unknown subcommand '" << args[0] << "'\n" << kUsage;
    return 2;
}

cli::Registrar reg{"bundled-model", "build or evaluate Triad's bundled model (synthetic corpus, from scratch)",
                   runBundledModel};

} // namespace
