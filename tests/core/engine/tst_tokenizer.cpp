// Tokenizers against llama.cpp's own vectors: every string of every .inp/.out pair in
// ../shared/engine-vectors/tokenizer (no BOS, specials not parsed) and the prompt tokens of
// the reference models (BOS as the vocabulary asks). Plus special tokens, decoding and an
// unknown pre-tokenizer.

#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Utf8StreamDecoder.h"
#include "tests/support/TestPaths.h"

#include <QElapsedTimer>
#include <QTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace triad::engine;
namespace fs = std::filesystem;

namespace {

const char* const kVocabs[] = {"llama-spm", "phi-3", "deepseek-coder", "gpt-2", "starcoder"};

std::string slurp(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

fs::path vectorsDir()
{
    const std::string shared = triad::testsupport::sharedDir();
    return shared.empty() ? fs::path() : fs::path(shared) / "engine-vectors";
}

/** Tokenizers are loaded once per vocabulary; the files are a few MB each. */
const Tokenizer& tokenizerFor(const fs::path& file)
{
    static std::map<std::string, std::unique_ptr<Tokenizer>> cache;
    auto& slot = cache[file.string()];
    if (!slot)
        slot = Tokenizer::create(Vocab::load(*GgufFile::open(file.string())));
    return *slot;
}

std::string idsToString(const std::vector<TokenId>& ids)
{
    std::string s;
    for (TokenId id : ids)
        s += (s.empty() ? "" : " ") + std::to_string(id);
    return s;
}

std::vector<TokenId> parseIds(const std::string& line)
{
    std::vector<TokenId> ids;
    std::istringstream in(line);
    long long v;
    while (in >> v)
        ids.push_back(static_cast<TokenId>(v));
    return ids;
}

/** The test strings of an .inp file: separated by "\n__ggml_vocab_test__\n", the last one terminated by it. */
std::vector<std::string> splitInputs(const std::string& inp)
{
    static const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> out;
    size_t pos = 0;
    for (size_t at; (at = inp.find(sep, pos)) != std::string::npos; pos = at + sep.size())
        out.push_back(inp.substr(pos, at - pos));
    return out;
}

std::vector<uint8_t> vocabFile(const std::string& model, const std::string& pre)
{
    GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setString("tokenizer.ggml.model", model);
    w.setString("tokenizer.ggml.pre", pre);
    const std::vector<std::string> tokens{"a", "b", "ab"};
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    const std::vector<std::string> merges{"a b"};
    w.setStringArray("tokenizer.ggml.merges", merges);
    return w.toBytes();
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private slots:
    void vocabularyVectors_data();
    void vocabularyVectors();
    void referencePrompts_data();
    void referencePrompts();
    void decodeRestoresText_data();
    void decodeRestoresText();
    void specialTokens();
    void unknownPreTokenizerIsAnError();
    void unknownModelIsAnError();
    void longInputsStayFast();
};

void TestTokenizer::vocabularyVectors_data()
{
    QTest::addColumn<QString>("vocabFile");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    const fs::path dir = vectorsDir() / "tokenizer";
    if (vectorsDir().empty())
        return;
    for (const char* name : kVocabs) {
        const fs::path gguf = dir / ("ggml-vocab-" + std::string(name) + ".gguf");
        const std::vector<std::string> inputs = splitInputs(slurp(gguf.string() + ".inp"));
        std::vector<std::string> lines;
        std::istringstream out(slurp(gguf.string() + ".out"));
        for (std::string line; std::getline(out, line);)
            lines.push_back(line);
        // A mismatch here means the vector files changed shape; fail loudly, not silently.
        QVERIFY2(!inputs.empty() && inputs.size() == lines.size(),
                 qPrintable(QString("%1: %2 strings but %3 expected lines").arg(name).arg(inputs.size()).arg(lines.size())));
        for (size_t i = 0; i < inputs.size(); ++i) {
            const std::string row = std::string(name) + " #" + std::to_string(i);
            QTest::newRow(row.c_str()) << QString::fromStdString(gguf.string())
                                       << QByteArray::fromStdString(inputs[i]) << QString::fromStdString(lines[i]);
        }
    }
}

void TestTokenizer::vocabularyVectors()
{
    if (vectorsDir().empty())
        QSKIP("../shared/engine-vectors is absent; llama.cpp's tokenizer vectors cannot be checked");
    QFETCH(QString, vocabFile);
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const Tokenizer& tok = tokenizerFor(vocabFile.toStdString());
    const std::vector<TokenId> got = tok.tokenize(text.toStdString(), {.addSpecial = false, .parseSpecial = false});
    const std::vector<TokenId> want = parseIds(expected.toStdString());
    QVERIFY2(got == want, qPrintable(QString("text \"%1\"\nexpected: %2\ngot:      %3")
                                         .arg(QString::fromUtf8(text), QString::fromStdString(idsToString(want)),
                                              QString::fromStdString(idsToString(got)))));
}

void TestTokenizer::referencePrompts_data()
{
    QTest::addColumn<QString>("modelFile");
    QTest::addColumn<QByteArray>("prompt");
    QTest::addColumn<QString>("expected");
    if (vectorsDir().empty())
        return;
    for (const auto& entry : fs::directory_iterator(vectorsDir() / "reference")) {
        if (entry.path().extension() != ".json")
            continue;
        const nlohmann::json ref = nlohmann::json::parse(slurp(entry.path()));
        const fs::path model = vectorsDir() / ref.at("model").get<std::string>();
        int k = 0;
        for (const nlohmann::json& c : ref.at("cases")) {
            std::vector<TokenId> ids = c.at("tokens").get<std::vector<TokenId>>();
            const std::string row = entry.path().stem().string() + " case" + std::to_string(k++);
            QTest::newRow(row.c_str()) << QString::fromStdString(model.string())
                                       << QByteArray::fromStdString(c.at("prompt").get<std::string>())
                                       << QString::fromStdString(idsToString(ids));
        }
    }
}

void TestTokenizer::referencePrompts()
{
    if (vectorsDir().empty())
        QSKIP("../shared/engine-vectors is absent; the reference prompts cannot be checked");
    QFETCH(QString, modelFile);
    QFETCH(QByteArray, prompt);
    QFETCH(QString, expected);
    const Tokenizer& tok = tokenizerFor(modelFile.toStdString());
    const std::string got = idsToString(tok.tokenize(prompt.toStdString(), {.addSpecial = true, .parseSpecial = false}));
    QVERIFY2(got == expected.toStdString(),
             qPrintable(QString("expected: %1\ngot:      %2").arg(expected, QString::fromStdString(got))));
}

void TestTokenizer::decodeRestoresText_data()
{
    vocabularyVectors_data();
}

void TestTokenizer::decodeRestoresText()
{
    if (vectorsDir().empty())
        QSKIP("../shared/engine-vectors is absent");
    QFETCH(QString, vocabFile);
    QFETCH(QByteArray, text);
    const Tokenizer& tok = tokenizerFor(vocabFile.toStdString());
    const std::vector<TokenId> ids = tok.tokenize(text.toStdString(), {.addSpecial = true, .parseSpecial = false});
    const std::string whole = tok.detokenize(ids);
    QVERIFY2(whole == text.toStdString(),
             qPrintable(QString("expected \"%1\", got \"%2\"").arg(QString::fromUtf8(text), QString::fromStdString(whole))));
    // Streamed piece by piece, the text arrives whole and never split inside a character.
    Utf8StreamDecoder stream;
    std::string streamed;
    bool first = true;
    for (size_t i = 0; i < ids.size(); ++i) {
        std::string piece = tok.tokenToPiece(ids[i]);
        if (first && !piece.empty()) {
            // The space SentencePiece put in front of the text is not part of it.
            if (tok.vocab().type() == VocabType::Spm && tok.vocab().addSpacePrefix() && piece[0] == ' ')
                piece.erase(0, 1);
            first = false;
        }
        const std::string chunk = stream.push(piece);
        QVERIFY2(QString::fromUtf8(chunk.data(), qsizetype(chunk.size())).toUtf8().toStdString() == chunk,
                 "a streamed chunk is not valid UTF-8");
        streamed += chunk;
    }
    streamed += stream.flush();
    QCOMPARE(QString::fromStdString(streamed), QString::fromUtf8(text));
}

void TestTokenizer::specialTokens()
{
    if (vectorsDir().empty())
        QSKIP("../shared/engine-vectors is absent");
    const Tokenizer& ds = tokenizerFor(vectorsDir() / "tokenizer" / "ggml-vocab-deepseek-coder.gguf");
    const std::string bos = "<｜begin▁of▁sentence｜>";
    // Control tokens only when parsing specials.
    QCOMPARE(ds.tokenize(bos + "hi", {.addSpecial = false, .parseSpecial = true}).front(), TokenId(32013));
    const std::vector<TokenId> plain = ds.tokenize(bos + "hi", {.addSpecial = false, .parseSpecial = false});
    QVERIFY2(std::find(plain.begin(), plain.end(), 32013) == plain.end(), idsToString(plain).c_str());
    // User-defined tokens always ("ü" is one in this vocabulary).
    const std::vector<TokenId> u = ds.tokenize("ü", {.addSpecial = false, .parseSpecial = false});
    QCOMPARE(idsToString(u), std::string("32009"));
    // BOS comes from add_bos_token; rendering a control token needs renderSpecial.
    QCOMPARE(ds.tokenize("x", {.addSpecial = true}).front(), TokenId(32013));
    QCOMPARE(ds.tokenToPiece(32013), std::string());
    QCOMPARE(ds.tokenToPiece(32013, true), bos);
    QVERIFY(ds.vocab().isEndOfGeneration(32014));

    const Tokenizer& phi = tokenizerFor(vectorsDir() / "tokenizer" / "ggml-vocab-phi-3.gguf");
    // Phi-3's special tokens eat the whitespace after them (rstrip).
    const std::vector<TokenId> p = phi.tokenize("<|user|>\nHi<|end|>", {.addSpecial = false, .parseSpecial = true});
    QCOMPARE(p.front(), phi.vocab().find("<|user|>"));
    QCOMPARE(p.back(), phi.vocab().find("<|end|>"));
    QVERIFY(phi.vocab().isEndOfGeneration(phi.vocab().find("<|end|>")));
    // After a special token SentencePiece prefixes the text with a space again, as llama.cpp does.
    QCOMPARE(phi.detokenize(p, true), std::string("<|user|> Hi<|end|>"));
}

void TestTokenizer::unknownPreTokenizerIsAnError()
{
    const std::vector<uint8_t> bytes = vocabFile("gpt2", "mystery-pre");
    const auto f = GgufFile::openMemory(bytes, "vocab.gguf");
    try {
        Tokenizer::create(Vocab::load(*f));
        QFAIL("an unknown pre-tokenizer was accepted");
    } catch (const TokenizerError& e) {
        const std::string m = e.what();
        QVERIFY2(m.find("mystery-pre") != std::string::npos && m.find("llama3") != std::string::npos
                     && m.find("deepseek-coder") != std::string::npos,
                 m.c_str());
    }
    // A known one works on the same tiny vocabulary: "ab" merges.
    const std::vector<uint8_t> ok = vocabFile("gpt2", "gpt-2");
    const auto g = GgufFile::openMemory(ok, "vocab.gguf");
    const auto tok = Tokenizer::create(Vocab::load(*g));
    QCOMPARE(idsToString(tok->tokenize("abab", {.addSpecial = false})), std::string("2 2"));
    QCOMPARE(idsToString(tok->tokenize("ab", {.addSpecial = false})), std::string("2"));
}

void TestTokenizer::unknownModelIsAnError()
{
    const std::vector<uint8_t> bytes = vocabFile("bert", "default");
    const auto f = GgufFile::openMemory(bytes, "vocab.gguf");
    try {
        Vocab::load(*f);
        QFAIL("an unknown tokenizer model was accepted");
    } catch (const GgufError& e) {
        QVERIFY2(std::string(e.what()).find("'bert' is not supported") != std::string::npos, e.what());
    }
    GgufWriter w;
    w.setString("general.architecture", "llama");
    const std::vector<uint8_t> none = w.toBytes();
    QVERIFY_THROWS_EXCEPTION(GgufError, Vocab::load(*GgufFile::openMemory(none, "empty.gguf")));
}

void TestTokenizer::longInputsStayFast()
{
    if (vectorsDir().empty())
        QSKIP("../shared/engine-vectors is absent");
    // One enormous word (no pre-tokenizer split) and ordinary prose, each ~200 KB: a merge
    // loop that rescans the word after every merge would take minutes here.
    const std::string word(200000, '!');
    std::string prose;
    while (prose.size() < 200000)
        prose += "The quick brown fox jumps over the lazy dog, 1234567890 times. Привет 你好 🙂\n";
    for (const char* name : kVocabs) {
        const Tokenizer& tok = tokenizerFor(vectorsDir() / "tokenizer" / ("ggml-vocab-" + std::string(name) + ".gguf"));
        for (const std::string* text : std::initializer_list<const std::string*>{&word, &prose}) {
            QElapsedTimer timer;
            timer.start();
            const std::vector<TokenId> ids = tok.tokenize(*text, {.addSpecial = false});
            const qint64 ms = timer.elapsed();
            qInfo("%s: %zu bytes -> %zu tokens in %lld ms", name, text->size(), ids.size(), ms);
            QCOMPARE(tok.detokenize(ids).size(), text->size());
        }
    }
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
