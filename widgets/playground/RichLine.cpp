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

QSize RichLine::sizeHint() const
{
    return {200, fontMetrics().lineSpacing() + 4};
}

QSize RichLine::minimumSizeHint() const
{
    return {0, fontMetrics().lineSpacing() + 4};
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
    const qreal textWidth = m_document.idealWidth();
    qreal x = 0;
    if (m_alignment & Qt::AlignRight)
        x = qMax<qreal>(0, width() - textWidth - 2);
    const qreal y = (height() - m_document.size().height()) / 2.0;
    painter.translate(x, y);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette();
    context.palette.setColor(QPalette::Text, palette().color(foregroundRole()));
    context.clip = QRectF(-x, -y, width(), height());
    m_document.documentLayout()->draw(&painter, context);
}

} // namespace triad::widgets
