// triad-cli quantize IN OUT TYPE
// Rewrites a GGUF model with its matrices in TYPE (Q8_0, Q4_0, Q4_K_M, F16, ...; the mixes
// follow llama-quantize, see quantTypeForTensor). Metadata is copied; 1-D tensors stay F32.
// One tensor is held in memory at a time.

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/Dequantize.h"
#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Model.h"
#include "core/engine/Quantize.h"

#include <cstring>
#include <iostream>
#include <map>

namespace {

using namespace triad::engine;

constexpr const char* kUsage = "usage: triad-cli quantize IN OUT TYPE\n";

int64_t llamaFileType(QuantScheme s)
{
    static const std::map<QuantScheme, int64_t> ids{
        {QuantScheme::F32, 0},    {QuantScheme::F16, 1},     {QuantScheme::Q4_0, 2},    {QuantScheme::Q4_1, 3},
        {QuantScheme::Q8_0, 7},   {QuantScheme::Q5_0, 8},    {QuantScheme::Q5_1, 9},    {QuantScheme::Q4_K_S, 14},
        {QuantScheme::Q4_K_M, 15}, {QuantScheme::Q5_K_M, 17}, {QuantScheme::Q6_K, 18},  {QuantScheme::BF16, 32},
    };
    return ids.at(s);
}

int runQuantize(const std::vector<std::string>& args)
{
    if (args.size() != 3) {
        std::cerr << kUsage << "  TYPE: " << quantSchemeNames() << "\n";
        return 2;
    }
    const std::string& in = args[0];
    const std::string& out = args[1];
    const auto scheme = quantSchemeFromName(args[2]);
    if (!scheme) {
        std::cerr << "quantize: unknown TYPE '" << args[2] << "'; one of " << quantSchemeNames() << "\n";
        return 2;
    }
    if (in == out) {
        std::cerr << "quantize: IN and OUT must differ (the input is memory-mapped while writing)\n";
        return 2;
    }
    try {
        const auto file = GgufFile::open(in);
        const std::string arch = file->architecture();
        const int layers = int(file->getInt(arch + ".block_count", 0));
        GgufWriter w;
        w.copyMetadata(*file);
        w.setU32("general.file_type", uint32_t(llamaFileType(*scheme)));
        w.setU32("general.quantization_version", 2);
        const bool tied = file->findTensor("output.weight") == nullptr;
        std::map<std::string, int> counts;
        for (const GgufTensorInfo& t : file->tensors()) {
            const GgmlType target = quantTypeForTensor(*scheme, TensorRole{t.name, t.ne[0], t.nDims, layers, tied});
            const GgmlType type = t.nDims < 2 && t.type != GgmlType::F32 && !canQuantize(t.type) ? GgmlType::F32 : target;
            ++counts[std::string(ggmlTypeName(type))];
            const std::vector<int64_t> ne(t.ne.begin(), t.ne.begin() + t.nDims);
            if (type == t.type) {
                w.addTensor(t.name, type, ne, std::span<const uint8_t>(t.data, t.byteSize));
                continue;
            }
            const GgufTensorInfo* src = &t;
            w.addTensor(t.name, type, ne, [src, type](std::span<uint8_t> bytes) {
                const int64_t cols = src->ne[0];
                const size_t inRow = ggmlRowBytes(src->type, cols), outRow = ggmlRowBytes(type, cols);
                std::vector<float> row(static_cast<size_t>(cols));
                for (int64_t r = 0; r < src->rowCount(); ++r) {
                    if (!dequantizeRow(src->type, src->data + size_t(r) * inRow, row.data(), cols) ||
                        !quantizeRow(type, row.data(), bytes.data() + size_t(r) * outRow, cols))
                        throw GgufError(src->name + ": cannot convert " + std::string(ggmlTypeName(src->type)) + " to " +
                                        std::string(ggmlTypeName(type)));
                }
            });
        }
        w.write(out);
        std::cout << "wrote " << out << " (" << quantSchemeName(*scheme) << ":";
        for (const auto& [name, n] : counts)
            std::cout << " " << n << " " << name;
        std::cout << ")\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "quantize: " << e.what() << "\n";
        return 1;
    }
}

triad::cli::Registrar registrar{"quantize", "rewrite a GGUF model in another type (Q8_0, Q4_0, Q4_K_M, ...)", runQuantize};

} // namespace
