// "Add adapter…" in the Models view: a LoRA adapter added to a loaded model becomes a row of
// its own and the playground target "local/<model>+<adapter>", which answers; an adapter of
// another shape is refused inline naming the file and the mismatch; the adapter is kept in
// the workspace's catalogue and comes back (loaded with its model) when the workspace is
// reopened, or as Failed when its file disappeared; removing its row removes the target.

// The test files first: GgufWriter.h declares emit(), which Qt's "emit" macro would break.
#include "tests/core/train/TinyModel.h"
#include "tests/core/engine/LoraTestFiles.h"

#include <memory>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTableView>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/engine/GgufFile.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/StreamCollector.h"
#include "widgets/models/LocalModelController.h"
#include "widgets/models/LocalModelTableModel.h"
#include "widgets/models/ModelDetailsPanel.h"
#include "widgets/models/ModelsView.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;
using namespace triad::widgets;
using Col = LocalModelTableModel::Column;

namespace {

constexpr int kTimeoutMs = 30000;

struct App {
    std::unique_ptr<store::Workspace> workspace;
    std::unique_ptr<ProviderRegistry> registry;
    std::unique_ptr<LocalModelController> local;
    std::unique_ptr<ModelsView> view;

    explicit App(const QString& path)
    {
        workspace = store::Workspace::open(path.toStdString());
        registry = std::make_unique<ProviderRegistry>(nullptr);
        registry->setRepositories(&workspace->providers(), &workspace->settings());
        local = std::make_unique<LocalModelController>(registry.get(), nullptr,
                                                        local::LocalModelOptions{.threads = 1, .contextLength = 128});
        local->setSettings(&workspace->settings());
        view = std::make_unique<ModelsView>(local.get());
        view->resize(1100, 600);
        view->show();
    }
    ~App()
    {
        view.reset();
        local->setSettings(nullptr);
        local.reset();
        registry.reset();
        workspace.reset();
    }
    LocalModelTableModel* model() const { return view->tableModel(); }
    QString cell(int row, int column) const { return model()->index(row, column).data().toString(); }
};

bool hasTarget(ProviderRegistry& registry, const QString& model)
{
    for (const ProviderTarget& t : registry.targets())
        if (t.providerId == QLatin1String("local") && t.models.contains(model)) return true;
    return false;
}

std::vector<std::string> layerWeights()
{
    std::vector<std::string> out;
    for (int l = 0; l < 2; ++l)
        for (const char* s : {"attn_q", "attn_v", "ffn_down"})
            out.push_back("blk." + std::to_string(l) + "." + s + ".weight");
    return out;
}

} // namespace

