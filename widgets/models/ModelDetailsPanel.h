#pragma once
// Everything known about the selected GGUF file: the header's facts (GgufSummary), the
// loaded model's (tokenizer, quantization mix, context in use), memory, the template note,
// and — for a file that failed — core's message, naming the file and the reason. For a LoRA
// adapter row: the adapter file, the model it adapts, its playground target and memory.

#include <optional>

#include <QWidget>

#include "widgets/models/LocalModelRow.h"

class QLabel;
class QTextBrowser;

namespace triad::widgets {

class ModelDetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelDetailsPanel(QWidget* parent = nullptr);

    /** Shows `row`, or a hint to select one when unset. */
    void setRow(const std::optional<LocalModelRow>& row);
    /** What is shown, as plain text (tests, copying). */
    QString plainText() const;

private:
    QString html(const LocalModelRow& row) const;
    QString adapterHtml(const LocalModelRow& row) const;

    QString m_path;   ///< the model shown, to keep the scroll position on refreshes
    QLabel* m_title = nullptr;
    QTextBrowser* m_body = nullptr;
};

} // namespace triad::widgets
