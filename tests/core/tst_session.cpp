// playground::Session: JSON round trips, "same as pane 1", buildRequest and SessionOps.

#include <QtTest>

#include "core/playground/Session.h"
#include "core/playground/SessionOps.h"

using namespace triad;
using namespace triad::playground;
using providers::ChatMessage;
using providers::SamplingParams;

namespace {

SamplingParams fullParams()
{
    SamplingParams p;
    p.temperature = 0.25;
    p.topP = 0.9;
    p.topK = 40;
    p.minP = 0.05;
    p.maxTokens = 512;
    p.stop = {"###", "\n\nUser:"};
    p.seed = 1234567890123LL;
    p.presencePenalty = -0.5;
    p.frequencyPenalty = 1.5;
    p.repetitionPenalty = 1.1;
    return p;
}

Session sampleSession()
{
    Session s;
    s.id = 7;
    s.name = "invoice extraction — ünïcode";
    s.systemPrompt = "You extract fields as JSON.";
    ChatMessage user{"user", "Invoice #4411", {}, nullptr, {}, {}};
    ChatMessage assistant{"assistant", "{\"invoice\": 4411}", "thinking…", nullptr, {}, 0};
    assistant.toolCalls = nlohmann::json::parse("[{\"id\":\"c1\",\"type\":\"function\","
                                                "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]");
    ChatMessage tool{"tool", "ok", {}, nullptr, "c1", {}};
    s.conversation = {user, assistant, tool};
    s.draft = "And the due date?";
    PaneConfig a;
    a.target = {"fireworks", "accounts/fireworks/models/llama-v3p1-70b-instruct"};
    a.params = fullParams();
    PaneConfig b;
    b.target = {"local", "triad-tiny"};
    b.sameParamsAsFirst = true;
    PaneConfig c;
    c.target = {"anthropic", "claude-3-5-haiku"};
    c.sameParamsAsFirst = false;
    c.params.temperature = 0.0;
    s.panes = {a, b, c};
    s.createdAtMs = 1700000000000;
    s.updatedAtMs = 1700000005000;
    return s;
}

QString dump(const nlohmann::json& j)
{
    return QString::fromStdString(j.dump());
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

private slots:
    void roundTripKeepsEverything()
    {
        const Session s = sampleSession();
        const nlohmann::json j = s;
        const Session back = nlohmann::json::parse(j.dump()).get<Session>();
        // Compare through JSON (Session has no operator==), then spot-check fields so a
        // field lost on BOTH sides of the conversion would still be noticed.
        QCOMPARE(dump(nlohmann::json(back)), dump(j));
        QCOMPARE(back.id, s.id);
        QCOMPARE(QString::fromStdString(back.name), QString::fromStdString(s.name));
        QCOMPARE(back.conversation.size(), size_t(3));
        QCOMPARE(QString::fromStdString(back.conversation[1].reasoning), QStringLiteral("thinking…"));
        QCOMPARE(back.conversation[1].weight.value_or(-1), 0);
        QCOMPARE(QString::fromStdString(back.conversation[1].toolCalls[0]["id"].get<std::string>()),
                 QStringLiteral("c1"));
        QCOMPARE(QString::fromStdString(back.conversation[2].toolCallId), QStringLiteral("c1"));
        QCOMPARE(back.panes.size(), size_t(3));
        QVERIFY(back.panes[0].target == s.panes[0].target);
        QCOMPARE(back.panes[0].params.seed.value_or(0), 1234567890123LL);
        QCOMPARE(back.panes[0].params.stop.size(), size_t(2));
        QCOMPARE(back.panes[2].sameParamsAsFirst, false);
        QCOMPARE(back.panes[2].params.temperature.value_or(-1), 0.0);
        QVERIFY2(!back.panes[2].params.topP.has_value(), "an unset parameter came back set");
        QCOMPARE(back.createdAtMs, s.createdAtMs);
        QCOMPARE(back.updatedAtMs, s.updatedAtMs);
        QCOMPARE(QString::fromStdString(back.draft), QString::fromStdString(s.draft));
    }

    void unsetOptionalsAreOmitted()
    {
        SamplingParams p;
        p.temperature = 0.0;   // set to zero is still set
        const nlohmann::json j = p;
        QCOMPARE(dump(j), QStringLiteral("{\"temperature\":0.0}"));
        ChatMessage m{"user", "hi", {}, nullptr, {}, {}};
        QCOMPARE(dump(nlohmann::json(m)), QStringLiteral("{\"content\":\"hi\",\"role\":\"user\"}"));
    }

    void paramKeysUseWireNames()
    {
        const nlohmann::json j = fullParams();
        for (const char* key : {"temperature", "top_p", "top_k", "min_p", "max_tokens", "stop", "seed",
                                "presence_penalty", "frequency_penalty", "repetition_penalty"})
            QVERIFY2(j.contains(key), qPrintable(QStringLiteral("missing %1 in %2").arg(key, dump(j))));
        QCOMPARE(j.size(), size_t(10));
    }

    void tolerantReading_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expectedName");
        QTest::addColumn<int>("expectedPanes");
        QTest::newRow("empty object") << "{}" << "" << 0;
        QTest::newRow("nulls") << "{\"name\":\"n\",\"panes\":[{\"params\":{\"temperature\":null}}]}" << "n" << 1;
        QTest::newRow("unknown keys") << "{\"name\":\"x\",\"future_field\":[1,2],\"panes\":[]}" << "x" << 0;
        QTest::newRow("not an object") << "[1,2,3]" << "" << 0;
    }

