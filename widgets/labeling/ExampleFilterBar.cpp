#include "widgets/labeling/ExampleFilterBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include "widgets/labeling/LabelingFormat.h"

namespace triad::widgets {

namespace {

// Rating choices: (min, max); 0 = no bound.
struct RatingChoice {
    int minRating;
    int maxRating;
};
constexpr RatingChoice kRatings[] = {{0, 0}, {5, 5}, {4, 0}, {3, 0}, {1, 0}, {0, 2}, {1, 1}};

} // namespace

ExampleFilterBar::ExampleFilterBar(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_status = new QComboBox(this);
    m_status->setToolTip(tr("Show examples of this status"));
    m_status->addItem(tr("all statuses"), 0);
    for (auto s : {datasets::ExampleStatus::Pending, datasets::ExampleStatus::Accepted,
                   datasets::ExampleStatus::Rejected, datasets::ExampleStatus::Skipped})
        m_status->addItem(LabelingFormat::status(s), int(s));
    m_label = new QComboBox(this);
    m_label->setToolTip(tr("Show examples with this label"));
    m_label->addItem(tr("any label"), QString());
    m_rating = new QComboBox(this);
    m_rating->setToolTip(tr("Show examples rated like this (unrated ones match only \"any rating\")"));
    m_rating->addItem(tr("any rating"));
    m_rating->addItem(tr("★ 5"));
    m_rating->addItem(tr("★ 4 or more"));
    m_rating->addItem(tr("★ 3 or more"));
    m_rating->addItem(tr("rated"));
    m_rating->addItem(tr("★ 2 or less"));
    m_rating->addItem(tr("★ 1"));
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search text… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Examples whose messages contain this text (in any case)"));
    m_minTokens = new QSpinBox(this);
    m_maxTokens = new QSpinBox(this);
    for (QSpinBox* box : {m_minTokens, m_maxTokens}) {
        box->setRange(0, 10'000'000);
        box->setSingleStep(64);
        box->setAccelerated(true);
        box->setSpecialValueText(box == m_minTokens ? tr("min tok") : tr("max tok"));
        box->setSuffix(tr(" tok"));
        box->setToolTip(tr("Length in estimated tokens (0 = no bound)"));
    }
    m_order = new QComboBox(this);
    m_order->setToolTip(tr("Order of the list"));
    m_order->addItem(tr("oldest first"));
    m_order->addItem(tr("newest first"));

    layout->addWidget(m_status);
    layout->addWidget(m_label);
    layout->addWidget(m_rating);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_minTokens);
    layout->addWidget(m_maxTokens);
    layout->addWidget(m_order);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(300);
    connect(&m_searchDelay, &QTimer::timeout, this, &ExampleFilterBar::emitChanged);
    connect(m_search, &QLineEdit::textEdited, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        emitChanged();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty() && !m_loading)   // the clear button
            emitChanged();
    });
    for (QComboBox* box : {m_status, m_label, m_rating, m_order})
        connect(box, &QComboBox::currentIndexChanged, this, &ExampleFilterBar::emitChanged);
    for (QSpinBox* box : {m_minTokens, m_maxTokens})
        connect(box, &QSpinBox::valueChanged, this, &ExampleFilterBar::emitChanged);
}

void ExampleFilterBar::emitChanged()
{
    if (!m_loading)
        emit changed();
}

datasets::ExampleFilter ExampleFilterBar::filter() const
{
    datasets::ExampleFilter f;
    if (const int s = m_status->currentData().toInt(); s > 0)
        f.status = static_cast<datasets::ExampleStatus>(s);
    if (const QString l = m_label->currentData().toString(); !l.isEmpty())
        f.label = l.toStdString();
    const RatingChoice r = kRatings[std::clamp(m_rating->currentIndex(), 0, int(std::size(kRatings)) - 1)];
    if (r.minRating > 0)
        f.minRating = r.minRating;
    if (r.maxRating > 0)
        f.maxRating = r.maxRating;
    if (m_minTokens->value() > 0)
        f.minTokens = m_minTokens->value();
    if (m_maxTokens->value() > 0)
        f.maxTokens = m_maxTokens->value();
    f.textContains = m_search->text().toStdString();
    return f;
}

bool ExampleFilterBar::descending() const
{
    return m_order->currentIndex() == 1;
}

void ExampleFilterBar::setFilter(const datasets::ExampleFilter& f, bool descending)
{
    m_loading = true;
    m_status->setCurrentIndex(std::max(0, m_status->findData(f.status ? int(*f.status) : 0)));
    if (f.label) {
        const QString l = QString::fromStdString(*f.label);
        if (m_label->findData(l) < 0)
            m_label->addItem(l, l);
        m_label->setCurrentIndex(m_label->findData(l));
    } else {
        m_label->setCurrentIndex(0);
    }
    int rating = 0;
    for (int i = 0; i < int(std::size(kRatings)); ++i)
        if (kRatings[i].minRating == f.minRating.value_or(0) && kRatings[i].maxRating == f.maxRating.value_or(0))
            rating = i;
    m_rating->setCurrentIndex(rating);
    m_search->setText(QString::fromStdString(f.textContains));
    m_minTokens->setValue(int(f.minTokens.value_or(0)));
    m_maxTokens->setValue(int(f.maxTokens.value_or(0)));
    m_order->setCurrentIndex(descending ? 1 : 0);
    m_loading = false;
}

void ExampleFilterBar::setLabels(const QStringList& labels)
{
    const QString current = m_label->currentData().toString();
    m_loading = true;
    m_label->clear();
    m_label->addItem(tr("any label"), QString());
    for (const QString& l : labels)
        m_label->addItem(l, l);
    if (!current.isEmpty() && m_label->findData(current) < 0)
        m_label->addItem(current, current);
    m_label->setCurrentIndex(std::max(0, m_label->findData(current)));
    m_loading = false;
}

void ExampleFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

} // namespace triad::widgets
