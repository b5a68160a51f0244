// The Models view over a real engine: a synthesized GGUF model is added (its facts in the
// row and the details), loaded off the GUI thread, offered as the playground target
// "local/<id>", answers in a playground pane with the usual figures, and is unloaded.
// Broken files are reported inline naming the file; the catalogue (with "load on start")
// comes back when the workspace is reopened, and a file that disappeared shows as Failed.

#include <memory>

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "core/engine/GgufSummary.h"
#include "core/metrics/PriceTable.h"
#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/TestPaths.h"
#include "widgets/MainWindow.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/models/LocalModelController.h"
#include "widgets/models/LocalModelTableModel.h"
#include "widgets/models/ModelDetailsPanel.h"
#include "widgets/models/ModelFormat.h"
#include "widgets/models/ModelsView.h"
#include "widgets/playground/PaneWidget.h"
#include "widgets/playground/PlaygroundView.h"
#include "widgets/playground/PromptEditor.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;
using namespace triad::widgets;
using Col = LocalModelTableModel::Column;

namespace {

constexpr int kLoadTimeoutMs = 30000;

// The synthesized shape (see synthesize()): dim 64, 2 layers, 4 heads, 2 KV heads, ffn 128,
// vocab 512. Parameters: token embedding and output 512×64 each (the output may be tied),
// per layer q 64×64, k and v 64×32, o 64×64, gate/up/down 64×128, two norms of 64, plus the
// final norm.
constexpr int64_t kPerLayer = 64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 128 + 2 * 64;
constexpr int64_t kUntied = 2 * 512 * 64 + 2 * kPerLayer + 64;
constexpr int64_t kTied = kUntied - 512 * 64;

// One "run" of the app over a workspace: what MainWindow wires, without the window.
struct App {
    std::unique_ptr<store::Workspace> workspace;
    std::unique_ptr<ProviderRegistry> registry;
    std::unique_ptr<ChatRunBridge> bridge;
    std::unique_ptr<LocalModelController> local;
    std::unique_ptr<ModelsView> view;
    metrics::PriceTable prices = metrics::PriceTable::withDefaults();

    explicit App(const QString& path)
    {
        workspace = store::Workspace::open(path.toStdString());
        registry = std::make_unique<ProviderRegistry>(nullptr);
        registry->setRepositories(&workspace->providers(), &workspace->settings());
        bridge = std::make_unique<ChatRunBridge>();
        bridge->setRunRepository(&workspace->runs());
        bridge->setPriceTable(&prices);
        // A small KV cache: random weights rarely say "end of text", so answers run until
        // the context is full; 256 positions keep that short.
        local = std::make_unique<LocalModelController>(registry.get(), nullptr,
                                                        local::LocalModelOptions{.threads = 1, .contextLength = 256});
        local->setSettings(&workspace->settings());
        view = std::make_unique<ModelsView>(local.get());
        view->resize(1100, 600);
        view->show();
    }
    ~App()
    {
        bridge->stopAllAndWait();
        view.reset();
        local->setSettings(nullptr);
        local.reset();
        bridge.reset();
        registry.reset();
        workspace.reset();
    }
    LocalModelTableModel* model() const { return view->tableModel(); }
    QString cell(int row, int column) const { return model()->index(row, column).data().toString(); }
};

QString cli()
{
    const QByteArray env = qgetenv("TRIAD_CLI");
    return env.isEmpty() ? QString::fromStdString(testsupport::cliPath()) : QString::fromLocal8Bit(env);
}

bool hasTarget(ProviderRegistry& registry, const QString& providerId, const QString& model, QString* displayName = nullptr)
{
    for (const ProviderTarget& t : registry.targets()) {
        if (t.providerId == providerId && t.models.contains(model)) {
            if (displayName) *displayName = t.displayName;
            return true;
        }
    }
    return false;
}

} // namespace

class TestModelsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void formats_data();
    void formats();
    void addLoadStreamUnload();
    void brokenFilesAreReportedInline();
    void catalogueComesBackWithMissingFiles();
    void folderAndDrop();
    void mainWindowHasModelsViewAndStatus();

private:
    QString synthesize(const QString& name);

    QTemporaryDir m_dir;
    QString m_model;
};

