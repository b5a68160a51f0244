// The bundled model's synthetic corpus: same seed same examples, held-out prompts never in
// training, every answer recomputed here from its prompt, JSON lines the SFT reader accepts,
// and a BPE vocabulary that encodes every byte.

#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/train/SftDataset.h"
#include "core/train/corpus/BpeVocabBuilder.h"
#include "core/train/corpus/BundledModelFile.h"
#include "core/train/corpus/CorpusGenerator.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

using namespace triad::train::corpus;

Q_DECLARE_METATYPE(Task)

namespace {

const std::vector<std::string> kMonths{"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

std::vector<long long> numbersIn(const std::string& s)
{
    std::vector<long long> out;
    static const std::regex number(R"(-?\d+)");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), number); it != std::sregex_iterator(); ++it)
        out.push_back(std::stoll(it->str()));
    return out;
}

std::string quoted(const std::string& s)
{
    std::smatch m;
    static const std::regex q("\"([^\"]*)\"");
    return std::regex_search(s, m, q) ? m[1].str() : std::string();
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool has(const std::string& s, const char* part)
{
    return s.find(part) != std::string::npos;
}

/** The answer to @p e's prompt, worked out independently of the generator; "" = unparsable. */
std::string recompute(const CorpusExample& e)
{
    const std::string& u = e.user;
    switch (e.task) {
    case Task::Arithmetic: {
        const auto n = numbersIn(u);
        if (n.size() != 2)
            return {};
        const auto show = [](int64_t a, const char* op, int64_t b, int64_t r) {
            return std::to_string(a) + op + std::to_string(b) + " = " + std::to_string(r);
        };
        if (has(u, "Subtract"))
            return show(n[1], " - ", n[0], n[1] - n[0]);
        if (has(u, "plus") || has(u, "+") || has(u, "Add") || has(u, "sum"))
            return show(n[0], " + ", n[1], n[0] + n[1]);
        if (has(u, "minus") || has(u, " - "))
            return show(n[0], " - ", n[1], n[0] - n[1]);
        if (has(u, "times") || has(u, "*") || has(u, "Multiply") || has(u, " x "))
            return show(n[0], " x ", n[1], n[0] * n[1]);
        return {};
    }
    case Task::UnitConversion: {
        std::smatch m;
        static const std::regex source(
            R"((-?\d+) ?(°C|degrees Celsius|kilometers|km|kilograms|kg|meters|minutes|m|grams|g|hours)\b)");
        if (!std::regex_search(u, m, source))
            return {};
        const long long n = std::stoll(m[1].str());
        const std::string unit = m[2].str();
        if (unit == "°C" || unit == "degrees Celsius")
            return n % 5 == 0 ? std::to_string(n * 9 / 5 + 32) + " °F" : "";
        if (unit == "km" || unit == "kilometers")
            return std::to_string(n * 1000) + " m";
        if (unit == "kg" || unit == "kilograms")
            return std::to_string(n * 1000) + " g";
        if (unit == "hours")
            return std::to_string(n * 60) + " minutes";
        if (unit == "m" || unit == "meters")
            return n % 1000 == 0 ? std::to_string(n / 1000) + " km" : "";
        if (unit == "g" || unit == "grams")
            return n % 1000 == 0 ? std::to_string(n / 1000) + " kg" : "";
        return n % 60 == 0 ? std::to_string(n / 60) + " hours" : "";
    }
    case Task::DateFormat: {
        std::smatch m;
        static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
        static const std::regex words(R"((\d{1,2}) ([A-Z][a-z]+) (\d{4}))");
        if (std::regex_search(u, m, iso))
            return std::to_string(std::stoi(m[3].str())) + " " + kMonths.at(size_t(std::stoi(m[2].str()) - 1)) + " " +
                   m[1].str();
        if (std::regex_search(u, m, words)) {
            const auto month = std::find(kMonths.begin(), kMonths.end(), m[2].str());
            if (month == kMonths.end())
                return {};
            char buf[16];
            std::snprintf(buf, sizeof buf, "%s-%02d-%02d", m[3].str().c_str(), int(month - kMonths.begin()) + 1,
                          std::stoi(m[1].str()));
            return buf;
        }
        return {};
    }
    case Task::JsonExtraction: {
        std::smatch m;
        static const std::regex forms(R"(Name: ([A-Z][a-z]+), age (\d+)|([A-Z][a-z]+) is (\d+) years old|JSON: ([A-Z][a-z]+), (\d+) years)");
        if (!std::regex_search(u, m, forms))
            return {};
        for (int g = 1; g <= 5; g += 2)
            if (m[g].matched)
                return nlohmann::ordered_json{{"name", m[g].str()}, {"age", std::stoi(m[g + 1].str())}}.dump();
        return {};
    }
    case Task::Sentiment: {
        const std::string review = lower(quoted(u));
        bool pos = false, neg = false;
        for (const std::string& w : CorpusGenerator::positiveWords())
            pos = pos || has(review, w.c_str());
        for (const std::string& w : CorpusGenerator::negativeWords())
            neg = neg || has(review, w.c_str());
        return pos == neg ? "" : pos ? "positive" : "negative";
    }
    case Task::Spelling: {
        const std::string q = quoted(u);
        if (has(u, "pell")) {
            std::string out;
            for (char c : q)
                out += (out.empty() ? "" : "-") + std::string(1, c);
            return out;
        }
        if (has(u, "letters"))
            return std::to_string(q.size());
        if (has(u, "words"))
            return std::to_string(std::count(q.begin(), q.end(), ' ') + 1);
        return {};
    }
    case Task::SmallTalk: {
        const std::string l = lower(u);
        if (has(l, "how are") || has(l, "how is it"))
            return "I am doing well, thank you. How can I help you?";
        if (has(l, "thank"))
            return "You are welcome!";
        if (has(l, "bye") || has(l, "see you"))
            return "Goodbye! Have a nice day.";
        if (has(l, "hello") || has(l, "hi") || has(l, "hey") || has(l, "good "))
            return "Hello! How can I help you today?";
        return {};
    }
    case Task::Identity: {
        const std::string l = lower(u);
        const bool asksAboutModel = has(l, "who are") || has(l, "what are") || has(l, "name") || has(l, "yourself") ||
                                    has(l, "model") || has(l, "chatgpt") || has(l, "what can");
        return asksAboutModel ? std::string(identityAnswer()) : "";
    }
    case Task::RomanNumerals: {
        const auto n = numbersIn(u);
        return n.size() == 1 ? toRoman(int(n[0])) : "";
    }
    case Task::TicketRouting: {
        // Exactly one queue's complaint must be in the ticket.
        const std::string l = lower(quoted(u));
        std::string queue;
        for (const auto& [name, complaints] : CorpusGenerator::ticketQueues())
            for (const std::string& c : complaints)
                if (has(l, lower(c).c_str())) {
                    if (!queue.empty() && queue != name)
                        return {};
                    queue = name;
                }
        return queue;
    }
    }
    return {};
}

} // namespace

