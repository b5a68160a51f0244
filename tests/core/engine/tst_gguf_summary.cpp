// GgufSummary: what the Models view and `triad-cli inspect` show, read from the header.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/engine/GgufFile.h"
#include "core/engine/GgufSummary.h"
#include "tests/support/TestPaths.h"

using namespace triad::engine;

class TestGgufSummary : public QObject {
    Q_OBJECT
private slots:
    void referenceModels_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("quant");
        QTest::addColumn<QString>("chatTemplate");
        QTest::newRow("llama Q4_K_M") << "llama-spm-Q4_K_M.gguf" << "llama" << "Q4_K_M" << "chatml";
        QTest::newRow("llama Q8_0") << "llama-spm-Q8_0.gguf" << "llama" << "Q8_0" << "chatml";
        QTest::newRow("qwen2 F16") << "qwen2-bpe-F16.gguf" << "qwen2" << "F16" << "chatml";
    }

    void referenceModels()
    {
        const std::string shared = triad::testsupport::sharedDir();
        if (shared.empty())
            QSKIP("../shared/engine-vectors is absent (a user's machine): nothing to compare with");
        QFETCH(QString, file);
        QFETCH(QString, arch);
        QFETCH(QString, quant);
        QFETCH(QString, chatTemplate);
        GgufSummary s = summarizeGguf(shared + "/engine-vectors/models/" + file.toStdString());
        QCOMPARE(QString::fromStdString(s.architecture), arch);
        QCOMPARE(QString::fromStdString(s.quantization), quant);
        QVERIFY2(s.supported, s.unsupportedReason.c_str());
        QCOMPARE(s.embeddingLength, int64_t(256));
        QCOMPARE(s.blockCount, int64_t(2));
        QVERIFY2(s.parameterCount > 8'000'000 && s.parameterCount < 20'000'000,
                 std::to_string(s.parameterCount).c_str());
        QCOMPARE(QString::fromStdString(s.chatTemplate).toLower(), chatTemplate);
        QCOMPARE(s.fileSizeBytes, uint64_t(std::filesystem::file_size(shared + "/engine-vectors/models/"
                                                                       + file.toStdString())));
    }

    void vocabularyOnlyFileIsNotRunnable()
    {
        const std::string shared = triad::testsupport::sharedDir();
        if (shared.empty())
            QSKIP("../shared/engine-vectors is absent (a user's machine)");
        GgufSummary s = summarizeGguf(shared + "/engine-vectors/tokenizer/ggml-vocab-gpt-2.gguf");
        QVERIFY(!s.supported);
        QVERIFY2(s.unsupportedReason.find("supported: llama, qwen2") != std::string::npos,
                 s.unsupportedReason.c_str());
    }

    void garbageFileNamesTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("junk.gguf").toStdString();
        std::ofstream(path) << "this is not a gguf file at all";
        try {
            summarizeGguf(path);
            QFAIL("expected a GgufError");
        } catch (const GgufError& e) {
            QVERIFY2(std::string(e.what()).find("junk.gguf") != std::string::npos, e.what());
        }
    }

    void parameterCountsReadLikePeopleWriteThem()
    {
        QCOMPARE(formatParameterCount(246'000'000), std::string("246M"));
        QCOMPARE(formatParameterCount(1'100'000'000), std::string("1.1B"));
        QCOMPARE(fileTypeName(15), std::string("Q4_K_M"));
        QCOMPARE(fileTypeName(999), std::string());
    }
};

QTEST_GUILESS_MAIN(TestGgufSummary)
#include "tst_gguf_summary.moc"