QString TestModelsView::synthesize(const QString& name)
{
    const QString out = m_dir.filePath(name);
    QProcess p;
    p.start(cli(), {QStringLiteral("model"), QStringLiteral("synth"), QStringLiteral("--arch"), QStringLiteral("llama"),
                    QStringLiteral("--dim"), QStringLiteral("64"), QStringLiteral("--layers"), QStringLiteral("2"),
                    QStringLiteral("--heads"), QStringLiteral("4"), QStringLiteral("--kv-heads"), QStringLiteral("2"),
                    QStringLiteral("--ffn"), QStringLiteral("128"), QStringLiteral("--vocab"), QStringLiteral("512"),
                    QStringLiteral("--type"), QStringLiteral("Q8_0"), QStringLiteral("--out"), out});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning("triad-cli model synth failed (%s): %s", qPrintable(cli()), p.readAllStandardError().constData());
        return {};
    }
    return out;
}

void TestModelsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Figures are written in the person's locale; the expectations below are in US English.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
    m_model = synthesize(QStringLiteral("tiny-q8.gguf"));
    QVERIFY2(!m_model.isEmpty() && QFileInfo::exists(m_model), "could not synthesize the test model");
}

void TestModelsView::formats_data()
{
    QTest::addColumn<quint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << quint64(0) << QStringLiteral("—");
    QTest::newRow("bytes") << quint64(512) << QStringLiteral("512 B");
    QTest::newRow("kilobytes") << quint64(640 * 1024) << QStringLiteral("640 KB");
    QTest::newRow("small MB") << quint64(9.4 * 1024 * 1024) << QStringLiteral("9.4 MB");
    QTest::newRow("MB") << quint64(312) * 1024 * 1024 << QStringLiteral("312 MB");
    QTest::newRow("GB") << quint64(1.24 * 1024 * 1024 * 1024) << QStringLiteral("1.24 GB");
}

