// The labeling view over a 1,000,000-example dataset: how long the GUI thread is ever blocked
// while the example list is scrolled page by page, dragged to random far rows, and while
// examples are labeled with the keyboard. A 5 ms heartbeat timer records the gaps between its
// ticks; the longest gap minus the 5 ms period is the longest stall a person would feel.
//
//   bench_labeling_gui [--rows 1000000] [--steps 400] [--screenshot out.png]
// prints: rows, import_s, open_ms (workspace → first page shown), longest_stall_ms,
// p99_gap_ms, scroll_step_max_ms, label_action_p50_ms / p99_ms. Exit 1 when the longest stall
// is over 100 ms.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTableView>

#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/Workspace.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/labeling/ExampleListModel.h"
#include "widgets/labeling/LabelingSession.h"
#include "widgets/labeling/LabelingView.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

void writeDataset(const std::string& path, int rows)
{
    std::ofstream out(path);
    std::mt19937 rng(7);
    const char* topics[] = {"refund", "invoice", "password reset", "shipping delay", "plan upgrade", "API key"};
    for (int i = 0; i < rows; ++i) {
        const std::string topic = topics[rng() % 6];
        out << "{\"messages\":[{\"role\":\"system\",\"content\":\"You are a support agent.\"},"
            << "{\"role\":\"user\",\"content\":\"Ticket " << i << ": help with my " << topic << ", order "
            << (rng() % 100000) << "\"},{\"role\":\"assistant\",\"content\":\"Sure, here is how the " << topic
            << " works: " << std::string(size_t(rng() % 120), 'x') << "\"}]}\n";
    }
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Examples in the dataset."), QStringLiteral("n"),
                      QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("steps"), QStringLiteral("Scroll steps of each kind."), QStringLiteral("n"),
                      QStringLiteral("400")});
    parser.addOption({QStringLiteral("screenshot"), QStringLiteral("Save the view at the end."), QStringLiteral("png")});
    parser.process(app);
    const int rows = parser.value(QStringLiteral("rows")).toInt();
    const int steps = parser.value(QStringLiteral("steps")).toInt();

    QTemporaryDir dir;
    const std::string jsonl = dir.filePath(QStringLiteral("big.jsonl")).toStdString();
    writeDataset(jsonl, rows);
    auto workspace = store::Workspace::open(dir.filePath(QStringLiteral("bench.triad")).toStdString());
    QElapsedTimer importClock;
    importClock.start();
    {
        datasets::DatasetRepository repo(*workspace);
        const int64_t id = repo.create("support-replies");
        const auto s = datasets::DatasetImporter(*workspace).importFile(id, jsonl);
        if (s.imported != rows) {
            std::fprintf(stderr, "expected %d imported, got %lld\n", rows, static_cast<long long>(s.imported));
            return 2;
        }
    }
    const double importS = double(importClock.elapsed()) / 1000.0;

    widgets::ProviderRegistry registry(nullptr);
    widgets::ChatRunBridge bridge;
    widgets::LabelingView view(&registry, &bridge);
    view.resize(1400, 900);
    view.show();
    QCoreApplication::processEvents();
    QElapsedTimer openClock;
    openClock.start();
    view.setWorkspace(workspace.get());
    view.exampleList()->viewport()->repaint();
    const double openMs = double(openClock.nsecsElapsed()) / 1e6;
    QTableView* list = view.exampleList();
    if (list->model()->rowCount() != rows) {
        std::fprintf(stderr, "the list shows %d rows, expected %d\n", list->model()->rowCount(), rows);
        return 2;
    }

    std::vector<double> gapsMs;
    std::vector<double> stepMs;
    std::vector<double> actionMs;   // the action and the repaint of the list
    std::vector<double> commitMs;   // the action alone (commit, next example, editor)
    QElapsedTimer clock;
    clock.start();
    qint64 lastNs = clock.nsecsElapsed();
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gapsMs.push_back(double(now - lastNs) / 1e6);
        lastNs = now;
    });
    heartbeat.start();

    std::mt19937 rng(11);
    int step = 0;
    QScrollBar* bar = list->verticalScrollBar();
    QTimer driver;
    driver.setInterval(8);
    QObject::connect(&driver, &QTimer::timeout, [&] {
        QElapsedTimer t;
        t.start();
        if (step < steps) {
            // Holding PageDown through the first rows.
            bar->setValue(bar->value() + bar->pageStep());
            list->viewport()->repaint();
            stepMs.push_back(double(t.nsecsElapsed()) / 1e6);
        } else if (step < 2 * steps) {
            // Dragging the scroll bar anywhere in the million.
            bar->setValue(int(rng() % uint32_t(std::max(bar->maximum(), 1))));
            list->viewport()->repaint();
            stepMs.push_back(double(t.nsecsElapsed()) / 1e6);
        } else if (step < 2 * steps + 200) {
            // Labeling at key speed, from the top of the pending list.
            if (step == 2 * steps)
                view.session()->setCurrentRow(0);
            if (step % 3 == 0)
                view.session()->accept();
            else if (step % 3 == 1)
                view.session()->rate(4);
            else
                view.session()->skip();
            commitMs.push_back(double(t.nsecsElapsed()) / 1e6);
            list->viewport()->repaint();
            actionMs.push_back(double(t.nsecsElapsed()) / 1e6);
        } else {
            driver.stop();
            QTimer::singleShot(50, &app, &QCoreApplication::quit);
        }
        ++step;
    });
    driver.start();
    app.exec();
    heartbeat.stop();

    const double longestGap = gapsMs.empty() ? 0.0 : *std::max_element(gapsMs.begin(), gapsMs.end());
    const double longestStall = std::max(0.0, longestGap - 5.0);
    std::printf("rows %d\nimport_s %.1f\nopen_ms %.1f\nlongest_stall_ms %.1f\np99_gap_ms %.1f\n", rows, importS,
                openMs, longestStall, percentile(gapsMs, 0.99));
    std::printf("scroll_step_max_ms %.1f\nscroll_step_p99_ms %.1f\nlabel_action_p50_ms %.2f\nlabel_action_p99_ms %.2f\n",
                stepMs.empty() ? 0.0 : *std::max_element(stepMs.begin(), stepMs.end()), percentile(stepMs, 0.99),
                percentile(actionMs, 0.5), percentile(actionMs, 0.99));
    std::printf("label_commit_p50_ms %.2f\nlabel_commit_p99_ms %.2f\n", percentile(commitMs, 0.5),
                percentile(commitMs, 0.99));
    std::printf("pages_cached %d\n", int(view.session()->model()->cachedPages()));
    if (parser.isSet(QStringLiteral("screenshot")))
        view.grab().save(parser.value(QStringLiteral("screenshot")));
    view.setWorkspace(nullptr);
    return longestStall > 100.0 ? 1 : 0;
}