    void tolerantReading()
    {
        QFETCH(QString, json);
        QFETCH(QString, expectedName);
        QFETCH(int, expectedPanes);
        const Session s = nlohmann::json::parse(json.toStdString()).get<Session>();
        QCOMPARE(QString::fromStdString(s.name), expectedName);
        QCOMPARE(int(s.panes.size()), expectedPanes);
        if (expectedPanes > 0) {
            QVERIFY(!s.panes[0].params.temperature.has_value());
            QVERIFY(s.panes[0].sameParamsAsFirst);
        }
    }

    void wrongTypeThrows()
    {
        bool threw = false;
        try {
            (void)nlohmann::json::parse("{\"name\": 5}").get<Session>();
        } catch (const nlohmann::json::type_error&) {
            threw = true;
        }
        QVERIFY2(threw, "a number where the name should be was accepted silently");
    }

    void effectiveParamsFollowPaneOne()
    {
        Session s = sampleSession();
        QCOMPARE(dump(nlohmann::json(effectiveParams(s, 0))), dump(nlohmann::json(fullParams())));
        QCOMPARE(dump(nlohmann::json(effectiveParams(s, 1))), dump(nlohmann::json(fullParams())));
        QCOMPARE(dump(nlohmann::json(effectiveParams(s, 2))), QStringLiteral("{\"temperature\":0.0}"));
        // pane 1's own (stale) params are ignored while it follows pane 1
        s.panes[1].params.temperature = 1.9;
        QCOMPARE(effectiveParams(s, 1).temperature.value_or(-1), 0.25);
        s.panes[1].sameParamsAsFirst = false;
        QCOMPARE(effectiveParams(s, 1).temperature.value_or(-1), 1.9);
        // changing pane 1 changes every follower
        s.panes[0].params.temperature = 0.6;
        s.panes[2].sameParamsAsFirst = true;
        QCOMPARE(effectiveParams(s, 2).temperature.value_or(-1), 0.6);
        // out of range never crashes
        QCOMPARE(dump(nlohmann::json(effectiveParams(s, 99))), QStringLiteral("{}"));
        QCOMPARE(dump(nlohmann::json(effectiveParams(Session{}, 0))), QStringLiteral("{}"));
    }

    void buildRequestAppendsDraft()
    {
        const Session s = sampleSession();
        const providers::ChatRequest r = buildRequest(s, 1);
        QCOMPARE(QString::fromStdString(r.model), QStringLiteral("triad-tiny"));
        QCOMPARE(QString::fromStdString(r.system), QString::fromStdString(s.systemPrompt));
        QCOMPARE(r.messages.size(), s.conversation.size() + 1);
        QCOMPARE(QString::fromStdString(r.messages.back().role), QStringLiteral("user"));
        QCOMPARE(QString::fromStdString(r.messages.back().content), QStringLiteral("And the due date?"));
        QCOMPARE(r.params.maxTokens.value_or(0), 512);   // same as pane 1
        QVERIFY(r.stream);
        QCOMPARE(buildRequest(s, 2).params.maxTokens.has_value(), false);
    }

    void buildRequestWithoutDraft()
    {
        Session s = sampleSession();
        s.draft.clear();
        QCOMPARE(buildRequest(s, 0).messages.size(), s.conversation.size());
        QCOMPARE(QString::fromStdString(buildRequest(s, 99).model), QString());
    }