void TestModelsView::formats()
{
    QFETCH(quint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(ModelFormat::bytes(bytes), expected);
}

void TestModelsView::addLoadStreamUnload()
{
    App app(m_dir.filePath(QStringLiteral("stream.triad")));
    QVERIFY2(app.view->isShowingEmptyState(), "an empty catalogue should show the teaching empty state");

    QSignalSpy finished(app.local.get(), &LocalModelController::addFinished);
    app.local->addFiles({m_model});
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(1).toStringList(), QStringList());
    QCOMPARE(app.model()->rowCount(), 1);
    QVERIFY(!app.view->isShowingEmptyState());

    // The row's facts, as the synthesizer wrote them.
    QCOMPARE(app.cell(0, Col::NameColumn), QStringLiteral("triad-synth-llama"));
    QCOMPARE(app.cell(0, Col::ArchitectureColumn), QStringLiteral("llama"));
    const QString params = app.cell(0, Col::ParametersColumn);
    QVERIFY2(params == QString::fromStdString(engine::formatParameterCount(kUntied))
                 || params == QString::fromStdString(engine::formatParameterCount(kTied)),
             qPrintable(QStringLiteral("expected %1 or %2 parameters, got %3")
                            .arg(QString::fromStdString(engine::formatParameterCount(kUntied)),
                                 QString::fromStdString(engine::formatParameterCount(kTied)), params)));
    QCOMPARE(app.cell(0, Col::QuantizationColumn), QStringLiteral("Q8_0"));
    QCOMPARE(app.cell(0, Col::ContextColumn), QStringLiteral("4,096"));
    QCOMPARE(app.cell(0, Col::TemplateColumn), QStringLiteral("chatml"));
    QCOMPARE(app.cell(0, Col::SizeColumn), ModelFormat::bytes(quint64(QFileInfo(m_model).size())));
    QCOMPARE(app.cell(0, Col::StateColumn), QStringLiteral("Not loaded"));
    QCOMPARE(app.cell(0, Col::MemoryColumn), QStringLiteral("—"));
    QCOMPARE(app.model()->index(0, Col::SizeColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight,
             Qt::AlignRight);

    // Selected after adding: the details show the header's facts.
    QCOMPARE(app.view->selectedPaths(), QStringList{QFileInfo(m_model).absoluteFilePath()});
    const QString details = app.view->detailsPanel()->plainText();
    for (const char* fact : {"triad-synth-llama", "llama", "Q8_0", "4,096 tokens", "512 tokens", "gpt2", "chatml", "none (not loaded)"})
        QVERIFY2(details.contains(QLatin1String(fact)),
                 qPrintable(QStringLiteral("details lack “%1”:\n%2").arg(QLatin1String(fact), details)));

    // Load: the row says Loading… at once, the GUI keeps running, then Loaded.
    QVERIFY(!hasTarget(*app.registry, QStringLiteral("local"), QStringLiteral("tiny-q8")));
    QStringList states;   // the state cell at every change, to see "Loading…" even when loading is instant
    const auto record = connect(app.local.get(), &LocalModelController::rowsChanged, this,
                                [&] { states << app.cell(0, Col::StateColumn); });
    app.view->loadSelected();
    QTRY_COMPARE_WITH_TIMEOUT(app.cell(0, Col::StateColumn), QStringLiteral("Loaded"), kLoadTimeoutMs);
    disconnect(record);
    QVERIFY2(!states.isEmpty() && states.first() == QStringLiteral("Loading…"),
             qPrintable(QStringLiteral("expected Loading… first, states were: ") + states.join(QStringLiteral(" | "))));
    const QString id = app.local->rows().first().id();
    QCOMPARE(id, QStringLiteral("tiny-q8"));
    QVERIFY2(app.cell(0, Col::MemoryColumn) != QStringLiteral("—"), "a loaded model shows its memory");
    QVERIFY(app.local->memoryInUseBytes() >= quint64(QFileInfo(m_model).size()));
    QVERIFY2(app.view->summaryText().startsWith(QStringLiteral("1 loaded · ")), qPrintable(app.view->summaryText()));
    QVERIFY2(app.local->summaryText().startsWith(QStringLiteral("Local: 1 loaded, ")), qPrintable(app.local->summaryText()));
    QTRY_VERIFY(app.view->detailsPanel()->plainText().contains(QStringLiteral("KV cache and scratch")));
    QVERIFY2(app.view->detailsPanel()->plainText().contains(QStringLiteral("256 tokens")),
             qPrintable(app.view->detailsPanel()->plainText()));

    // A playground target now, under "Local models".
    QString displayName;
    QTRY_VERIFY(hasTarget(*app.registry, QStringLiteral("local"), id, &displayName));
    QCOMPARE(displayName, QStringLiteral("Local models"));
    QSignalSpy activated(app.view.get(), &ModelsView::modelActivated);
    app.view->useSelected();
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("local"));
    QCOMPARE(activated.at(0).at(1).toString(), id);

    // A playground pane bound to it streams an answer with the usual figures.
    {
        // A fixed seed and a token limit, so the answer (of random weights) is the same every time.
        playground::Session session;
        session.name = "local";
        session.draft = "Hello there";
        playground::PaneConfig pane0;
        pane0.target = {"local", id.toStdString()};
        pane0.params.temperature = 1.0;
        pane0.params.seed = 7;
        pane0.params.maxTokens = 24;
        session.panes.push_back(pane0);
        app.workspace->sessions().save(session);
        app.workspace->settings().set(store::SettingsRepository::kLastSessionId, session.id);
        PlaygroundView playground(app.registry.get(), app.bridge.get());
        playground.setWorkspace(app.workspace.get());
        QCOMPARE(QString::fromStdString(playground.pane(0)->target().label()), QStringLiteral("local/") + id);
        playground.runAll();
        QVERIFY(playground.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!playground.pane(0)->isRunning(), kLoadTimeoutMs);
        PaneWidget* pane = playground.pane(0);
        QVERIFY2(pane->statusText().isEmpty() || !pane->statusText().contains(QStringLiteral("fail"), Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("the local pane reports: ") + pane->statusText()));
        QVERIFY2(!pane->answerText().isEmpty(), "the local model streamed no text");
        const metrics::RequestMetrics m = pane->figures().metrics;
        QVERIFY2(m.ttftMs.has_value(), "TTFT missing for the local model");
        QVERIFY2(m.completionTokens.value_or(0) >= 2,
                 qPrintable(QStringLiteral("expected at least 2 completion tokens (seed 7, max 24), got %1")
                                .arg(m.completionTokens.value_or(0))));
        const QString line = pane->metricsText();
        qInfo("local pane: %lld characters; %s", qlonglong(pane->answerText().size()), qPrintable(line));
        QVERIFY2(line.startsWith(QStringLiteral("TTFT ")) && !line.startsWith(QStringLiteral("TTFT —"))
                     && line.contains(QStringLiteral("tok/s")),
                 qPrintable(QStringLiteral("metrics line: ") + line));
        // Local answers cost nothing, and say so (the default price table's local entry).
        QVERIFY2(line.contains(QStringLiteral("· $0 ·")), qPrintable(QStringLiteral("expected a cost of $0, got: ") + line));
        playground.setWorkspace(nullptr);
    }

    // Unload: memory freed, no longer a target.
    app.view->selectPath(QFileInfo(m_model).absoluteFilePath());
    app.view->unloadSelected();
    QTRY_COMPARE_WITH_TIMEOUT(app.cell(0, Col::StateColumn), QStringLiteral("Not loaded"), kLoadTimeoutMs);
    // The table can show the manager's new state a moment before the controller's queued
    // change notification re-syncs the registry.
    QTRY_VERIFY_WITH_TIMEOUT(!hasTarget(*app.registry, QStringLiteral("local"), id), kLoadTimeoutMs);
    QCOMPARE(app.cell(0, Col::MemoryColumn), QStringLiteral("—"));
    QCOMPARE(app.local->summaryText(), QString());
    QCOMPARE(app.view->summaryText(), QStringLiteral("nothing loaded"));

    // Adding the same file again does not list it twice.
    app.local->addFiles({m_model});
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(app.model()->rowCount(), 1);
}

