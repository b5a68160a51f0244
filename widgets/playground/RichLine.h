#pragma once
// One line of simple rich text (bold, coloured spans, ★) that changes often without
// costing a relayout: its height is fixed by the font, so setText() only repaints this
// widget. A QLabel asks its parents to lay out again on every text change, which for six
// panes updating their figures many times a second means repainting the whole window.

#include <QTextDocument>
#include <QWidget>

namespace triad::widgets {

class RichLine : public QWidget {
    Q_OBJECT
public:
    explicit RichLine(QWidget* parent = nullptr);

    void setText(const QString& html);
    QString text() const { return m_html; }
    /** The text without markup (for tests and accessibility). */
    QString plainText() const;
    void setAlignment(Qt::Alignment alignment);
    /** Lines reserved (the height never changes); longer text wraps, then is clipped. */
    void setLineCount(int lines);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void refreshDocument();

    QString m_html;
    QTextDocument m_document;
    Qt::Alignment m_alignment = Qt::AlignLeft;
    int m_lines = 1;
};

} // namespace triad::widgets
