// GGUF reader and writer: a round trip of every value type, the shared model files, and
// malformed files built byte by byte, each of which must give a GgufError that names the
// file and the problem (never a crash, never a huge allocation).

#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "tests/support/TestPaths.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

using namespace triad::engine;

namespace {

/** Raw little-endian GGUF bytes, so tests can write what the writer never would. */
class Bytes {
public:
    Bytes& raw(std::string_view s) { m_b.insert(m_b.end(), s.begin(), s.end()); return *this; }
    Bytes& u32(uint32_t v) { return put(v); }
    Bytes& u64(uint64_t v) { return put(v); }
    Bytes& str(std::string_view s) { u64(s.size()); return raw(s); }
    Bytes& header(uint32_t version, uint64_t tensors, uint64_t kvs)
    {
        return raw("GGUF").u32(version).u64(tensors).u64(kvs);
    }
    Bytes& kvU32(std::string_view key, uint32_t v) { return str(key).u32(4).u32(v); }
    Bytes& tensorInfo(std::string_view name, std::vector<uint64_t> ne, uint32_t type, uint64_t offset)
    {
        str(name).u32(static_cast<uint32_t>(ne.size()));
        for (uint64_t n : ne)
            u64(n);
        return u32(type).u64(offset);
    }
    Bytes& padTo(size_t alignment)
    {
        while (m_b.size() % alignment)
            m_b.push_back(0);
        return *this;
    }
    Bytes& zeros(size_t n) { m_b.insert(m_b.end(), n, 0); return *this; }
    const std::vector<uint8_t>& data() const { return m_b; }

private:
    template <typename T>
    Bytes& put(T v)
    {
        uint8_t b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        m_b.insert(m_b.end(), b, b + sizeof(T));
        return *this;
    }
    std::vector<uint8_t> m_b;
};

std::vector<uint8_t> patternBytes(size_t n, uint8_t seed)
{
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = static_cast<uint8_t>(seed + i * 7);
    return v;
}

/** A small valid file with metadata and three tensors of different types. */
GgufWriter smallModel()
{
    GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setU32("llama.block_count", 2);
    const std::vector<std::string> tokens{"a", "b", "c"};
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    w.addTensor("token_embd.weight", GgmlType::F32, {4, 3}, patternBytes(48, 1));
    w.addTensor("blk.0.attn_q.weight", GgmlType::Q8_0, {64, 2}, patternBytes(4 * 34, 2));
    w.addTensor("output.weight", GgmlType::Q4_K, {256, 1}, patternBytes(144, 3));
    return w;
}

std::string errorOf(const std::vector<uint8_t>& bytes, const std::string& name)
{
    try {
        GgufFile::openMemory(bytes, name);
    } catch (const GgufError& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestGguf : public QObject {
    Q_OBJECT

private slots:
    void roundTripEveryValueType();
    void roundTripThroughFile();
    void version2IsRead();
    void typedGettersCheckTypes();
    void malformed_data();
    void malformed();
    void everyTruncationIsAnError();
    void randomCorruptionNeverCrashes();
    void missingFileNamesThePath();
    void writerRejectsBadTensors();
    void sharedFilesOpen_data();
    void sharedFilesOpen();
};

void TestGguf::roundTripEveryValueType()
{
    GgufWriter w;
    w.setAlignment(64);
    w.setU8("v.u8", 200);
    w.setI8("v.i8", -100);
    w.setU16("v.u16", 60000);
    w.setI16("v.i16", -30000);
    w.setU32("v.u32", 4000000000u);
    w.setI32("v.i32", -2000000000);
    w.setU64("v.u64", 1ull << 40);
    w.setI64("v.i64", -(1ll << 40));
    w.setF32("v.f32", 0.25f);
    w.setF64("v.f64", 1e-300);
    w.setBool("v.bool", true);
    w.setString("v.string", "héllo");
    const std::vector<std::string> strings{"", "x", "ĠHello"};
    w.setStringArray("v.strings", strings);
    const std::vector<int32_t> ints{-1, 0, 7};
    w.setI32Array("v.ints", ints);
    const std::vector<float> floats{1.5f, -2.0f};
    w.setF32Array("v.floats", floats);
    const bool bools[] = {true, false};
    w.setBoolArray("v.bools", bools);
    w.setString("v.string", "replaced"); // replaces in place
    const std::vector<uint8_t> q8 = patternBytes(34 * 3, 5);
    w.addTensor("t.q8", GgmlType::Q8_0, {32, 3}, q8);
    const std::vector<uint8_t> f16 = patternBytes(2 * 5 * 2 * 3, 9);
    w.addTensor("t.f16", GgmlType::F16, {5, 2, 3}, f16);

    const std::vector<uint8_t> bytes = w.toBytes();
    const auto f = GgufFile::openMemory(bytes, "roundtrip.gguf");
    QCOMPARE(f->version(), 3u);
    QCOMPARE(f->alignment(), uint64_t(64));
    QCOMPARE(f->getInt("general.alignment", 0), int64_t(64));
    QCOMPARE(f->getInt("v.u8", 0), int64_t(200));
    QCOMPARE(f->getInt("v.i8", 0), int64_t(-100));
    QCOMPARE(f->getInt("v.u16", 0), int64_t(60000));
    QCOMPARE(f->getInt("v.i16", 0), int64_t(-30000));
    QCOMPARE(f->getInt("v.u32", 0), int64_t(4000000000ll));
    QCOMPARE(f->getInt("v.i32", 0), int64_t(-2000000000));
    QCOMPARE(f->getInt("v.u64", 0), int64_t(1ll << 40));
    QCOMPARE(f->getInt("v.i64", 0), int64_t(-(1ll << 40)));
    QCOMPARE(f->getFloat("v.f32", 0), 0.25);
    QCOMPARE(f->getFloat("v.f64", 0), 1e-300);
    QCOMPARE(f->getBool("v.bool", false), true);
    QCOMPARE(f->getString("v.string", ""), std::string("replaced"));
    QCOMPARE(f->metadata()[12].key, std::string("v.string")); // kept its position (after general.alignment and 11 others)
    const auto s = f->getStringArray("v.strings");
    QVERIFY(s);
    QCOMPARE(std::vector<std::string>(s->begin(), s->end()), strings);
    QCOMPARE(*f->getIntArray("v.ints"), (std::vector<int64_t>{-1, 0, 7}));
    QCOMPARE(*f->getFloatArray("v.floats"), floats);
    QCOMPARE(f->find("v.bools")->arraySize(), uint64_t(2));
    QVERIFY(!f->has("v.missing"));

    QCOMPARE(f->tensors().size(), size_t(2));
    const GgufTensorInfo* t = f->findTensor("t.f16");
    QVERIFY(t);
    QCOMPARE(t->type, GgmlType::F16);
    QCOMPARE(t->nDims, 3);
    QCOMPARE(t->ne[0], int64_t(5));
    QCOMPARE(t->ne[3], int64_t(1));
    QCOMPARE(t->byteSize, uint64_t(f16.size()));
    QCOMPARE(t->offset % 64, uint64_t(0));
    QCOMPARE(std::vector<uint8_t>(t->data, t->data + t->byteSize), f16);
    const GgufTensorInfo* q = f->findTensor("t.q8");
    QCOMPARE(std::vector<uint8_t>(q->data, q->data + q->byteSize), q8);
    QCOMPARE((f->dataOffset() % 64), uint64_t(0));

    // Copying the metadata into a new writer reproduces the values.
    GgufWriter copy;
    copy.copyMetadata(*f);
    const std::vector<uint8_t> copied = copy.toBytes();
    const auto g = GgufFile::openMemory(copied, "copy.gguf");
    QCOMPARE(g->metadata().size(), f->metadata().size() - 1); // without general.alignment
    QCOMPARE(g->getInt("v.i64", 0), int64_t(-(1ll << 40)));
    QCOMPARE(*g->getFloatArray("v.floats"), floats);
}

void TestGguf::roundTripThroughFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("model.gguf").toStdString();
    GgufWriter w = smallModel();
    // A lazily produced tensor is written like the others.
    const std::vector<int64_t> ne{32, 2};
    w.addTensor("lazy.weight", GgmlType::Q4_0, ne, [](std::span<uint8_t> out) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = static_cast<uint8_t>(i);
    });
    w.write(path);
    QVERIFY(!std::filesystem::exists(path + ".tmp"));
    const auto f = GgufFile::open(path);
    QCOMPARE(f->path(), path);
    QCOMPARE(f->architecture(), std::string("llama"));
    QCOMPARE(f->fileSizeBytes(), uint64_t(std::filesystem::file_size(path)));
    const GgufTensorInfo* lazy = f->findTensor("lazy.weight");
    QVERIFY(lazy);
    QCOMPARE(lazy->byteSize, uint64_t(2 * 18));
    QCOMPARE(int(lazy->data[35]), 35);
    QCOMPARE(f->findTensor("output.weight")->type, GgmlType::Q4_K);
    f->prefetchTensorData(); // a hint; must not disturb the mapping
    QCOMPARE(int(f->findTensor("lazy.weight")->data[35]), 35);
}

void TestGguf::version2IsRead()
{
    // v2 has v3's layout (v3 only added big-endian files); both are read the same way.
    GgufWriter w = smallModel();
    w.setVersion(2);
    const std::vector<uint8_t> bytes = w.toBytes();
    const auto f = GgufFile::openMemory(bytes, "v2.gguf");
    QCOMPARE(f->version(), 2u);
    QCOMPARE(f->tensors().size(), size_t(3));
    QCOMPARE(f->getInt("llama.block_count", 0), int64_t(2));
}

void TestGguf::typedGettersCheckTypes()
{
    GgufWriter w;
    w.setString("s", "text");
    w.setU64("big", ~0ull);
    w.setU8("small", 3);
    const std::vector<uint8_t> bytes = w.toBytes();
    const auto f = GgufFile::openMemory(bytes, "typed.gguf");
    QCOMPARE(f->getInt("small", 0), int64_t(3));
    QCOMPARE(f->getFloat("small", 0), 3.0);
    try {
        f->getInt("s");
        QFAIL("getInt on a string did not throw");
    } catch (const GgufError& e) {
        const std::string m = e.what();
        QVERIFY2(m.find("typed.gguf") != std::string::npos && m.find("key s should be an integer") != std::string::npos,
                 m.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(GgufError, f->getInt("big")); // u64 above INT64_MAX
    try {
        f->requireInt("nope");
        QFAIL("requireInt on a missing key did not throw");
    } catch (const GgufError& e) {
        QVERIFY2(std::string(e.what()).find("missing key nope") != std::string::npos, e.what());
    }
}

void TestGguf::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("problem");
    const auto row = [](const char* name, const std::vector<uint8_t>& b, const char* problem) {
        QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()))
                            << QString(problem);
    };
    const std::vector<uint8_t> valid = smallModel().toBytes();

