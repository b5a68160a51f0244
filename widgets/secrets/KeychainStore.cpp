#include "widgets/secrets/KeychainStore.h"

#include <memory>

#include <QPointer>
#include <QTimer>

#ifdef TRIAD_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace triad::widgets {

namespace {

// A keychain that never answers (a hung secret service) must not leave a provider waiting.
constexpr int kKeychainTimeoutMs = 8000;

} // namespace

KeychainStore::KeychainStore(KeychainBackend backend, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
    , m_available(backend != KeychainBackend::Disabled && (backend == KeychainBackend::InMemory || compiledWithKeychain()))
{
}

KeychainStore::~KeychainStore() = default;

bool KeychainStore::compiledWithKeychain()
{
#ifdef TRIAD_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

QString KeychainStore::serviceName()
{
    return QStringLiteral("Triad");
}

void KeychainStore::finish(QObject* context, const Callback& done, const KeychainResult& result)
{
    // Always deliver from the event loop, so callers see the same order for every backend.
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    QTimer::singleShot(0, this, [guard, hadContext, done, result] {
        if (hadContext && !guard) return;   // the asker is gone: drop the answer
        if (done) done(result);
    });
}

void KeychainStore::markUnavailable(const QString& why)
{
    Q_UNUSED(why);
    if (!m_available) return;
    m_available = false;
    emit availabilityChanged(false);
}

namespace {

KeychainResult unavailableResult()
{
    KeychainResult result;
    result.status = KeychainStatus::Unavailable;
    result.message = KeychainStore::tr(
        "No system keychain is available; Triad reads the key from the environment variable "
        "named in the provider's settings.");
    return result;
}

#ifdef TRIAD_HAVE_QTKEYCHAIN
enum class JobKind {
    Read = 1,
    Write,
    Delete,
};

// Errors that mean "there is no keychain here" rather than "this entry failed".
bool meansNoKeychain(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return true;
    case QKeychain::OtherError: {
        const QString text = job.errorString().toLower();
        return text.contains(QLatin1String("d-bus")) || text.contains(QLatin1String("dbus"))
            || text.contains(QLatin1String("secret")) || text.contains(QLatin1String("no such interface"))
            || text.contains(QLatin1String("not provided"));
    }
    default:
        return false;
    }
}
#endif

} // namespace

void KeychainStore::readKey(const QString& providerId, QObject* context, Callback done)
{
    if (m_backend == KeychainBackend::InMemory) {
        KeychainResult result;
        const auto it = m_memory.constFind(providerId);
        result.status = it == m_memory.constEnd() ? KeychainStatus::NotFound : KeychainStatus::Ok;
        if (it != m_memory.constEnd()) result.key = *it;
        finish(context, done, result);
        return;
    }
    if (!m_available) {
        finish(context, done, unavailableResult());
        return;
    }
#ifdef TRIAD_HAVE_QTKEYCHAIN
    startJob(int(JobKind::Read), providerId, QString(), context, std::move(done));
#else
    finish(context, done, unavailableResult());
#endif
}

void KeychainStore::writeKey(const QString& providerId, const QString& key, QObject* context, Callback done)
{
    if (m_backend == KeychainBackend::InMemory) {
        m_memory.insert(providerId, key);
        finish(context, done, KeychainResult{KeychainStatus::Ok, {}, {}});
        return;
    }
    if (!m_available) {
        finish(context, done, unavailableResult());
        return;
    }
#ifdef TRIAD_HAVE_QTKEYCHAIN
    startJob(int(JobKind::Write), providerId, key, context, std::move(done));
#else
    Q_UNUSED(key);
    finish(context, done, unavailableResult());
#endif
}

void KeychainStore::deleteKey(const QString& providerId, QObject* context, Callback done)
{
    if (m_backend == KeychainBackend::InMemory) {
        const bool had = m_memory.remove(providerId) > 0;
        finish(context, done, KeychainResult{had ? KeychainStatus::Ok : KeychainStatus::NotFound, {}, {}});
        return;
    }
    if (!m_available) {
        finish(context, done, unavailableResult());
        return;
    }
#ifdef TRIAD_HAVE_QTKEYCHAIN
    startJob(int(JobKind::Delete), providerId, QString(), context, std::move(done));
#else
    finish(context, done, unavailableResult());
#endif
}

void KeychainStore::startJob(int kind, const QString& providerId, const QString& key, QObject* context,
                             Callback done)
{
#ifdef TRIAD_HAVE_QTKEYCHAIN
    QKeychain::Job* job = nullptr;
    switch (JobKind(kind)) {
    case JobKind::Read: job = new QKeychain::ReadPasswordJob(serviceName(), this); break;
    case JobKind::Write: {
        auto* write = new QKeychain::WritePasswordJob(serviceName(), this);
        write->setTextData(key);
        job = write;
        break;
    }
    case JobKind::Delete: job = new QKeychain::DeletePasswordJob(serviceName(), this); break;
    }
    job->setKey(providerId);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);   // never a plain-text file instead of a keychain

    // Exactly one answer per call: the job's, or the timeout's, whichever comes first.
    auto answered = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    auto deliver = [answered, guard, hadContext, done](const KeychainResult& result) {
        if (*answered) return;
        *answered = true;
        if (hadContext && !guard) return;
        if (done) done(result);
    };
    connect(job, &QKeychain::Job::finished, this, [this, deliver, kind](QKeychain::Job* finished) {
        KeychainResult result;
        if (finished->error() == QKeychain::NoError) {
            result.status = KeychainStatus::Ok;
            if (JobKind(kind) == JobKind::Read)
                result.key = static_cast<QKeychain::ReadPasswordJob*>(finished)->textData();
        } else if (finished->error() == QKeychain::EntryNotFound) {
            result.status = KeychainStatus::NotFound;
        } else if (meansNoKeychain(*finished)) {
            markUnavailable(finished->errorString());
            result = unavailableResult();
        } else {
            result.status = KeychainStatus::Failed;
            result.message = tr("The system keychain refused the request: %1").arg(finished->errorString());
        }
        deliver(result);
    });
    QTimer::singleShot(kKeychainTimeoutMs, this, [this, deliver, answered] {
        if (*answered) return;
        markUnavailable(QStringLiteral("timeout"));
        KeychainResult result = unavailableResult();
        result.message = tr("The system keychain did not answer within %1 seconds; Triad reads the key "
                            "from the environment variable named in the provider's settings.")
                             .arg(kKeychainTimeoutMs / 1000);
        deliver(result);
    });
    job->start();
#else
    Q_UNUSED(kind);
    Q_UNUSED(providerId);
    Q_UNUSED(key);
    finish(context, done, unavailableResult());
#endif
}

} // namespace triad::widgets