class TestModelsAdapters : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model, m_adapter, m_wideAdapter;

    QString file(const char* name) const { return QDir(m_dir.path()).absoluteFilePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_dir.isValid());
        train::testing::TinyModelSpec spec;
        spec.dim = 32;
        spec.ffn = 64;
        m_model = file("tiny.gguf");
        train::testing::writeTinyModel(m_model.toStdString(), spec);
        m_adapter = file("style.gguf");
        engine::testing::writeLoraFile(m_adapter.toStdString(), "llama",
                                       engine::testing::randomLora(*engine::GgufFile::open(m_model.toStdString()),
                                                                   layerWeights(), 4, 8.0f, 3));
        spec.dim = 64;
        const QString wide = file("wide.gguf");
        train::testing::writeTinyModel(wide.toStdString(), spec);
        m_wideAdapter = file("wide-adapter.gguf");
        engine::testing::writeLoraFile(m_wideAdapter.toStdString(), "llama",
                                       engine::testing::randomLora(*engine::GgufFile::open(wide.toStdString()),
                                                                   layerWeights(), 4, 8.0f, 4));
    }

    void addAdapterMakesATarget()
    {
        const QString workspace = file("adapters.triad");
        {
            App app(workspace);
            app.local->addFiles({m_model});
            QTRY_COMPARE(app.model()->rowCount(), 1);
            app.view->selectPath(m_model);
            app.view->loadSelected();
            QTRY_COMPARE_WITH_TIMEOUT(app.cell(0, Col::StateColumn), QStringLiteral("Loaded"), kTimeoutMs);
            QTRY_VERIFY(hasTarget(*app.registry, QStringLiteral("tiny")));

            // A file of another shape: refused inline, naming the file and the mismatch.
            QSignalSpy added(app.local.get(), &LocalModelController::adapterAdded);
            app.view->selectPath(m_model);
            app.view->addAdapterToSelected(m_wideAdapter);
            QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, kTimeoutMs);
            const QString message = app.view->messageText();
            QVERIFY2(message.startsWith(QStringLiteral("Adapter not added:")) && message.contains(m_wideAdapter)
                         && message.contains(QStringLiteral("lora_a must be [32, r]")),
                     qPrintable(QStringLiteral("message line: ") + message));
            QCOMPARE(app.model()->rowCount(), 1);

            // The adapter that fits: a row below its model, and a playground target.
            app.view->selectPath(m_model);
            app.view->addAdapterToSelected(m_adapter);
            QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, kTimeoutMs);
            QCOMPARE(added.at(1).at(2).toString(), QStringLiteral("tiny+style"));
            QCOMPARE(app.view->messageText(), QString());
            QCOMPARE(app.model()->rowCount(), 2);
            QCOMPARE(app.cell(1, Col::NameColumn), QStringLiteral("↳ style (adapter)"));
            QCOMPARE(app.cell(1, Col::QuantizationColumn), QStringLiteral("LoRA"));
            QCOMPARE(app.cell(1, Col::StateColumn), QStringLiteral("Loaded"));
            QVERIFY2(app.cell(1, Col::MemoryColumn) != QStringLiteral("—"), "a loaded adapter shows its memory");
            QTRY_VERIFY(hasTarget(*app.registry, QStringLiteral("tiny+style")));
            QCOMPARE(app.local->loadedCount(), 1); // adapters are no models of their own
            // Selected after adding; its details name the target; "use" binds a pane to it.
            QCOMPARE(app.view->selectedPaths().size(), 1);
            QVERIFY2(app.view->detailsPanel()->plainText().contains(QStringLiteral("Local models / tiny+style")),
                     qPrintable(app.view->detailsPanel()->plainText()));
            QSignalSpy activated(app.view.get(), &ModelsView::modelActivated);
            app.view->useSelected();
            QCOMPARE(activated.count(), 1);
            QCOMPARE(activated.at(0).at(1).toString(), QStringLiteral("tiny+style"));

            // It answers, through the same provider the playground uses.
            providers::ChatRequest request;
            request.model = "tiny+style";
            request.rawPrompt = "Hello";
            request.params.maxTokens = 4;
            request.params.temperature = 0.0;
            const auto run = testsupport::StreamCollector::runToEnd(*app.local->manager().provider(), request);
            QVERIFY2(run.completed && !run.run.error, run.run.error ? run.run.error->message.c_str() : "no final event");

            // Kept in the catalogue.
            const nlohmann::json stored = app.workspace->settings().value(LocalModelController::kCatalogueKey, nlohmann::json());
            QVERIFY2(stored.dump().find("\"name\":\"style\"") != std::string::npos, stored.dump().c_str());
        }
        {
            // Reopened: the model loads again (it was loaded) and brings its adapter.
            App app(workspace);
            QTRY_COMPARE(app.model()->rowCount(), 2);
            QTRY_COMPARE_WITH_TIMEOUT(app.cell(1, Col::StateColumn), QStringLiteral("Loaded"), kTimeoutMs);
            QTRY_VERIFY(hasTarget(*app.registry, QStringLiteral("tiny+style")));
            // Removing the adapter row removes the target and the catalogue entry.
            app.view->table()->clearSelection();
            app.view->selectPath(app.model()->index(1, 0).data(LocalModelTableModel::KeyRole).toString());
            app.view->removeSelected();
            QCOMPARE(app.model()->rowCount(), 1);
            QTRY_VERIFY(!hasTarget(*app.registry, QStringLiteral("tiny+style")));
            QVERIFY(hasTarget(*app.registry, QStringLiteral("tiny")));
            const nlohmann::json stored = app.workspace->settings().value(LocalModelController::kCatalogueKey, nlohmann::json());
            QVERIFY2(stored.dump().find("style") == std::string::npos, stored.dump().c_str());
        }
    }

    void aMissingAdapterStaysListedAsFailed()
    {
        const QString workspace = file("missing.triad");
        const QString copy = file("copy-adapter.gguf");
        QVERIFY(QFile::copy(m_adapter, copy));
        {
            App app(workspace);
            app.local->addFiles({m_model});
            QTRY_COMPARE(app.model()->rowCount(), 1);
            QSignalSpy added(app.local.get(), &LocalModelController::adapterAdded);
            app.view->selectPath(m_model);
            app.view->addAdapterToSelected(copy);   // added to a model that is not loaded
            QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, kTimeoutMs);
            QCOMPARE(added.at(0).at(2).toString(), QStringLiteral("tiny+copy-adapter"));
            QCOMPARE(app.cell(1, Col::StateColumn), QStringLiteral("Not loaded"));
            QVERIFY(!hasTarget(*app.registry, QStringLiteral("tiny+copy-adapter")));
        }
        QVERIFY(QFile::remove(copy));
        {
            App app(workspace);
            QTRY_COMPARE(app.model()->rowCount(), 2);
            QTRY_VERIFY_WITH_TIMEOUT(app.cell(1, Col::StateColumn).startsWith(QStringLiteral("Failed")), kTimeoutMs);
            const QString state = app.cell(1, Col::StateColumn);
            QVERIFY2(state.contains(QStringLiteral("file not found")) && state.contains(QStringLiteral("copy-adapter.gguf")),
                     qPrintable(QStringLiteral("expected Failed: file not found … copy-adapter.gguf, got: ") + state));
            // Still in the catalogue: a drive may come back.
            const nlohmann::json stored = app.workspace->settings().value(LocalModelController::kCatalogueKey, nlohmann::json());
            QVERIFY2(stored.dump().find("copy-adapter.gguf") != std::string::npos, stored.dump().c_str());
        }
    }
};

QTEST_MAIN(TestModelsAdapters)
#include "tst_models_adapters.moc"
