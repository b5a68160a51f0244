#pragma once
// One line of the Models view: a GGUF file of the workspace's catalogue, with what core
// knows about it. Files that core refused when the catalogue was reopened (moved, deleted,
// broken since) are rows too, with `rejection` saying why, so nothing disappears silently.
// A LoRA adapter added to a model is a row of its own right below the model's (basePath set,
// `adapter` holding core's status): it is the playground target "<model id>+<adapter name>".

#include <optional>

#include <QString>

#include "core/local/LocalModelManager.h"

namespace triad::widgets {

/** What the view shows for a row; Loading covers the time before core reports it too. */
enum class LocalRowState {
    NotLoaded = 1,
    Loading,
    Loaded,
    Failed,     ///< loading failed, or the file could not be (re)added: see error()
};

struct LocalModelRow {
    QString path;                                  ///< as stored in the catalogue (an adapter row: the adapter file)
    std::optional<local::LocalModelStatus> status; ///< unset when core refused the file; an adapter row: its base's
    QString rejection;                             ///< why core refused it ("" when status is set)
    bool loadPending = false;                      ///< a load was started and has not returned
    bool unloadPending = false;
    QString basePath;                              ///< set on an adapter row: the model it adapts
    std::optional<local::LocalAdapterStatus> adapter; ///< an adapter row's status (unset when refused or pending)

    bool isAdapter() const { return !basePath.isEmpty(); }
    /** Unique in the table: the path of a model row, base and adapter paths for an adapter row. */
    QString key() const { return isAdapter() ? basePath + QLatin1Char('\n') + path : path; }

    /** The id playground targets use ("local/<id>"); "" for a refused file. */
    QString id() const
    {
        if (isAdapter()) return adapter ? QString::fromStdString(adapter->id) : QString();
        return status ? QString::fromStdString(status->id) : QString();
    }

    LocalRowState state() const
    {
        if (isAdapter()) {
            if (!rejection.isEmpty() || (adapter && !adapter->error.empty())) return LocalRowState::Failed;
            if (!adapter || loadPending) return LocalRowState::Loading;
            if (adapter->loaded) return LocalRowState::Loaded;
            return status && status->state == local::ModelState::Loading ? LocalRowState::Loading : LocalRowState::NotLoaded;
        }
        if (!status) return LocalRowState::Failed;
        if (loadPending || status->state == local::ModelState::Loading) return LocalRowState::Loading;
        switch (status->state) {
        case local::ModelState::Loaded: return LocalRowState::Loaded;
        case local::ModelState::Failed: return LocalRowState::Failed;
        default: return LocalRowState::NotLoaded;
        }
    }

    /** The reason of a Failed row, as core wrote it (names the file and the problem). */
    QString error() const
    {
        if (isAdapter()) return !rejection.isEmpty() ? rejection : adapter ? QString::fromStdString(adapter->error) : QString();
        if (!status) return rejection;
        return status->state == local::ModelState::Failed ? QString::fromStdString(status->error) : QString();
    }

    /** Mapped file plus the worker's KV cache and scratch; 0 when not loaded. */
    quint64 memoryBytes() const
    {
        if (isAdapter()) return adapter && adapter->loaded ? adapter->memoryBytes : 0;
        return status && status->state == local::ModelState::Loaded ? status->memoryBytes + status->mappedBytes : 0;
    }
};

} // namespace triad::widgets