void TestModelsView::brokenFilesAreReportedInline()
{
    App app(m_dir.filePath(QStringLiteral("broken.triad")));
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.gguf"));
    {
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a GGUF file, just some text\n");
    }
    const QString truncated = m_dir.filePath(QStringLiteral("truncated.gguf"));
    {
        QFile in(m_model);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(truncated);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.read(in.size() / 3));
    }
    QSignalSpy finished(app.local.get(), &LocalModelController::addFinished);
    app.local->addFiles({garbage});
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(app.model()->rowCount(), 0);
    QString message = app.view->messageText();
    QVERIFY2(message.contains(QStringLiteral("garbage.gguf")),
             qPrintable(QStringLiteral("expected an inline message naming garbage.gguf, got: ") + message));
    QVERIFY(app.view->findChild<QWidget*>(QStringLiteral("modelsMessageBar"))->isVisible());

    app.local->addFiles({truncated, m_model});
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(app.model()->rowCount(), 1);   // the good one
    message = app.view->messageText();
    QVERIFY2(message.contains(QStringLiteral("truncated.gguf")) && !message.contains(QStringLiteral("garbage.gguf")),
             qPrintable(QStringLiteral("expected a message about truncated.gguf only, got: ") + message));
    QVERIFY2(!message.contains(QStringLiteral("tiny-q8")), qPrintable(message));
}

void TestModelsView::catalogueComesBackWithMissingFiles()
{
    const QString path = m_dir.filePath(QStringLiteral("persist.triad"));
    const QString second = m_dir.filePath(QStringLiteral("second-copy.gguf"));
    QVERIFY(QFile::copy(m_model, second));
    const QString first = QFileInfo(m_model).absoluteFilePath();
    {
        App app(path);
        app.local->addFiles({m_model, second});
        QTRY_COMPARE(app.model()->rowCount(), 2);
        app.local->load(first);
        QTRY_COMPARE_WITH_TIMEOUT(app.local->row(first).state(), LocalRowState::Loaded, kLoadTimeoutMs);
    }
    QVERIFY(QFile::remove(second));
    {
        App app(path);
        QTRY_COMPARE(app.model()->rowCount(), 2);
        QCOMPARE(app.cell(0, Col::NameColumn), QStringLiteral("triad-synth-llama"));
        // Loaded when the workspace closed: loaded again on opening.
        QTRY_COMPARE_WITH_TIMEOUT(app.cell(0, Col::StateColumn), QStringLiteral("Loaded"), kLoadTimeoutMs);
        QTRY_VERIFY(hasTarget(*app.registry, QStringLiteral("local"), QStringLiteral("tiny-q8")));
        // The file that disappeared is listed as Failed, not dropped.
        const QString state = app.cell(1, Col::StateColumn);
        QVERIFY2(state.startsWith(QStringLiteral("Failed")) && state.contains(QStringLiteral("file not found"))
                     && state.contains(QStringLiteral("second-copy.gguf")),
                 qPrintable(QStringLiteral("expected Failed: file not found … second-copy.gguf, got: ") + state));
        QCOMPARE(app.cell(1, Col::NameColumn), QStringLiteral("second-copy"));
        // Removing it is remembered; unloading the first too.
        app.view->selectPath(QFileInfo(second).absoluteFilePath());
        app.view->removeSelected();
        QCOMPARE(app.model()->rowCount(), 1);
        app.local->unload(first);
        QTRY_COMPARE_WITH_TIMEOUT(app.cell(0, Col::StateColumn), QStringLiteral("Not loaded"), kLoadTimeoutMs);
    }
    {
        App app(path);
        QTRY_COMPARE(app.model()->rowCount(), 1);
        QCOMPARE(app.local->rows().first().path, first);
        // Give a "load on start" time to show itself if it wrongly happened.
        QTest::qWait(200);
        QVERIFY(!app.local->hasPendingWork());
        QCOMPARE(app.cell(0, Col::StateColumn), QStringLiteral("Not loaded"));
    }
}

