#pragma once
// A pane's sampling parameters. Each parameter has a checkbox: unchecked means "not sent,
// the provider's default". Panes after the first can follow pane 1 instead.

#include <QDialog>

#include "core/providers/ChatTypes.h"

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QWidget;

namespace triad::widgets {

class PaneParamsDialog : public QDialog {
    Q_OBJECT
public:
    /** `paneIndex` 0 hides "same as pane 1". `firstPaneParams` is shown while following it. */
    PaneParamsDialog(int paneIndex, const providers::SamplingParams& params, bool sameAsFirst,
                     const providers::SamplingParams& firstPaneParams, QWidget* parent = nullptr);

    providers::SamplingParams params() const;
    bool sameAsFirst() const;

    /** "t=0.7 max=256" — the short form shown in a pane header ("defaults" when none set). */
    static QString summary(const providers::SamplingParams& params);

private:
    void load(const providers::SamplingParams& params);
    void updateEnabled();

    QCheckBox* m_sameAsFirst = nullptr;
    QWidget* m_form = nullptr;
    QCheckBox* m_useTemperature = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QCheckBox* m_useTopP = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QCheckBox* m_useTopK = nullptr;
    QSpinBox* m_topK = nullptr;
    QCheckBox* m_useMinP = nullptr;
    QDoubleSpinBox* m_minP = nullptr;
    QCheckBox* m_useMaxTokens = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QCheckBox* m_useSeed = nullptr;
    QLineEdit* m_seed = nullptr;
    QCheckBox* m_usePresence = nullptr;
    QDoubleSpinBox* m_presence = nullptr;
    QCheckBox* m_useFrequency = nullptr;
    QDoubleSpinBox* m_frequency = nullptr;
    QPlainTextEdit* m_stop = nullptr;
    providers::SamplingParams m_firstPaneParams;
    providers::SamplingParams m_ownParams;
};

} // namespace triad::widgets
