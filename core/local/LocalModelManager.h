#pragma once
// The catalogue of local GGUF models: files a person added, which of them are loaded, and a
// worker thread per loaded model that serves chat requests one at a time. The Models view,
// `triad-cli run --model-file` and `triad-cli serve` all go through it; the playground
// reaches loaded models through provider() like any remote provider.
//
// Usage:
//   LocalModelManager manager({.threads = 2, .contextLength = 4096});
//   std::string error;
//   std::string id = manager.add("/models/qwen2.5-0.5b-q8_0.gguf", &error);  // "" + error on failure
//   if (!manager.load(id, &error)) show(error);   // blocking: call off the GUI thread
//   auto provider = manager.provider();            // id "local"; listModels() = loaded models
//   auto handle = provider->chat(request, sink);   // queued on that model's worker
//   std::string target = manager.addAdapter(id, "/adapters/roman.gguf", &error);  // "qwen2.5-0.5b-q8_0+roman"
//   request.model = target;                         // answered by the same worker, with the adapter
//
// Adapters: a LoRA adapter added to a catalogued model is checked against it at once (reads
// the headers and the factors; a mismatch adds nothing and names the file and the problem),
// becomes the target "<base id>+<name>" while the base is loaded, and is read once into the
// base's worker, which switches adapters per request.
//
// Thread safety: every member may be called from any thread. The changed callback is
// called from whichever thread changed the state (a worker, or the caller of load()).

#include "core/engine/GgufSummary.h"
#include "core/engine/Model.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace triad::providers {
class Provider;
}

namespace triad::local {

class ManagerLink;
class ModelWorker;

/** Where a catalogued model is in its life. */
enum class ModelState {
    NotLoaded = 1,  ///< in the catalogue, weights not mapped
    Loading,        ///< load() is running
    Loaded,         ///< a worker serves requests
    Failed,         ///< the last load() failed; `error` says why
};

/** A LoRA adapter of a catalogued model, for display and routing. */
struct LocalAdapterStatus {
    std::string id;               ///< the target: "<base id>+<name>"
    std::string name;             ///< unique among the base's adapters (file stem by default)
    std::string path;             ///< the adapter GGUF file as given to addAdapter()
    float scale = 1.0f;           ///< user scale (s = scale · alpha / r)
    bool loaded = false;          ///< the base's worker holds it: the target answers
    std::string error;            ///< why it could not be read when the base was loaded ("" otherwise)
    uint64_t memoryBytes = 0;     ///< its F32 factors (0 when not loaded)
};

/** How addAdapter() names and scales an adapter. */
struct LocalAdapterOptions {
    std::string name;             ///< "" = the file stem
    float scale = 1.0f;
};

/** A chat target resolved to the worker that answers it and the adapter it uses. */
struct LocalTarget {
    std::shared_ptr<ModelWorker> worker; ///< nullptr when the target is unknown or not loaded
    std::string adapter;                 ///< "" for the base model
};

/** A snapshot of one catalogued model, for display. */
struct LocalModelStatus {
    std::string id;                         ///< unique in the manager: the file stem ("name", "name-2")
    std::string path;                       ///< the GGUF file as given to add()
    engine::GgufSummary summary;            ///< read from the header by add()
    std::optional<engine::ModelInfo> info;  ///< set while loaded (tokenizer, quantization mix…)
    ModelState state = ModelState::NotLoaded;
    std::string error;                      ///< why the last load failed ("" otherwise)
    uint64_t memoryBytes = 0;               ///< KV cache + scratch owned by the worker (0 when not loaded)
    uint64_t mappedBytes = 0;               ///< size of the mapped file (0 when not loaded)
    int64_t contextLength = 0;              ///< KV cache positions of the worker (0 when not loaded)
    bool busy = false;                      ///< a request is running
    int queuedRequests = 0;                 ///< requests waiting behind the running one
    std::vector<LocalAdapterStatus> adapters; ///< in the order they were added
};

/** Settings applied to every model a LocalModelManager loads. */
struct LocalModelOptions {
    int threads = 0;              ///< matrix threads per model; 0 = all hardware threads
    int64_t contextLength = 4096; ///< KV cache positions per model (clamped to the trained context)
};

class LocalModelManager {
public:
    /** Settings applied to every model loaded by this manager. */
    using Options = LocalModelOptions;

    /** An empty catalogue; nothing is loaded until load(). */
    explicit LocalModelManager(Options options = Options{});
    /** Unloads every model (cancels running requests and waits for their workers). */
    ~LocalModelManager();

    LocalModelManager(const LocalModelManager&) = delete;
    LocalModelManager& operator=(const LocalModelManager&) = delete;