    row("empty file", {}, "not a GGUF file");
    std::vector<uint8_t> magic = valid;
    magic[0] = 'X';
    row("bad magic", magic, "bad magic");
    row("version 1", Bytes().header(1, 0, 0).data(), "version 1 is not supported");
    row("version 4", Bytes().header(4, 0, 0).data(), "version 4 is not supported");
    row("version 0", Bytes().header(0, 0, 0).data(), "version 0");
    row("big-endian", Bytes().raw("GGUF").u32(0x03000000).u64(0).u64(0).data(), "big-endian");
    row("truncated header", std::vector<uint8_t>(valid.begin(), valid.begin() + 10), "truncated file");
    GgufWriter metadataOnly;
    metadataOnly.setString("general.architecture", "llama");
    metadataOnly.setU32("llama.block_count", 2);
    metadataOnly.setString("general.name", "a name long enough to be cut");
    const std::vector<uint8_t> meta = metadataOnly.toBytes();
    row("truncated metadata", std::vector<uint8_t>(meta.begin(), meta.begin() + 70), "truncated file");
    row("absurd metadata count", Bytes().header(3, 0, 1ull << 60).data(), "metadata entries but only");
    row("absurd tensor count", Bytes().header(3, 1ull << 60, 0).data(), "tensors but only");
    row("key length past the end", Bytes().header(3, 0, 1).u64(1ull << 62).raw("key").zeros(8).data(), "past the end of the file");
    row("string value past the end", Bytes().header(3, 0, 1).str("k").u32(8).u64(1000).raw("abc").data(),
        "past the end of the file");
    row("unknown value type", Bytes().header(3, 0, 1).str("k").u32(13).u32(0).data(), "unknown value type 13");
    row("array of arrays", Bytes().header(3, 0, 1).str("k").u32(9).u32(9).u64(1).data(), "array of arrays");
    row("array elements past the end", Bytes().header(3, 0, 1).str("k").u32(9).u32(4).u64(1ull << 61).u32(0).data(),
        "claims 2305843009213693952 u32 elements");
    row("string array past the end", Bytes().header(3, 0, 1).str("k").u32(9).u32(8).u64(1ull << 40).data(),
        "claims 1099511627776 strings");
    row("duplicate key", Bytes().header(3, 0, 2).kvU32("k", 1).kvU32("k", 2).data(), "duplicate metadata key k");
    row("alignment not a power of two", Bytes().header(3, 0, 1).kvU32("general.alignment", 48).data(),
        "general.alignment 48 is not a power of two");
    row("alignment zero", Bytes().header(3, 0, 1).kvU32("general.alignment", 0).data(), "not a power of two");
    row("alignment not an integer", Bytes().header(3, 0, 1).str("general.alignment").u32(8).str("x").data(),
        "general.alignment must be an integer");

