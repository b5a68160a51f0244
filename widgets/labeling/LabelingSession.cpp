#include "widgets/labeling/LabelingSession.h"

#include <QDateTime>

#include "core/datasets/ChatExample.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "widgets/labeling/ExampleListModel.h"

namespace triad::widgets {

using datasets::ExampleStatus;
using nlohmann::json;

qint64& StatusCounts::of(ExampleStatus status)
{
    switch (status) {
    case ExampleStatus::Accepted: return accepted;
    case ExampleStatus::Rejected: return rejected;
    case ExampleStatus::Skipped: return skipped;
    case ExampleStatus::Pending: break;
    }
    return pending;
}

LabelingSession::LabelingSession(QObject* parent)
    : QObject(parent)
    , m_model(new ExampleListModel(this))
{
    connect(m_model, &ExampleListModel::problem, this, &LabelingSession::problem);
}

void LabelingSession::setRepository(datasets::DatasetRepository* repository)
{
    m_repository = repository;
    m_datasetId = 0;
    m_model->setRepository(repository);
    m_model->setQuery(0, {}, false);
    m_counts = {};
    m_pace = {};
    m_currentRow = -1;
    m_currentId = 0;
    emit countsChanged();
    emit currentChanged(-1, 0);
}

void LabelingSession::open(int64_t datasetId, const datasets::ExampleFilter& filter, bool descending)
{
    if (datasetId != m_datasetId)
        m_pace = {};
    m_datasetId = datasetId;
    m_model->setQuery(datasetId, filter, descending);
    recount();
    int row = m_model->nextPendingRow(0);
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    m_currentRow = -2;   // force the signal
    setCurrentRow(row);
}

void LabelingSession::setFilter(const datasets::ExampleFilter& filter, bool descending)
{
    const int64_t keep = m_currentId;
    m_model->setQuery(m_datasetId, filter, descending);
    const int row = keep ? m_model->rowOf(keep) : -1;
    m_currentRow = -2;
    if (row >= 0)
        setCurrentRow(row);
    else
        setCurrentRow(m_model->rowCount() > 0 ? 0 : -1);
}

void LabelingSession::reload()
{
    const int64_t keep = m_currentId;
    m_model->reload();
    recount();
    const int row = keep ? m_model->rowOf(keep) : -1;
    m_currentRow = -2;
    if (row >= 0)
        setCurrentRow(row);
    else
        setCurrentRow(m_model->rowCount() > 0 ? 0 : -1);
}

void LabelingSession::recount()
{
    m_counts = {};
    if (m_repository && m_datasetId > 0) {
        try {
            for (ExampleStatus s : {ExampleStatus::Pending, ExampleStatus::Accepted, ExampleStatus::Rejected,
                                    ExampleStatus::Skipped}) {
                datasets::ExampleFilter f;
                f.status = s;
                m_counts.of(s) = m_repository->count(m_datasetId, f);
            }
        } catch (const store::StoreError& e) {
            emit problem(QString::fromUtf8(e.what()));
        }
    }
    emit countsChanged();
}

std::optional<datasets::Example> LabelingSession::current() const
{
    if (m_currentId <= 0 || !m_repository)
        return std::nullopt;
    if (const datasets::Example* cached = m_model->exampleAt(m_currentRow); cached && cached->id == m_currentId)
        return *cached;
    try {
        return m_repository->example(m_currentId);
    } catch (const store::StoreError&) {
        return std::nullopt;
    }
}

void LabelingSession::setCurrentRow(int row)
{
    const int count = m_model->rowCount();
    row = count == 0 ? -1 : std::clamp(row, -1, count - 1);
    const int64_t id = row >= 0 ? m_model->exampleIdAt(row) : 0;
    if (row == m_currentRow && id == m_currentId)
        return;
    m_currentRow = row;
    m_currentId = id;
    emit currentChanged(m_currentRow, m_currentId);
}

void LabelingSession::setCurrentExample(int64_t exampleId)
{
    const int row = m_model->rowOf(exampleId);
    if (row >= 0) {
        m_currentRow = -2;
        setCurrentRow(row);
        return;
    }
    // Not in this listing (filtered out): still show it, without a row.
    m_currentRow = -1;
    m_currentId = exampleId;
    emit currentChanged(-1, exampleId);
}

template <typename Fn>
bool LabelingSession::act(Fn&& action)
{
    if (!m_repository || m_currentId <= 0)
        return false;
    try {
        action(m_currentId);
    } catch (const store::StoreError& e) {
        emit problem(tr("Example #%1 was not changed: %2").arg(m_currentId).arg(QString::fromUtf8(e.what())));
        return false;
    }
    return true;
}

void LabelingSession::afterChange(bool keepCurrent)
{
    const int64_t id = m_currentId;
    const int row = m_currentRow;
    const bool removed = row >= 0 && m_model->refreshExample(id, row);
    if (keepCurrent || !removed) {
        if (removed) {
            // Still show the edited example even though the filter no longer lists it.
            m_currentRow = -1;
        }
        emit currentChanged(m_currentRow, m_currentId);
        return;
    }
    m_currentRow = -2;
    setCurrentRow(row);
}

bool LabelingSession::decide(ExampleStatus status)
{
    const auto before = current();
    if (!before)
        return false;
    if (!act([&](int64_t id) { m_repository->setStatus(id, status); }))
        return false;
    --m_counts.of(before->status);
    ++m_counts.of(status);
    m_pace.record(QDateTime::currentMSecsSinceEpoch());
    emit countsChanged();

    const int row = m_currentRow;
    const bool removed = row >= 0 && m_model->refreshExample(m_currentId, row);
    int next = m_model->nextPendingRow(row < 0 ? 0 : (removed ? row : row + 1));
    if (next < 0)
        next = m_model->nextPendingRow(0);
    if (next < 0) {
        m_currentRow = -2;
        setCurrentRow(removed ? row : std::max(row, 0));
        emit allDone();
        return true;
    }
    m_currentRow = -2;
    setCurrentRow(next);
    return true;
}

bool LabelingSession::accept()
{
    return decide(ExampleStatus::Accepted);
}

bool LabelingSession::reject()
{
    return decide(ExampleStatus::Rejected);
}

bool LabelingSession::skip()
{
    return decide(ExampleStatus::Skipped);
}

bool LabelingSession::rate(int rating)
{
    if (!act([&](int64_t id) { m_repository->setRating(id, rating); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::clearRating()
{
    if (!act([&](int64_t id) { m_repository->setRating(id, std::nullopt); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::addLabel(const QString& label)
{
    const QString trimmed = label.trimmed();
    if (trimmed.isEmpty())
        return false;
    if (!act([&](int64_t id) { m_repository->addLabel(id, trimmed.toStdString()); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::removeLabel(const QString& label)
{
    if (!act([&](int64_t id) { m_repository->removeLabel(id, label.toStdString()); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::setNote(const QString& note)
{
    if (!act([&](int64_t id) { m_repository->setNote(id, note.toStdString()); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::setMessages(const json& messages)
{
    if (!act([&](int64_t id) { m_repository->setMessages(id, messages); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::useAsAnswer(const QString& text)
{
    const auto ex = current();
    if (!ex)
        return false;
    json messages = ex->isPreferencePair() ? ex->messages : datasets::promptMessages(ex->messages);
    if (!ex->isPreferencePair() && messages.size() < ex->messages.size()) {
        json answer = ex->messages.back();   // keep its other fields (weight, name...)
        answer["content"] = text.toStdString();
        messages.push_back(std::move(answer));
    } else {
        messages.push_back(json{{"role", "assistant"}, {"content", text.toStdString()}});
    }
    return setMessages(messages);
}

bool LabelingSession::savePreferencePair(const QString& chosen, const QString& rejected)
{
    const auto ex = current();
    if (!ex)
        return false;
    const json prompt = ex->isPreferencePair() ? ex->messages : datasets::promptMessages(ex->messages);
    const json good = json::array({json{{"role", "assistant"}, {"content", chosen.toStdString()}}});
    const json bad = json::array({json{{"role", "assistant"}, {"content", rejected.toStdString()}}});
    if (!act([&](int64_t id) { m_repository->savePreferencePair(id, prompt, good, bad); }))
        return false;
    afterChange(true);
    return true;
}

bool LabelingSession::undo()
{
    if (!m_repository || m_datasetId <= 0)
        return false;
    std::optional<int64_t> touched;
    try {
        touched = m_repository->undo(m_datasetId);
    } catch (const store::StoreError& e) {
        emit problem(tr("Undo failed: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    if (!touched)
        return false;
    // The undone action may bring the example back into (or out of) the listing: list again.
    m_model->reload();
    recount();
    setCurrentExample(*touched);
    return true;
}

qint64 LabelingSession::undoDepth() const
{
    if (!m_repository || m_datasetId <= 0)
        return 0;
    try {
        return m_repository->undoDepth(m_datasetId);
    } catch (const store::StoreError&) {
        return 0;
    }
}

void LabelingSession::next()
{
    if (m_currentRow < 0) {
        setCurrentRow(0);
        return;
    }
    setCurrentRow(std::min(m_currentRow + 1, m_model->rowCount() - 1));
}

void LabelingSession::previous()
{
    setCurrentRow(std::max(m_currentRow - 1, 0));
}

QStringList LabelingSession::knownLabels() const
{
    QStringList out;
    if (!m_repository || m_datasetId <= 0)
        return out;
    try {
        for (const auto& [label, count] : m_repository->labelCounts(m_datasetId))
            out << QString::fromStdString(label);
    } catch (const store::StoreError&) {
    }
    return out;
}

} // namespace triad::widgets