class TestCorpus : public QObject {
    Q_OBJECT

private slots:
    void answersRecomputedFromPrompts_data()
    {
        QTest::addColumn<Task>("task");
        for (Task t : bundledTasks())
            QTest::newRow(taskName(t).c_str()) << t;
        QTest::newRow("roman_numerals") << Task::RomanNumerals;
        QTest::newRow("ticket_routing") << Task::TicketRouting;
    }

    void answersRecomputedFromPrompts()
    {
        QFETCH(Task, task);
        CorpusGenerator gen(11);
        std::set<std::string> prompts;
        for (int i = 0; i < 400; ++i) {
            const CorpusExample e = gen.next(task);
            QCOMPARE(e.task, task);
            const std::string expected = recompute(e);
            if (expected != e.assistant)
                QFAIL(qPrintable(QString("prompt '%1': generator answered '%2', recomputed '%3'")
                                     .arg(e.user.c_str(), e.assistant.c_str(), expected.c_str())));
            prompts.insert(e.user);
        }
        // Varied phrasings and values, not one prompt repeated.
        QVERIFY2(prompts.size() >= 20, qPrintable(QString("only %1 distinct prompts in 400").arg(prompts.size())));
    }

    void sameSeedSameCorpus()
    {
        for (uint64_t seed : {1ull, 2ull, 977ull}) {
            const CorpusSplit a = makeCorpusSplit(bundledTasks(), 30, 10, seed);
            const CorpusSplit b = makeCorpusSplit(bundledTasks(), 30, 10, seed);
            QCOMPARE(a.train.size(), b.train.size());
            for (size_t i = 0; i < a.train.size(); ++i)
                QCOMPARE(toSftJsonLine(a.train[i]), toSftJsonLine(b.train[i]));
            QCOMPARE(a.heldOut.size(), b.heldOut.size());
            for (size_t i = 0; i < a.heldOut.size(); ++i)
                QCOMPARE(toSftJsonLine(a.heldOut[i]), toSftJsonLine(b.heldOut[i]));
        }
        const CorpusSplit one = makeCorpusSplit(bundledTasks(), 30, 0, 1);
        const CorpusSplit two = makeCorpusSplit(bundledTasks(), 30, 0, 2);
        int same = 0;
        for (size_t i = 0; i < one.train.size(); ++i)
            same += one.train[i].user == two.train[i].user;
        QVERIFY2(same < int(one.train.size()) / 2,
                 qPrintable(QString("seeds 1 and 2 share %1 of %2 prompts").arg(same).arg(one.train.size())));
    }

