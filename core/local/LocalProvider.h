#pragma once
// Local models as a Provider: id "local", display name "Local models". listModels() returns
// the models loaded in the LocalModelManager and their adapter targets ("<base>+<adapter>");
// chat() queues the request on the worker of the model it names, with the adapter it names
// (see ModelWorker for the events). Made by LocalModelManager::provider().

#include "core/providers/Provider.h"

#include <memory>

namespace triad::local {

class ManagerLink;

class LocalProvider : public providers::Provider {
public:
    explicit LocalProvider(std::shared_ptr<ManagerLink> link);

    std::string id() const override { return "local"; }
    std::string displayName() const override { return "Local models"; }

    /** The loaded models with their context length; never fails. */
    providers::ModelListResult listModels() override;

    /** Queues @p request on the model's worker; an unknown or unloaded model fails at once
     *  (BadRequest naming the loaded ones). */
    std::shared_ptr<providers::RequestHandle> chat(const providers::ChatRequest& request,
                                                   providers::ChatSink sink) override;

private:
    std::shared_ptr<ManagerLink> m_link;
};

} // namespace triad::local
