// triad-cli dataset import   --workspace FILE --name NAME [--format auto|chat|prompt-completion|preference]
//                            [--csv-user COL --csv-assistant COL [--csv-system COL] [--csv-metadata COL]...]
//                            INPUT.jsonl|INPUT.csv
// triad-cli dataset export   --workspace FILE --name NAME [--status accepted|all|pending|rejected|skipped]
//                            [--format sft|preference] [--no-metadata]
//                            [--validation-output FILE --validation-fraction F --seed N] OUTPUT.jsonl
// triad-cli dataset stats    --workspace FILE --name NAME --json
// triad-cli dataset validate --workspace FILE --name NAME [--status ...] [--context N]
//
// Contract (other tools parse it; keep the keys stable):
//   import prints one JSON object: {"dataset","source","lines","imported","duplicates",
//     "rejected","rejected_lines":[{"line","reason"}],"blank_lines","cancelled"}
//   export prints {"dataset","output","written","skipped"} (+ "train","validation" when split)
//   stats --json prints {"dataset","examples","by_status":{},"by_label":{},"by_rating":{},
//     "rejected_lines","token_histogram":[{"min_tokens","max_tokens","count"}]}
// Exit code: 0 success (import: even with rejected lines), 1 failure, 2 bad arguments.

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ArgParser.h"
#include "Command.h"
#include "core/datasets/DatasetExporter.h"
#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace {

using namespace triad;
using nlohmann::json;

constexpr const char* kUsage =
    "usage: triad-cli dataset import --workspace FILE --name NAME [--format auto|chat|prompt-completion|preference]\n"
    "                                [--csv-user COL --csv-assistant COL [--csv-system COL] [--csv-metadata COL]]\n"
    "                                INPUT.jsonl|INPUT.csv\n"
    "       triad-cli dataset export --workspace FILE --name NAME [--status accepted|all|pending|rejected|skipped]\n"
    "                                [--format sft|preference] [--no-metadata]\n"
    "                                [--validation-output FILE --validation-fraction F --seed N] OUTPUT.jsonl\n"
    "       triad-cli dataset stats --workspace FILE --name NAME --json\n"
    "       triad-cli dataset validate --workspace FILE --name NAME [--status S] [--context TOKENS]\n";

std::atomic<bool> g_cancel{false};

extern "C" void onDatasetInterrupt(int)
{
    g_cancel = true;
}

int usageError(const std::string& message)
{
    std::cerr << "triad-cli dataset: " << message << "\n" << kUsage;
    return 2;
}

/** --status: "all" = nullopt; returns false for an unknown name. */
bool parseStatus(const cli::ArgParser& args, const char* fallback, std::optional<datasets::ExampleStatus>& out)
{
    std::string name = args.value("--status").value_or(fallback);
    if (name == "all") {
        out.reset();
        return true;
    }
    out = datasets::exampleStatusFromName(name);
    return out.has_value();
}

int64_t existingDataset(datasets::DatasetRepository& repo, const std::string& name, const std::string& workspace)
{
    auto info = repo.find(name);
    if (!info)
        throw store::StoreError(store::StoreErrorKind::NotFound,
                                "The workspace " + workspace + " has no dataset named '" + name + "'");
    return info->id;
}

int runImport(cli::ArgParser& args, store::Workspace& ws, const std::string& name)
{
    if (args.positionals().size() != 2)
        return usageError("import needs exactly one INPUT file");
    const std::string input = args.positionals()[1];
    datasets::ImportOptions options;
    if (auto format = args.value("--format")) {
        auto f = datasets::lineFormatFromName(*format);
        if (!f)
            return usageError("unknown --format '" + *format + "' (auto, chat, prompt-completion, preference)");
        options.lineFormat = *f;
    }
    if (args.has("--csv-user") || args.has("--csv-assistant")) {
        datasets::CsvMapping mapping;
        mapping.userColumn = args.value("--csv-user").value_or("");
        mapping.assistantColumn = args.value("--csv-assistant").value_or("");
        mapping.systemColumn = args.value("--csv-system").value_or("");
        mapping.metadataColumns = args.values("--csv-metadata");
        options.csv = mapping;
    }
    options.cancel = &g_cancel;
    std::signal(SIGINT, onDatasetInterrupt);

    datasets::DatasetRepository repo(ws);
    const int64_t id = repo.ensure(name);
    datasets::DatasetImporter importer(ws);
    datasets::ImportSummary s = importer.importFile(id, input, options);
    json rejected = json::array();
    for (const auto& r : s.rejectedLines)
        rejected.push_back({{"line", r.lineNumber}, {"reason", r.reason}});
    json out = {{"dataset", name},          {"source", input},        {"lines", s.lines},
                {"imported", s.imported},   {"duplicates", s.duplicates}, {"rejected", s.rejected},
                {"rejected_lines", rejected}, {"blank_lines", s.blankLines}, {"cancelled", s.cancelled}};
    std::cout << datasets::dumpJson(out) << std::endl;
    return s.cancelled ? 1 : 0;
}