void TestModelsView::folderAndDrop()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QVERIFY(QFile::copy(m_model, folder.filePath(QStringLiteral("b-model.gguf"))));
    QVERIFY(QFile::copy(m_model, folder.filePath(QStringLiteral("a-model.gguf"))));
    QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("sub")));
    QVERIFY(QFile::copy(m_model, folder.filePath(QStringLiteral("sub/deep.gguf"))));
    {
        QFile notes(folder.filePath(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
    }
    const QStringList found = LocalModelController::ggufFilesIn(folder.path());
    QCOMPARE(found, (QStringList{folder.filePath(QStringLiteral("a-model.gguf")), folder.filePath(QStringLiteral("b-model.gguf"))}));

    App app(m_dir.filePath(QStringLiteral("folder.triad")));
    app.local->addFolder(folder.path());
    QTRY_COMPARE(app.model()->rowCount(), 2);
    QCOMPARE(QFileInfo(app.local->rows().at(0).path).fileName(), QStringLiteral("a-model.gguf"));

    // Dropping a .gguf file adds it; a text file is not accepted.
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(m_model), QUrl::fromLocalFile(folder.filePath(QStringLiteral("notes.txt")))});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(app.view.get(), &enter);
    QVERIFY2(enter.isAccepted(), "a drag with a .gguf file should be accepted");
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(app.view.get(), &drop);
    QTRY_COMPARE(app.model()->rowCount(), 3);

    QMimeData textOnly;
    textOnly.setUrls({QUrl::fromLocalFile(folder.filePath(QStringLiteral("notes.txt")))});
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &textOnly, Qt::LeftButton, Qt::NoModifier);
    refused.ignore();
    QCoreApplication::sendEvent(app.view.get(), &refused);
    QVERIFY2(!refused.isAccepted(), "a drag without .gguf files should be refused");
}

void TestModelsView::mainWindowHasModelsViewAndStatus()
{
    const QString path = m_dir.filePath(QStringLiteral("window.triad"));
    {
        auto ws = store::Workspace::open(path.toStdString());
        nlohmann::json list = nlohmann::json::array();
        list.push_back({{"path", QFile::encodeName(QFileInfo(m_model).absoluteFilePath()).toStdString()}, {"load_on_start", true}});
        ws->settings().set(LocalModelController::kCatalogueKey, list);
    }
    MainWindow window(path);
    window.show();
    auto* sidebar = window.findChild<QListWidget*>();
    QVERIFY(sidebar);
    QCOMPARE(sidebar->item(1)->text(), QStringLiteral("Models"));
    window.showView(1);
    QVERIFY(window.modelsView()->isVisible());
    auto* status = window.findChild<QLabel*>(QStringLiteral("localModelsStatus"));
    QVERIFY(status);
    QTRY_VERIFY_WITH_TIMEOUT(status->isVisible(), kLoadTimeoutMs);
    QVERIFY2(status->text().contains(QStringLiteral("Local: 1 loaded, ")), qPrintable(status->text()));
    QVERIFY(hasTarget(*window.registry(), QStringLiteral("local"), QStringLiteral("tiny-q8")));
    window.localModels()->unload(QFileInfo(m_model).absoluteFilePath());
    QTRY_VERIFY_WITH_TIMEOUT(!status->isVisible(), kLoadTimeoutMs);
}

QTEST_MAIN(TestModelsView)
#include "tst_models_view.moc"
