#pragma once
// RequestHandle of a remote chat: a thin face over the network transfer.

#include <memory>

#include "core/net/TransferHandle.h"
#include "core/providers/Provider.h"

namespace triad::providers {

class StreamRequestHandle : public RequestHandle {
public:
    explicit StreamRequestHandle(std::shared_ptr<net::TransferHandle> transfer)
        : m_transfer(std::move(transfer))
    {
    }
    void cancel() override { m_transfer->cancel(); }
    void wait() override { m_transfer->wait(); }
    bool finished() const override { return m_transfer->finished(); }

private:
    std::shared_ptr<net::TransferHandle> m_transfer;
};

} // namespace triad::providers