int runExport(cli::ArgParser& args, store::Workspace& ws, const std::string& name)
{
    if (args.positionals().size() != 2)
        return usageError("export needs exactly one OUTPUT file");
    datasets::ExportOptions options;
    if (!parseStatus(args, "accepted", options.status))
        return usageError("unknown --status '" + *args.value("--status") + "'");
    std::string format = args.value("--format").value_or("sft");
    if (format == "sft")
        options.format = datasets::ExportFormat::Sft;
    else if (format == "preference")
        options.format = datasets::ExportFormat::Preference;
    else
        return usageError("unknown --format '" + format + "' (sft or preference)");
    options.includeMetadata = !args.has("--no-metadata");

    datasets::DatasetRepository repo(ws);
    const int64_t id = existingDataset(repo, name, ws.path());
    datasets::DatasetExporter exporter(ws);
    const std::string output = args.positionals()[1];
    json out = {{"dataset", name}, {"output", output}};
    if (auto validation = args.value("--validation-output")) {
        double fraction = 0.1;
        long long seed = 0;
        if (args.has("--validation-fraction") && !args.doubleValue("--validation-fraction", fraction))
            return usageError(args.error());
        if (args.has("--seed") && !args.intValue("--seed", seed))
            return usageError(args.error());
        auto s = exporter.exportSplit(id, output, *validation, fraction, uint64_t(seed), options);
        out.update({{"written", s.written}, {"skipped", s.skipped}, {"train", s.trainWritten},
                    {"validation", s.validationWritten}, {"validation_output", *validation}});
    } else {
        auto s = exporter.exportFile(id, output, options);
        out.update({{"written", s.written}, {"skipped", s.skipped}});
    }
    std::cout << datasets::dumpJson(out) << std::endl;
    return 0;
}

int runStats(cli::ArgParser& args, store::Workspace& ws, const std::string& name)
{
    datasets::DatasetRepository repo(ws);
    datasets::DatasetStats s = repo.stats(existingDataset(repo, name, ws.path()));
    json histogram = json::array();
    for (const auto& b : s.tokenHistogram)
        histogram.push_back({{"min_tokens", b.minTokens}, {"max_tokens", b.maxTokens}, {"count", b.count}});
    json byRating = json::object();
    for (const auto& [rating, count] : s.byRating)
        byRating[std::to_string(rating)] = count;
    json out = {{"dataset", name},           {"examples", s.examples},       {"by_status", s.byStatus},
                {"by_label", s.byLabel},     {"by_rating", byRating},        {"rejected_lines", s.rejectedLines},
                {"token_histogram", histogram}};
    if (args.has("--json")) {
        std::cout << datasets::dumpJson(out) << std::endl;
        return 0;
    }
    std::cout << name << ": " << s.examples << " examples\n";
    for (const auto& [status, count] : s.byStatus)
        std::cout << "  " << status << ": " << count << "\n";
    for (const auto& [label, count] : s.byLabel)
        std::cout << "  label " << label << ": " << count << "\n";
    for (const auto& b : s.tokenHistogram)
        std::cout << "  tokens [" << b.minTokens << ", " << b.maxTokens << "): " << b.count << "\n";
    return 0;
}

int runValidate(cli::ArgParser& args, store::Workspace& ws, const std::string& name)
{
    datasets::ValidationOptions options;
    if (!parseStatus(args, "accepted", options.status))
        return usageError("unknown --status '" + *args.value("--status") + "'");
    long long context = 0;
    if (args.has("--context") && !args.intValue("--context", context))
        return usageError(args.error());
    options.contextTokens = context;
    datasets::DatasetRepository repo(ws);
    datasets::DatasetExporter exporter(ws);
    datasets::ValidationReport r = exporter.validate(existingDataset(repo, name, ws.path()), options);
    json issues = json::array();
    for (const auto& i : r.issues)
        issues.push_back({{"example_id", i.exampleId}, {"kind", datasets::validationIssueKindName(i.kind)},
                          {"message", i.message}});
    json out = {{"dataset", name}, {"checked", r.checked}, {"examples_with_issues", r.examplesWithIssues},
                {"counts", r.countsByKind}, {"max_tokens", r.maxTokens}, {"total_tokens", r.totalTokens},
                {"tokens_estimated", r.tokensEstimated}, {"issues", issues}};
    std::cout << datasets::dumpJson(out) << std::endl;
    return r.examplesWithIssues == 0 ? 0 : 1;
}

int runDataset(const std::vector<std::string>& argv)
{
    cli::ArgParser args;
    args.option("--workspace").option("--name").option("--format").option("--status").option("--csv-user")
        .option("--csv-assistant").option("--csv-system").option("--csv-metadata").option("--validation-output")
        .option("--validation-fraction").option("--seed").option("--context").flag("--json").flag("--no-metadata");
    if (!args.parse(argv))
        return usageError(args.error());
    if (args.positionals().empty())
        return usageError("missing subcommand (import, export, stats, validate)");
    const std::string sub = args.positionals()[0];
    auto workspace = args.value("--workspace");
    auto name = args.value("--name");
    if (!workspace || !name)
        return usageError(sub + " needs --workspace FILE and --name NAME");
    try {
        auto ws = store::Workspace::open(*workspace);
        if (sub == "import")
            return runImport(args, *ws, *name);
        if (sub == "export")
            return runExport(args, *ws, *name);
        if (sub == "stats")
            return runStats(args, *ws, *name);
        if (sub == "validate")
            return runValidate(args, *ws, *name);
        return usageError("unknown subcommand '" + sub + "' (import, export, stats, validate)");
    } catch (const store::StoreError& e) {
        std::cerr << "triad-cli dataset " << sub << ": " << e.what() << "\n";
        return 1;
    }
}

triad::cli::Registrar reg{"dataset", "import, export and inspect labeled fine-tuning datasets", runDataset};

} // namespace
