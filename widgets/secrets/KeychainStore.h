#pragma once
// API keys per provider id in the system keychain (QtKeychain), when this build has
// QtKeychain and a keychain service answers at run time. Otherwise the store says so and
// the key comes from the environment variable named in the provider's settings.
//
// Keys are held only in memory by the caller; this class never logs or persists them
// anywhere but the keychain, and its error texts never contain a key.
//
// Calls are asynchronous: the callback runs on the GUI thread, and is dropped when the
// context object was destroyed before the keychain answered.
//
// Usage:
//   store->readKey(QStringLiteral("fireworks"), this, [this](const KeychainResult& r) {
//       if (r.status == KeychainStatus::Ok) useKey(r.key);
//   });

#include <functional>

#include <QHash>
#include <QObject>
#include <QString>

namespace triad::widgets {

enum class KeychainBackend {
    System = 1,   ///< QtKeychain (falls back to Unavailable when not compiled in)
    InMemory,     ///< a process-local map; for tests and for "do not persist" sessions
    Disabled,     ///< always Unavailable
};

enum class KeychainStatus {
    Ok = 1,
    NotFound,      ///< no key stored for this provider
    Unavailable,   ///< no keychain in this build or none running; use the environment variable
    Failed,        ///< the keychain answered with an error (see message)
};

struct KeychainResult {
    KeychainStatus status = KeychainStatus::Failed;
    QString key;       ///< only set for reads with status Ok
    QString message;   ///< plain words when status is Unavailable or Failed; never the key
};

class KeychainStore : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const KeychainResult&)>;

    explicit KeychainStore(KeychainBackend backend = KeychainBackend::System,
                           QObject* parent = nullptr);
    ~KeychainStore() override;

    /** True when this build was compiled with QtKeychain. */
    static bool compiledWithKeychain();

    KeychainBackend backend() const { return m_backend; }
    /** False once a call found no keychain service (or for Disabled); true until then. */
    bool isAvailable() const { return m_available; }

    void readKey(const QString& providerId, QObject* context, Callback done);
    void writeKey(const QString& providerId, const QString& key, QObject* context, Callback done);
    void deleteKey(const QString& providerId, QObject* context, Callback done);

    /** Service name used in the keychain ("Triad"); entries are keyed by provider id. */
    static QString serviceName();

signals:
    /** Emitted once when the keychain turns out to be unavailable. */
    void availabilityChanged(bool available);

private:
    void finish(QObject* context, const Callback& done, const KeychainResult& result);
    /** Runs a QtKeychain job (`kind`: read, write, delete); answers once, or on timeout. */
    void startJob(int kind, const QString& providerId, const QString& key, QObject* context, Callback done);
    void markUnavailable(const QString& why);

    KeychainBackend m_backend;
    bool m_available = true;
    QHash<QString, QString> m_memory;   ///< InMemory backend only
};

} // namespace triad::widgets