    /**
     * Adds the GGUF file @p path to the catalogue without loading it. Reads and validates the
     * header; a bad file or an unsupported architecture adds nothing and puts a message naming
     * the file and the reason in @p error. Returns the new model's id, or "" on failure.
     */
    std::string add(const std::string& path, std::string* error);

    /**
     * Loads model @p id (maps the file, builds the tokenizer, allocates the KV cache) and
     * starts its worker. Blocking — call off the GUI thread. Returns true when it is loaded
     * (also when it already was); false with a reason in @p error otherwise, and the model's
     * state becomes Failed.
     */
    bool load(const std::string& id, std::string* error);

    /**
     * Stops model @p id's worker: cancels the running request and every queued one (each gets
     * Failed{Cancelled}), waits for the worker to end, and releases the memory. The model
     * stays in the catalogue. Unknown ids and unloaded models are ignored.
     */
    void unload(const std::string& id);

    /** Unloads model @p id if needed and removes it from the catalogue. */
    void remove(const std::string& id);

    /**
     * Adds the LoRA adapter @p path to model @p baseId. The adapter is read and checked against
     * the base (architecture, tensor names and shapes); a mismatch adds nothing and puts a
     * message naming the file and the problem in @p error. When the base is loaded its worker
     * takes the adapter at once; otherwise when the base is loaded. Reads the file — call off
     * the GUI thread. Returns the target id "<baseId>+<name>" (also when the same file was
     * already added to this base), or "" on failure.
     */
    std::string addAdapter(const std::string& baseId, const std::string& path, std::string* error,
                           const LocalAdapterOptions& options = {});

    /** Removes the adapter target @p targetId ("<base id>+<name>"); unknown ids are ignored.
     *  Requests queued for it fail when they start. */
    void removeAdapter(const std::string& targetId);

    /** Snapshots of every catalogued model, in the order they were added. */
    std::vector<LocalModelStatus> models() const;

    /** The snapshot of model @p id, or nullopt when it is not in the catalogue. */
    std::optional<LocalModelStatus> model(const std::string& id) const;

    /**
     * The provider ("local", "Local models") whose listModels() returns the loaded models and
     * whose chat() queues a request on the worker of the model named in it. It stays valid
     * after the manager is destroyed (requests then fail with ErrorKind::Local).
     */
    std::shared_ptr<providers::Provider> provider();

    /** Called from any thread whenever a model is added, removed, loaded, unloaded, or a worker
     *  becomes busy or idle. Keep it short; it must not call back into load()/unload(). */
    void setChangedCallback(std::function<void()> callback);

    /** The options every load uses. */
    const Options& options() const { return m_options; }

    /** The worker of loaded model @p id (or of the base of adapter target @p id), or nullptr. */
    std::shared_ptr<ModelWorker> worker(const std::string& id) const;

    /** The worker and adapter that answer target @p id (a model id or "<base>+<adapter>"). */
    LocalTarget target(const std::string& id) const;

    /** Ids of the loaded models, each followed by its loaded adapter targets, in catalogue
     *  order (used by LocalProvider). */
    std::vector<std::string> loadedIds() const;

    /**
     * Makes ProviderFactory::create() answer configs of kind Local with a provider over this
     * manager (the GUI calls it once at start-up). The destructor unregisters it again.
     */
    void registerAsLocalFactory();

private:
    struct Entry;
    struct AdapterEntry;

    std::shared_ptr<Entry> find(const std::string& id) const;
    /** The base entry and adapter index of target @p id; {nullptr, -1} when there is none. */
    std::pair<std::shared_ptr<Entry>, int> findAdapter(const std::string& targetId) const;
    /** Reads the adapters of @p entry the worker does not hold yet into @p worker. */
    void attachAdapters(const std::shared_ptr<Entry>& entry, const std::shared_ptr<const engine::Model>& model,
                        const std::shared_ptr<ModelWorker>& worker);
    LocalModelStatus statusOf(const Entry& entry) const;
    void notifyChanged();

    friend class ManagerLink;   // forwards change notifications to callChanged()
    void callChanged();

    Options m_options;
    mutable std::mutex m_mutex;                    // guards m_entries and each entry's fields
    std::vector<std::shared_ptr<Entry>> m_entries; // catalogue order
    std::mutex m_changedMutex;
    std::function<void()> m_changed;
    std::shared_ptr<ManagerLink> m_link;           // lets the provider outlive the manager
    std::shared_ptr<providers::Provider> m_provider;
    bool m_registeredFactory = false;
};

} // namespace triad::local
