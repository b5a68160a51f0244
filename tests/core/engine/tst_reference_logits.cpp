// The engine against llama.cpp's ground truth (../shared/engine-vectors): for every model and
// prompt, identical tokens, last-position logits within 10% of the reference row's standard
// deviation, the same top-8 order wherever the reference separates neighbours by more than
// that, and the same greedy continuation while llama.cpp's margin exceeds twice it.

#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Transformer.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

using namespace triad::engine;
namespace fs = std::filesystem;

namespace {

constexpr double kTolerance = 0.10; // of the reference row's standard deviation

std::vector<float> readFloats(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> v(bytes.size() / sizeof(float));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
    return v;
}

double stddev(const std::vector<float>& v)
{
    double mean = 0;
    for (float x : v)
        mean += x;
    mean /= double(v.size());
    double var = 0;
    for (float x : v)
        var += (x - mean) * (x - mean);
    return std::sqrt(var / double(v.size()));
}

int argmax(const float* v, size_t n)
{
    return int(std::max_element(v, v + n) - v);
}

/** "" when cases @p i and @p j agree on the positions where they share tokens, else why not. */
std::string disagreement(const nlohmann::json& cases, size_t i, size_t j, double tol)
{
    const auto& a = cases[i];
    const auto& b = cases[j];
    const auto ta = a["tokens"].get<std::vector<int32_t>>(), tb = b["tokens"].get<std::vector<int32_t>>();
    for (size_t p = 0; p < std::min(ta.size(), tb.size()) && ta[p] == tb[p]; ++p) {
        for (size_t k = 0; k < a["top8_per_position"][p].size(); ++k) {
            const double la = a["top8_per_position"][p][k][1], lb = b["top8_per_position"][p][k][1];
            if (std::fabs(la - lb) > tol)
                return "llama.cpp's logits at position " + std::to_string(p) + " differ from case " + std::to_string(j) +
                       " although both share tokens 0.." + std::to_string(p) + " (" + std::to_string(la) + " vs " +
                       std::to_string(lb) + ")";
        }
    }
    return {};
}

/**
 * Position p's logits depend only on tokens[0..p] (causal attention), so cases sharing a
 * prefix must agree there. A case that disagrees with more cases than it agrees with is the
 * odd one out: returns why, or "" when case @p ci is consistent with the others.
 */
std::string referenceInconsistency(const nlohmann::json& cases, size_t ci, double tol)
{
    int agree = 0, disagree = 0;
    std::string why;
    for (size_t cj = 0; cj < cases.size(); ++cj) {
        if (cj == ci || cases[ci]["tokens"][0] != cases[cj]["tokens"][0])
            continue;
        const std::string d = disagreement(cases, ci, cj, tol);
        if (d.empty()) {
            ++agree;
        } else {
            ++disagree;
            why = d;
        }
    }
    return disagree > agree ? why : std::string();
}

fs::path vectorsDir()
{
    const std::string shared = triad::testsupport::sharedDir();
    return shared.empty() ? fs::path() : fs::path(shared) / "engine-vectors";
}

} // namespace

class TestReferenceLogits : public QObject {
    Q_OBJECT
    int m_unusableCases = 0;
private slots:
    void cleanupTestCase()
    {
        // Only one known case is self-contradictory (llama-spm-Q4_0 case 2, with both KV
        // types); more would mean the reference files changed and need a look.
        QVERIFY2(m_unusableCases <= 2, qPrintable(QStringLiteral("expected at most 2 unusable reference cases, got %1")
                                                      .arg(m_unusableCases)));
    }

