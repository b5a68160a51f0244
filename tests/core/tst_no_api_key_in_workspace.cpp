// The workspace never holds an API key. The app's whole save path runs with a key in the
// environment and in memory; then the file is read with SQLite directly (every column of
// every row of every table) and as raw bytes (main file, -wal, -shm), and the key must be
// in none of them. A canary value stored on purpose proves the scan would find it.

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sqlite3.h>

#include "core/playground/RequestExport.h"
#include "core/playground/SessionOps.h"
#include "core/providers/ApiKeySource.h"
#include "core/providers/ProviderPresets.h"
#include "core/store/MetricsJson.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad;
using namespace triad::store;

namespace {

const char* kKeyVar = "TRIAD_TEST_KEY";
const char* kKey = "sk-test-abcdef123456";
const char* kKeyBody = "abcdef123456";   // the key without its well-known prefix
const char* kCanary = "CANARY-5f1e2d-stored-on-purpose";

/** Every text and blob cell of every table, via a separate plain SQLite connection. */
std::string dumpAllCells(const std::string& path, int* cellCount)
{
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    std::vector<std::string> tables;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);

    std::string all;
    *cellCount = 0;
    for (const std::string& table : tables) {
        sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\"").c_str(), -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const int type = sqlite3_column_type(st, c);
                if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                    const void* data = type == SQLITE_BLOB ? sqlite3_column_blob(st, c)
                                                           : static_cast<const void*>(sqlite3_column_text(st, c));
                    all.append(static_cast<const char*>(data), size_t(sqlite3_column_bytes(st, c)));
                    all += '\n';
                    ++*cellCount;
                }
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return all;
}

std::string rawBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

class TestNoApiKeyInWorkspace : public QObject {
    Q_OBJECT

private slots:
    void keyNeverReachesTheFile()
    {
        qputenv(kKeyVar, kKey);
        QTemporaryDir dir;
        const std::string path = dir.filePath("work.triad").toStdString();
        auto ws = Workspace::open(path);

        // Providers, as the settings dialog saves them: the env var NAME only.
        providers::ProviderConfig fireworks =
            providers::ProviderPresets::makeConfig(*providers::ProviderPresets::find("fireworks"));
        fireworks.apiKeyEnv = kKeyVar;
        fireworks.extraHeaders["HTTP-Referer"] = "https://example.org";
        ws->providers().save(fireworks);
        providers::ProviderConfig anthropic =
            providers::ProviderPresets::makeConfig(*providers::ProviderPresets::find("anthropic"));
        anthropic.apiKeyEnv = kKeyVar;
        ws->providers().save(anthropic);

        // The key as the app holds it in memory.
        const std::optional<std::string> key = providers::ApiKeySource::fromEnvironment(fireworks);
        QVERIFY2(key && *key == kKey, "test set-up: the key should come from the environment");

        // Bugs that would put the key into provider settings are refused, not written.
        int refused = 0;
        for (int variant = 0; variant < 3; ++variant) {
            providers::ProviderConfig leaky = fireworks;
            leaky.id = "leaky-" + std::to_string(variant);
            if (variant == 0) leaky.extraHeaders["Authorization"] = "Bearer " + *key;
            if (variant == 1) leaky.extraHeaders["x-api-key"] = *key;
            if (variant == 2) leaky.apiKeyEnv = *key;
            try {
                ws->providers().save(leaky);
            } catch (const StoreError& e) {
                QVERIFY2(std::string(e.what()).find(*key) == std::string::npos, "error message contains the key");
                ++refused;
            }
        }
        QCOMPARE(refused, 3);

        // A session and its runs, as the playground saves them.
        playground::Session session = playground::newSession("key test", {fireworks.id, "llama-v3p1-8b"});
        playground::addPane(session, {{anthropic.id, "claude-3-5-haiku"}, true, {}});
        session.systemPrompt = "You are terse.";
        session.draft = "Say hi";
        session.panes[0].params.temperature = 0.2;
        ws->sessions().save(session);
        for (size_t pane = 0; pane < session.panes.size(); ++pane) {
            const providers::ProviderConfig& config = pane == 0 ? fireworks : anthropic;
            RunRecord run;
            run.sessionId = session.id;
            run.paneIndex = int(pane);
            run.target = session.panes[pane].target;
            run.request = playground::buildRequest(session, pane);
            run.responseText = "hi";
            run.finishReason = "stop";
            run.timeline = {{"sent_ns", 1}, {"done_ns", 2}};
            run.metrics.ttftMs = 12.0;
            run.startedAtMs = Workspace::nowMs();
            run.finishedAtMs = run.startedAtMs + 40;
            if (pane == 1)
                run.error = providers::ErrorInfo{providers::ErrorKind::Auth, 401,
                                                 "Anthropic rejected the API key " + providers::maskKey(*key)
                                                     + " (HTTP 401)"};
            ws->runs().add(run);
            // the export a person copies (must not contain the key, and is not stored
            // by the app, but check it goes nowhere near the file either way)
            const std::string curl = playground::exportRequest(run.request, config, playground::ExportFormat::Curl);
            QVERIFY2(curl.find(*key) == std::string::npos, "export contains the key");
        }
        playground::Session copy = ws->sessions().duplicate(session.id);
        ws->sessions().rename(copy.id, "renamed copy");

        // Settings the GUI keeps, plus the canary.
        ws->settings().set(SettingsRepository::kLastSessionId, session.id);
        ws->settings().set(SettingsRepository::kPriceOverrides,
                           {{"fireworks/llama-v3p1-8b", {{"input_per_mtok", 0.2}, {"output_per_mtok", 0.2}}}});
        ws->settings().set("canary", kCanary);

        // 1) With the workspace still open: the data sits partly in the -wal.
        int cells = 0;
        std::string cellsText = dumpAllCells(path, &cells);
        QVERIFY2(cells > 20, qPrintable(QStringLiteral("only %1 cells read: the scan is not seeing the data").arg(cells)));
        QVERIFY2(cellsText.find(kCanary) != std::string::npos, "the cell scan cannot even find the canary");
        QVERIFY2(cellsText.find(kKey) == std::string::npos, "the API key is in a workspace cell");
        QVERIFY2(cellsText.find(kKeyBody) == std::string::npos, "part of the API key is in a workspace cell");
        QVERIFY2(cellsText.find(kKeyVar) != std::string::npos, "the env var name should be stored instead");

        std::string bytes;
        for (const char* suffix : {"", "-wal", "-shm"})
            bytes += rawBytes(path + suffix);
        QVERIFY2(bytes.find(kCanary) != std::string::npos, "the raw-byte scan cannot find the canary");
        QVERIFY2(bytes.find(kKey) == std::string::npos, "the API key is in the workspace files' bytes");
        QVERIFY2(bytes.find(kKeyBody) == std::string::npos, "part of the API key is in the workspace files' bytes");

        // 2) After closing: everything checkpointed into the main file.
        ws.reset();
        const std::string closed = rawBytes(path);
        QVERIFY2(closed.find(kCanary) != std::string::npos, "canary missing from the checkpointed file");
        QVERIFY2(closed.find(kKey) == std::string::npos, "the API key is in the closed workspace file");
        QVERIFY2(closed.find(kKeyBody) == std::string::npos, "part of the API key is in the closed workspace file");
        cellsText = dumpAllCells(path, &cells);
        QVERIFY2(cellsText.find(kKey) == std::string::npos, "the API key is in a cell after closing");
        qunsetenv(kKeyVar);
    }
};

QTEST_GUILESS_MAIN(TestNoApiKeyInWorkspace)
#include "tst_no_api_key_in_workspace.moc"