    const auto oneTensor = [](std::vector<uint64_t> ne, uint32_t type, uint64_t offset, size_t dataBytes) {
        Bytes b;
        b.header(3, 1, 0).tensorInfo("w", std::move(ne), type, offset).padTo(32).zeros(dataBytes);
        return b.data();
    };
    row("n_dims 5", oneTensor({1, 1, 1, 1, 1}, 0, 0, 4), "n_dims 5");
    row("n_dims 0", oneTensor({}, 0, 0, 4), "n_dims 0");
    row("zero dimension", oneTensor({4, 0}, 0, 0, 16), "zero dimension 1");
    row("element count overflow", oneTensor({1ull << 32, 1ull << 32}, 0, 0, 64), "element count overflows");
    row("dimension above int64", oneTensor({~0ull}, 0, 0, 64), "element count overflows");
    row("byte size overflow", oneTensor({1ull << 61, 2}, 0, 0, 64), "byte size overflows");
    row("unknown ggml type", oneTensor({4}, 99, 0, 16), "unknown ggml type 99");
    row("unsupported ggml type", oneTensor({256}, 16, 0, 256), "unsupported ggml type 16 (IQ2_XXS)");
    row("row not a multiple of the block", oneTensor({33}, 8, 0, 64), "not a multiple of the Q8_0 block size 32");
    row("misaligned offset", oneTensor({4}, 0, 8, 64), "offset 8, not a multiple of the alignment 32");
    row("tensor past the end", oneTensor({64}, 0, 0, 100), "extends past the end of the file");
    row("offset past the end", oneTensor({4}, 0, 1ull << 40, 16), "extends past the end of the file");
    row("data section missing", Bytes().header(3, 1, 0).tensorInfo("w", {4}, 0, 0).data(), "data section");