    void matchesLlamaCpp_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("kvType");
        const fs::path dir = vectorsDir();
        if (dir.empty() || !fs::exists(dir / "models"))
            return;
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir / "models"))
            if (e.path().extension() == ".gguf")
                names.push_back(e.path().stem().string());
        std::sort(names.begin(), names.end());
        for (const std::string& n : names) {
            QTest::addRow("%s/kv-f32", n.c_str()) << QString::fromStdString(n) << int(KvCacheType::F32);
            QTest::addRow("%s/kv-f16", n.c_str()) << QString::fromStdString(n) << int(KvCacheType::F16);
        }
    }

    void matchesLlamaCpp()
    {
        const fs::path dir = vectorsDir();
        if (dir.empty())
            QSKIP("../shared/engine-vectors is absent: reference logits cannot be checked on this machine");
        QFETCH(QString, model);
        QFETCH(int, kvType);
        const std::string name = model.toStdString();
        const bool f16 = KvCacheType(kvType) == KvCacheType::F16;

        std::unique_ptr<Model> m;
        try {
            m = Model::load((dir / "models" / (name + ".gguf")).string());
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        std::ifstream in(dir / "reference" / (name + ".json"));
        const nlohmann::json ref = nlohmann::json::parse(in);
        const size_t vocab = size_t(m->config().vocabSize);
        QCOMPARE(size_t(ref["n_vocab"].get<int64_t>()), vocab);

        const auto& cases = ref["cases"];
        for (size_t ci = 0; ci < cases.size(); ++ci) {
            const auto& cs = cases[ci];
            const std::string prompt = cs["prompt"];
            const std::vector<int32_t> expectedTokens = cs["tokens"].get<std::vector<int32_t>>();
            const std::vector<int32_t> tokens = m->tokenizer().tokenize(prompt);
            QCOMPARE(tokens, expectedTokens);

            TransformerParams params;
            params.contextLength = 256;
            params.kvCacheType = KvCacheType(kvType);
            params.threadCount = 2;
            auto ctx = m->createContext(params);
            std::vector<float> all;
            ctx->evaluate(tokens, LogitsMode::AllPositions, all);

            // Last position against the full reference row.
            const std::string suffix = f16 ? ".last_logits.kvf16.f32" : ".last_logits.f32";
            const std::vector<float> refLast = readFloats(dir / "reference" / (name + ".case" + std::to_string(ci) + suffix));
            QCOMPARE(refLast.size(), vocab);
            const float* last = all.data() + (tokens.size() - 1) * vocab;
            const double sd = stddev(refLast);
            // A reference that contradicts itself cannot judge the engine: say so loudly
            // instead of comparing against it (and instead of silently passing).
            if (const std::string why = referenceInconsistency(cases, ci, kTolerance * sd); !why.empty()) {
                qWarning("%s case %zu: reference not usable: %s", name.c_str(), ci, why.c_str());
                ++m_unusableCases;
                continue;
            }
            double maxDiff = 0;
            size_t worst = 0;
            for (size_t i = 0; i < vocab; ++i) {
                const double d = std::fabs(double(last[i]) - refLast[i]);
                if (d > maxDiff) {
                    maxDiff = d;
                    worst = i;
                }
            }
            qInfo("%s case %zu: max |Δ| / std = %.4f (token %zu)", name.c_str(), ci, maxDiff / sd, worst);
            QVERIFY2(maxDiff / sd <= kTolerance,
                     qPrintable(QStringLiteral("case %1: expected max |Δlogit| <= %2 * std (%3), got %4 at token %5 (ours %6, ref %7)")
                                    .arg(ci).arg(kTolerance).arg(sd).arg(maxDiff).arg(worst).arg(last[worst]).arg(refLast[worst])));
            const double tol = kTolerance * sd;

            // Top-8 order at every prompt position, where the reference separates neighbours.
            const auto& top8 = cs["top8_per_position"];
            QCOMPARE(top8.size(), tokens.size());
            for (size_t p = 0; p < tokens.size(); ++p) {
                const float* row = all.data() + p * vocab;
                for (size_t k = 0; k + 1 < top8[p].size(); ++k) {
                    const int a = top8[p][k][0], b = top8[p][k + 1][0];
                    const double la = top8[p][k][1], lb = top8[p][k + 1][1];
                    QVERIFY2(std::fabs(row[a] - la) <= 2 * tol,
                             qPrintable(QStringLiteral("case %1 pos %2: token %3 expected logit %4, got %5").arg(ci).arg(p).arg(a).arg(la).arg(row[a])));
                    if (la - lb > tol)
                        QVERIFY2(row[a] > row[b],
                                 qPrintable(QStringLiteral("case %1 pos %2: expected token %3 (%4) above %5 (%6), got %7 <= %8")
                                                .arg(ci).arg(p).arg(a).arg(la).arg(b).arg(lb).arg(row[a]).arg(row[b])));
                }
            }

            // Greedy continuation while llama.cpp's top-1/top-2 margin is clear.
            if (f16)
                continue; // the F16 reference has no greedy list of its own
            std::vector<float> logits(last, last + vocab);
            int checked = 0;
            for (const auto& step : cs["greedy"]) {
                const int expected = step[0];
                const double margin = step[1];
                if (margin <= 2 * tol)
                    break;
                const int got = argmax(logits.data(), vocab);
                QVERIFY2(got == expected, qPrintable(QStringLiteral("case %1 greedy step %2: expected token %3 (margin %4), got %5")
                                                         .arg(ci).arg(checked).arg(expected).arg(margin).arg(got)));
                const int32_t next = got;
                ctx->evaluate(std::span<const int32_t>(&next, 1), LogitsMode::LastPosition, logits);
                ++checked;
            }
            qInfo("%s case %zu: %d greedy steps checked", name.c_str(), ci, checked);
        }
    }
};

QTEST_GUILESS_MAIN(TestReferenceLogits)
#include "tst_reference_logits.moc"
