#include "core/local/LocalProvider.h"

#include "core/local/LocalJob.h"
#include "core/local/LocalModelManager.h"
#include "core/local/LocalRequestHandle.h"
#include "core/local/ManagerLink.h"
#include "core/local/ModelWorker.h"
#include "core/metrics/Clock.h"

namespace triad::local {

LocalProvider::LocalProvider(std::shared_ptr<ManagerLink> link)
    : m_link(std::move(link))
{
}

providers::ModelListResult LocalProvider::listModels()
{
    providers::ModelListResult result;
    for (const std::string& id : m_link->loadedIds()) {
        providers::ModelInfo info;
        info.id = id;
        info.ownedBy = "local";
        if (auto worker = m_link->target(id).worker)
            info.contextLength = worker->contextLength();
        result.models.push_back(std::move(info));
    }
    return result;
}

std::shared_ptr<providers::RequestHandle> LocalProvider::chat(const providers::ChatRequest& request,
                                                              providers::ChatSink sink)
{
    // "<base>+<adapter>" targets are answered by the base's worker with that adapter.
    const LocalTarget target = m_link->target(request.model);
    if (target.worker)
        return target.worker->submit(request, std::move(sink), target.adapter);

    // Same contract as a queued request: Started, then the failure.
    auto job = std::make_shared<LocalJob>(request, std::move(sink));
    providers::ChatEvent started;
    started.kind = providers::ChatEventKind::Started;
    started.atNs = metrics::nowNs();
    job->emit(started);
    std::string loaded;
    for (const std::string& id : m_link->loadedIds())
        loaded += (loaded.empty() ? "" : ", ") + id;
    job->fail(providers::ErrorKind::BadRequest,
              "Local models: no loaded model named '" + request.model + "' ("
                  + (loaded.empty() ? std::string("none is loaded") : "loaded: " + loaded) + ")");
    return std::make_shared<LocalRequestHandle>(job, std::weak_ptr<ModelWorker>());
}

} // namespace triad::local