    void heldOutDisjointFromTraining()
    {
        const CorpusSplit s = makeCorpusSplit(bundledTasks(), 500, 50, 1);
        QCOMPARE(s.train.size(), size_t(500) * bundledTasks().size());
        std::set<std::string> train;
        for (const CorpusExample& e : s.train)
            train.insert(e.user);
        std::map<Task, int> perTask;
        for (const CorpusExample& e : s.heldOut) {
            if (train.count(e.user) != 0)
                QFAIL(qPrintable(QString("held-out prompt '%1' is also a training prompt").arg(e.user.c_str())));
            QCOMPARE(recompute(e), e.assistant);
            ++perTask[e.task];
        }
        for (Task t : bundledTasks())
            QVERIFY2(perTask[t] == 50, qPrintable(QString("%1: %2 held-out examples, expected 50")
                                                      .arg(taskName(t).c_str()).arg(perTask[t])));
    }

    void jsonLinesAreSftChat()
    {
        CorpusGenerator gen(3);
        gen.setSystemFraction(0.5);
        std::string text;
        std::vector<CorpusExample> examples;
        for (int i = 0; i < 50; ++i)
            for (Task t : bundledTasks()) {
                examples.push_back(gen.next(t));
                text += toSftJsonLine(examples.back()) + "\n";
            }
        const triad::train::SftDataset data = triad::train::SftDataset::parse(text, "corpus");
        QCOMPARE(data.size(), examples.size());
        int withSystem = 0;
        for (size_t i = 0; i < examples.size(); ++i) {
            const auto& m = data.examples()[i].messages;
            QCOMPARE(m.back().role, std::string("assistant"));
            QCOMPARE(m.back().content, examples[i].assistant);
            QCOMPARE(m[m.size() - 2].content, examples[i].user);
            withSystem += m.size() == 3;
            if (examples[i].task == Task::JsonExtraction) {
                const auto j = nlohmann::json::parse(examples[i].assistant);
                QVERIFY(j.is_object() && j.size() == 2 && j["name"].is_string() && j["age"].is_number_integer());
            }
        }
        QVERIFY2(withSystem > 100 && withSystem < 300, qPrintable(QString("%1 of 400 with a system message").arg(withSystem)));
    }

    void romanNumerals_data()
    {
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("roman");
        QTest::newRow("1") << 1 << "I";
        QTest::newRow("4") << 4 << "IV";
        QTest::newRow("9") << 9 << "IX";
        QTest::newRow("14") << 14 << "XIV";
        QTest::newRow("40") << 40 << "XL";
        QTest::newRow("99") << 99 << "XCIX";
        QTest::newRow("100") << 100 << "C";
        QTest::newRow("1994") << 1994 << "MCMXCIV";
    }

    void romanNumerals()
    {
        QFETCH(int, value);
        QFETCH(QString, roman);
        QCOMPARE(QString::fromStdString(toRoman(value)), roman);
    }

    void vocabularyEncodesEveryByte()
    {
        const CorpusSplit s = makeCorpusSplit(bundledTasks(), 40, 0, 5);
        std::vector<std::string> texts;
        for (const CorpusExample& e : s.train)
            texts.push_back(e.user + " " + e.assistant);
        const BpeVocab v = buildBpeVocab(texts, 120, "qwen2");
        QCOMPARE(v.merges.size(), size_t(120));
        QCOMPARE(v.tokens.size(), size_t(256 + 120 + 3));
        QCOMPARE(buildBpeVocab(texts, 120, "qwen2").merges, v.merges);

        QTemporaryDir dir;
        const std::string path = dir.filePath("v.gguf").toStdString();
        ModelShape shape{.dim = 32, .layers = 1, .heads = 2, .kvHeads = 1, .ffn = 32, .context = 64};
        writeBundledModelFile(path, shape, v, randomTensorValues(shape, 1), triad::engine::GgmlType::F32);
        const auto model = triad::engine::Model::load(path);
        // Every byte has its own token, so any input is encodable; malformed UTF-8 is the
        // engine's business (U+FFFD, as llama.cpp), so the round trip uses valid text.
        for (int b = 0; b < 256; ++b)
            QVERIFY2(std::find(v.tokens.begin(), v.tokens.end(), byteSymbol(uint8_t(b))) != v.tokens.end(),
                     qPrintable(QString("no token for byte %1").arg(b)));
        std::string all;
        for (int b = 1; b < 128; ++b)
            all += char(b);
        all += "°C é ü 日本語 \xF0\x9F\x98\x80";
        for (const std::string& text : {all, std::string("What is 12 plus 30?"), texts[0]}) {
            const auto ids = model->tokenizer().tokenize(text);
            QCOMPARE(QByteArray::fromStdString(model->tokenizer().detokenize(ids)), QByteArray::fromStdString(text));
        }
        // Merges make the corpus shorter than its bytes.
        const auto ids = model->tokenizer().tokenize(texts[0]);
        QVERIFY2(ids.size() < texts[0].size(), qPrintable(QString("%1 tokens for %2 bytes").arg(ids.size()).arg(texts[0].size())));
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