    Bytes longName;
    longName.header(3, 1, 0).tensorInfo(std::string(65, 'n'), {4}, 0, 0).padTo(32).zeros(16);
    row("tensor name too long", longName.data(), "name of 65 bytes");
    Bytes dup;
    dup.header(3, 2, 0).tensorInfo("w", {4}, 0, 0).tensorInfo("w", {4}, 0, 32).padTo(32).zeros(64);
    row("duplicate tensor names", dup.data(), "duplicate tensor name 'w'");
    Bytes overlap;
    overlap.header(3, 2, 0).tensorInfo("a", {16}, 0, 0).tensorInfo("b", {16}, 0, 32).padTo(32).zeros(128);
    row("overlapping tensors", overlap.data(), "tensors 'a' and 'b' overlap");
}

void TestGguf::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, problem);
    const std::vector<uint8_t> data(bytes.begin(), bytes.end());
    const std::string message = errorOf(data, "bad.gguf");
    QVERIFY2(!message.empty(), "the malformed file was accepted");
    QVERIFY2(message.rfind("bad.gguf: ", 0) == 0, ("message does not name the file: " + message).c_str());
    QVERIFY2(message.find(problem.toStdString()) != std::string::npos,
             ("expected the message to contain \"" + problem.toStdString() + "\", got: " + message).c_str());

    // The same through the mapped-file path.
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad.gguf").toStdString();
    std::ofstream(path, std::ios::binary).write(bytes.constData(), bytes.size());
    try {
        GgufFile::open(path);
        QFAIL("the mapped malformed file was accepted");
    } catch (const GgufError& e) {
        QVERIFY2(std::string(e.what()).rfind(path + ": ", 0) == 0, e.what());
    }
}

void TestGguf::everyTruncationIsAnError()
{
    const std::vector<uint8_t> valid = smallModel().toBytes();
    const auto f = GgufFile::openMemory(valid, "full.gguf");
    uint64_t dataEnd = 0;
    for (const GgufTensorInfo& t : f->tensors())
        dataEnd = std::max(dataEnd, f->dataOffset() + t.offset + t.byteSize);
    for (size_t n = 0; n < valid.size(); ++n) {
        const std::vector<uint8_t> prefix(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n));
        const std::string message = errorOf(prefix, "cut.gguf");
        // Cutting only the padding after the last tensor leaves a complete file.
        if (n < dataEnd)
            QVERIFY2(!message.empty(), ("a file cut to " + std::to_string(n) + " bytes was accepted").c_str());
        else
            QVERIFY2(message.empty(), ("a complete file cut in its padding was rejected: " + message).c_str());
    }
}

