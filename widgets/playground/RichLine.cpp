#include "widgets/playground/RichLine.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QPainter>

namespace triad::widgets {

RichLine::RichLine(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_document.setDocumentMargin(0);
    refreshDocument();
}

void RichLine::setText(const QString& html)
{
    if (html == m_html)
        return;
    m_html = html;
    m_document.setHtml(html);
    setToolTip(plainText().size() > 60 ? plainText() : toolTip());
    update();   // no updateGeometry(): the height never depends on the text
}

QString RichLine::plainText() const
{
    return m_document.toPlainText();
}

void RichLine::setAlignment(Qt::Alignment alignment)
{
    m_alignment = alignment;
    update();
}

void RichLine::setLineCount(int lines)
{
    m_lines = qMax(1, lines);
    updateGeometry();
}

QSize RichLine::sizeHint() const
{
    return {200, fontMetrics().lineSpacing() * m_lines + 4};
}

QSize RichLine::minimumSizeHint() const
{
    return {0, fontMetrics().lineSpacing() * m_lines + 4};
}

void RichLine::refreshDocument()
{
    m_document.setDefaultFont(font());
    m_document.setHtml(m_html);
}

void RichLine::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        refreshDocument();
    QWidget::changeEvent(event);
}

void RichLine::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    // Wrap only when the text does not fit on one line; a fitting line keeps its alignment.
    m_document.setTextWidth(-1);
    const qreal oneLine = m_document.idealWidth();
    const bool wraps = oneLine > width() - 2;
    if (wraps) {
        m_document.setTextWidth(width() - 2);
        QTextOption option = m_document.defaultTextOption();
        option.setAlignment(m_alignment & Qt::AlignRight ? Qt::AlignRight : Qt::AlignLeft);
        m_document.setDefaultTextOption(option);
    }
    qreal x = 0;
    if (!wraps && (m_alignment & Qt::AlignRight))
        x = qMax<qreal>(0, width() - oneLine - 2);
    // Sit at the bottom of the reserved lines, next to what follows (the pane's buttons).
    const qreal y = qMax<qreal>(0, height() - m_document.size().height() - 2);
    painter.translate(x, y);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette();
    context.palette.setColor(QPalette::Text, palette().color(foregroundRole()));
    context.clip = QRectF(-x, -y, width(), height());
    m_document.documentLayout()->draw(&painter, context);
}

} // namespace triad::widgets
