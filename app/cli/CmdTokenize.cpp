// triad-cli tokenize --model-file PATH [--no-bos] [--parse-special] TEXT
// Prints the token ids of TEXT, space-separated, on one line. Works on vocabulary-only GGUF
// files (no tensors), which is how the tokenizer vectors are shipped.

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/GgufFile.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Vocab.h"

#include <iostream>

namespace {

constexpr const char* kUsage =
    "usage: triad-cli tokenize --model-file PATH [--no-bos] [--parse-special] TEXT\n"
    "  --no-bos         do not add BOS/EOS even when the vocabulary asks for them\n"
    "  --parse-special  read the text of control tokens (e.g. <|im_start|>) as those tokens\n";

int runTokenize(const std::vector<std::string>& args)
{
    triad::cli::ArgParser parser;
    parser.option("--model-file").flag("--no-bos").flag("--parse-special").flag("--help");
    if (!parser.parse(args)) {
        std::cerr << "tokenize: " << parser.error() << "\n" << kUsage;
        return 2;
    }
    if (parser.has("--help")) {
        std::cout << kUsage;
        return 0;
    }
    const std::optional<std::string> modelFile = parser.value("--model-file");
    if (!modelFile) {
        std::cerr << "tokenize: --model-file is required\n" << kUsage;
        return 2;
    }
    if (parser.positionals().empty()) {
        std::cerr << "tokenize: no TEXT given\n" << kUsage;
        return 2;
    }
    // Several positionals are one text, as a person typing unquoted words means.
    std::string text;
    for (const std::string& p : parser.positionals()) {
        if (!text.empty())
            text += ' ';
        text += p;
    }

    try {
        const auto gguf = triad::engine::GgufFile::open(*modelFile);
        const auto tokenizer = triad::engine::Tokenizer::create(triad::engine::Vocab::load(*gguf));
        triad::engine::TokenizeOptions options;
        options.addSpecial = !parser.has("--no-bos");
        options.parseSpecial = parser.has("--parse-special");
        const std::vector<triad::engine::TokenId> ids = tokenizer->tokenize(text, options);
        std::string line;
        for (triad::engine::TokenId id : ids) {
            if (!line.empty())
                line += ' ';
            line += std::to_string(id);
        }
        std::cout << line << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tokenize: " << e.what() << "\n";
        return 1;
    }
}

triad::cli::Registrar registrar{"tokenize", "print the token ids of a text for a GGUF model or vocabulary",
                                runTokenize};

} // namespace