void TestGguf::randomCorruptionNeverCrashes()
{
    const std::vector<uint8_t> valid = smallModel().toBytes();
    std::mt19937 rng(1234);
    int rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<uint8_t> b = valid;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int i = 0; i < flips; ++i)
            b[rng() % b.size()] = static_cast<uint8_t>(rng());
        try {
            const auto f = GgufFile::openMemory(b, "flip.gguf");
            for (const GgufTensorInfo& t : f->tensors())
                QVERIFY(t.data + t.byteSize <= b.data() + b.size());
        } catch (const GgufError&) {
            ++rejected;
        }
    }
    QVERIFY2(rejected > 0, "no corrupted file was rejected: the corruption did not reach the parser");
}

void TestGguf::missingFileNamesThePath()
{
    try {
        GgufFile::open("/nonexistent/dir/model.gguf");
        QFAIL("opening a missing file did not throw");
    } catch (const GgufError& e) {
        const std::string m = e.what();
        QVERIFY2(m.find("/nonexistent/dir/model.gguf") != std::string::npos && m.find("cannot open") != std::string::npos,
                 m.c_str());
    }
}

void TestGguf::writerRejectsBadTensors()
{
    GgufWriter w;
    QVERIFY_THROWS_EXCEPTION(GgufError, w.addTensor("a", GgmlType::Q8_0, {33}, patternBytes(34, 0)));
    QVERIFY_THROWS_EXCEPTION(GgufError, w.addTensor("b", GgmlType::F32, {4}, patternBytes(15, 0)));
    QVERIFY_THROWS_EXCEPTION(GgufError, w.addTensor("c", GgmlType::F32, {1, 1, 1, 1, 1}, patternBytes(4, 0)));
    w.addTensor("d", GgmlType::F32, {4}, patternBytes(16, 0));
    QVERIFY_THROWS_EXCEPTION(GgufError, w.addTensor("d", GgmlType::F32, {4}, patternBytes(16, 0)));
    QCOMPARE(w.tensorCount(), size_t(1));
    QVERIFY_THROWS_EXCEPTION(GgufError, w.setAlignment(24));
    QVERIFY_THROWS_EXCEPTION(GgufError, w.write("/nonexistent/dir/out.gguf"));
}

void TestGguf::sharedFilesOpen_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("minTensors");
    const std::string shared = triad::testsupport::sharedDir();
    if (shared.empty())
        return;
    for (const char* dir : {"models", "tokenizer"}) {
        const std::filesystem::path folder = std::filesystem::path(shared) / "engine-vectors" / dir;
        if (!std::filesystem::exists(folder))
            continue;
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            if (entry.path().extension() != ".gguf")
                continue;
            const std::string name = std::string(dir) + "/" + entry.path().filename().string();
            QTest::newRow(name.c_str()) << QString::fromStdString(entry.path().string())
                                        << (std::string(dir) == "models" ? 20 : 0);
        }
    }
}

void TestGguf::sharedFilesOpen()
{
    if (triad::testsupport::sharedDir().empty())
        QSKIP("../shared/engine-vectors is absent; the shared GGUF files cannot be checked");
    QFETCH(QString, path);
    QFETCH(int, minTensors);
    const auto f = GgufFile::open(path.toStdString());
    QVERIFY2(!f->architecture().empty(), "general.architecture is missing");
    QVERIFY(f->getStringArray("tokenizer.ggml.tokens").has_value());
    QVERIFY2(int(f->tensors().size()) >= minTensors,
             qPrintable(QString("expected at least %1 tensors, got %2").arg(minTensors).arg(f->tensors().size())));
    if (minTensors > 0) {
        const GgufTensorInfo* embd = f->findTensor("token_embd.weight");
        QVERIFY(embd);
        QCOMPARE(embd->ne[0], f->getInt(f->architecture() + ".embedding_length", -1));
        QCOMPARE(size_t(embd->ne[1]), f->getStringArray("tokenizer.ggml.tokens")->size());
    }
}

QTEST_GUILESS_MAIN(TestGguf)
#include "tst_gguf.moc"
