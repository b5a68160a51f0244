// libFuzzer target for the GGUF reader (and what reads a parsed file: the vocabulary and the
// tokenizers). Built by tests/scripts/test_fuzz_gguf.sh with clang++ -fsanitize=fuzzer,address;
// not part of the main (g++) build. Any input must end in success or GgufError/TokenizerError:
// a crash, a sanitizer report, a leak or a huge allocation is a bug.

#include "core/engine/GgufFile.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Vocab.h"

#include <cstddef>
#include <cstdint>

using namespace triad::engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::unique_ptr<GgufFile> file;
    try {
        file = GgufFile::openMemory({data, size}, "fuzz.gguf");
    } catch (const GgufError&) {
        return 0;
    }
    // Touch everything the parser promised is inside the buffer.
    volatile uint8_t sink = 0;
    for (const GgufTensorInfo& t : file->tensors()) {
        if (t.byteSize > 0)
            sink = sink ^ t.data[0] ^ t.data[t.byteSize - 1];
    }
    for (const GgufKeyValue& kv : file->metadata()) {
        (void)kv.value.describe();
        (void)kv.value.toIntArray();
        (void)kv.value.toFloatArray();
    }
    (void)sink;
    try {
        const auto tokenizer = Tokenizer::create(Vocab::load(*file));
        const std::vector<TokenId> ids =
            tokenizer->tokenize("Hello world! 123 'll <s> \xF0\x9F\x99\x82 \xC3", {.addSpecial = true, .parseSpecial = true});
        (void)tokenizer->detokenize(ids, true);
    } catch (const GgufError&) {
    } catch (const TokenizerError&) {
    }
    return 0;
}
