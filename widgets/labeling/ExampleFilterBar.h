#pragma once
// The filters of the example list: status, label, rating, text search (debounced while
// typing), length in tokens, and the order. Ctrl+F focuses the search field.

#include <QStringList>
#include <QTimer>
#include <QWidget>

#include "core/datasets/Example.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace triad::widgets {

class ExampleFilterBar : public QWidget {
    Q_OBJECT
public:
    explicit ExampleFilterBar(QWidget* parent = nullptr);

    datasets::ExampleFilter filter() const;
    bool descending() const;
    /** Sets every control without emitting changed(). */
    void setFilter(const datasets::ExampleFilter& filter, bool descending);
    /** The labels the label filter offers (keeps the chosen one). */
    void setLabels(const QStringList& labels);
    void focusSearch();

    QComboBox* statusBox() const { return m_status; }
    QComboBox* labelBox() const { return m_label; }
    QComboBox* ratingBox() const { return m_rating; }
    QLineEdit* searchField() const { return m_search; }
    QSpinBox* minTokensBox() const { return m_minTokens; }
    QSpinBox* maxTokensBox() const { return m_maxTokens; }
    QComboBox* orderBox() const { return m_order; }

signals:
    void changed();

private:
    void emitChanged();

    QComboBox* m_status = nullptr;
    QComboBox* m_label = nullptr;
    QComboBox* m_rating = nullptr;
    QLineEdit* m_search = nullptr;
    QSpinBox* m_minTokens = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QComboBox* m_order = nullptr;
    QTimer m_searchDelay;
    bool m_loading = false;
};

} // namespace triad::widgets
