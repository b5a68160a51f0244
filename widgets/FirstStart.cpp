#include "widgets/FirstStart.h"

#include "core/local/BundledModel.h"
#include "core/playground/SessionOps.h"
#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Workspace.h"
#include "widgets/models/LocalModelController.h"

#include <QCoreApplication>
#include <QFile>

namespace triad::widgets {

bool prepareFirstStart(store::Workspace& workspace)
{
    store::SettingsRepository& settings = workspace.settings();
    if (settings.value(kFirstStartDoneKey, false).get<bool>())
        return true;
    settings.set(kFirstStartDoneKey, true);

    const auto path = local::bundledModelPath();
    if (!path)
        return false;
    const bool freshWorkspace = workspace.sessions().list().empty();

    nlohmann::json catalogue = settings.value(LocalModelController::kCatalogueKey, nlohmann::json::array());
    if (!catalogue.is_array())
        catalogue = nlohmann::json::array();
    bool listed = false;
    for (const nlohmann::json& item : catalogue)
        listed = listed || (item.is_object() && item.value("path", "") == *path);
    if (!listed) {
        catalogue.push_back({{"path", *path}, {"load_on_start", freshWorkspace}});
        settings.set(LocalModelController::kCatalogueKey, catalogue);
    }
    if (!freshWorkspace)
        return true;

    const playground::Target target{kLocalProviderId, kBundledModelId};
    playground::Session session = playground::newSession(QCoreApplication::translate("FirstStart", "Welcome").toStdString(), target);
    session.panes[0].params.temperature = 0.0;
    playground::PaneConfig warmer{target, false, {}};
    warmer.params.temperature = 0.9;
    playground::addPane(session, warmer);
    // Not translated: the built-in model knows English only.
    session.draft = "Extract the fields as JSON: Name: Emma, age 31";
    workspace.sessions().save(session);
    settings.set(store::SettingsRepository::kLastSessionId, session.id);
    return true;
}

} // namespace triad::widgets