    void chatRequestRoundTrip()
    {
        providers::ChatRequest r = buildRequest(sampleSession(), 0);
        r.tools = nlohmann::json::parse("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        r.extraBody = {{"response_format", {{"type", "json_object"}}}};
        r.stream = false;
        const providers::ChatRequest back = nlohmann::json(r).get<providers::ChatRequest>();
        QCOMPARE(dump(nlohmann::json(back)), dump(nlohmann::json(r)));
        QCOMPARE(back.stream, false);
        QCOMPARE(back.messages.size(), r.messages.size());
        QCOMPARE(dump(back.tools), dump(r.tools));
    }

    void copyNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("taken");
        QTest::addColumn<QString>("expected");
        QTest::newRow("first copy") << "A" << QStringList{"A"} << "A (copy)";
        QTest::newRow("second copy") << "A" << QStringList{"A", "A (copy)"} << "A (copy 2)";
        QTest::newRow("copy of copy") << "A (copy)" << QStringList{"A", "A (copy)"} << "A (copy 2)";
        QTest::newRow("gap") << "A (copy 2)" << QStringList{"A (copy)", "A (copy 2)", "A (copy 3)"} << "A (copy 4)";
        QTest::newRow("not a copy suffix") << "Plan (copy x)" << QStringList{} << "Plan (copy x) (copy)";
    }

    void copyNames()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, taken);
        QFETCH(QString, expected);
        std::vector<std::string> names;
        for (const QString& t : taken)
            names.push_back(t.toStdString());
        QCOMPARE(QString::fromStdString(copyName(name.toStdString(), names)), expected);
    }

    void duplicateIsNewAndUnsaved()
    {
        const Session s = sampleSession();
        const Session copy = duplicateSession(s, {s.name});
        QCOMPARE(copy.id, int64_t(0));
        QCOMPARE(copy.createdAtMs, int64_t(0));
        QCOMPARE(QString::fromStdString(copy.name), QString::fromStdString(s.name + " (copy)"));
        QCOMPARE(copy.panes.size(), s.panes.size());
        QCOMPARE(copy.conversation.size(), s.conversation.size());
    }

    void continueWithAnswerAppendsTurns()
    {
        Session s = sampleSession();
        const size_t before = s.conversation.size();
        QVERIFY(continueWithAnswer(s, 2, "Due 2026-12-01", "looked at the date"));
        QCOMPARE(s.conversation.size(), before + 2);
        QCOMPARE(QString::fromStdString(s.conversation[before].role), QStringLiteral("user"));
        QCOMPARE(QString::fromStdString(s.conversation[before].content), QStringLiteral("And the due date?"));
        QCOMPARE(QString::fromStdString(s.conversation[before + 1].role), QStringLiteral("assistant"));
        QCOMPARE(QString::fromStdString(s.conversation[before + 1].content), QStringLiteral("Due 2026-12-01"));
        QCOMPARE(QString::fromStdString(s.conversation[before + 1].reasoning), QStringLiteral("looked at the date"));
        QVERIFY(s.draft.empty());
        // next request: the conversation continues from that answer
        const auto r = buildRequest(s, 0);
        QCOMPARE(QString::fromStdString(r.messages.back().content), QStringLiteral("Due 2026-12-01"));
        // refused: unknown pane; nothing to add
        QVERIFY(!continueWithAnswer(s, 9, "x"));
        QVERIFY(!continueWithAnswer(s, 0, ""));
        QCOMPARE(s.conversation.size(), before + 2);
    }

    void addAndRemovePanes()
    {
        Session s = newSession("n", {"p", "m"});
        QCOMPARE(s.panes.size(), size_t(1));
        for (int i = 1; i < kMaxPanes; ++i)
            QVERIFY(addPane(s));
        QCOMPARE(int(s.panes.size()), kMaxPanes);
        QVERIFY2(!addPane(s), "a 7th pane was added");
        QCOMPARE(int(s.panes.size()), kMaxPanes);
        while (s.panes.size() > 1)
            QVERIFY(removePane(s, s.panes.size() - 1));
        QVERIFY2(!removePane(s, 0), "the last pane was removed");
        QVERIFY(!removePane(s, 5));
    }

    void removingPaneOneKeepsEveryonesParams()
    {
        Session s = sampleSession();   // pane 0 full params; pane 1 follows; pane 2 own
        s.panes.push_back(PaneConfig{{"x", "y"}, true, {}});   // pane 3 follows too
        std::vector<std::string> before;
        for (size_t i = 1; i < s.panes.size(); ++i)
            before.push_back(nlohmann::json(effectiveParams(s, i)).dump());
        QVERIFY(removePane(s, 0));
        QCOMPARE(s.panes.size(), size_t(3));
        for (size_t i = 0; i < s.panes.size(); ++i)
            QCOMPARE(QString::fromStdString(nlohmann::json(effectiveParams(s, i)).dump()),
                     QString::fromStdString(before[i]));
        QVERIFY2(s.panes[2].sameParamsAsFirst, "pane that still matches the new pane 1 should keep following it");
        QVERIFY(!s.panes[1].sameParamsAsFirst);
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
