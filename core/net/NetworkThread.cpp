#include "core/net/NetworkThread.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>

#include <curl/curl.h>

#include "core/metrics/Clock.h"
#include "core/net/ErrorMapper.h"
#include "core/net/RetryPolicy.h"
#include "core/net/SecretScrubber.h"

namespace triad::net {

using metrics::nowNs;
using providers::ErrorInfo;
using providers::ErrorKind;

namespace {

constexpr size_t kMaxErrorBodyBytes = 64 * 1024;
constexpr int kMaxPollMs = 1000;

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CURLM* multiOf(void* p)
{
    return static_cast<CURLM*>(p);
}

} // namespace

/** Lets handles wake the loop without keeping the NetworkThread alive. */
struct NetworkThread::Waker {
    std::mutex mutex;
    CURLM* multi = nullptr;

    void wake()
    {
        std::lock_guard lock(mutex);
        if (multi)
            curl_multi_wakeup(multi);
    }
};

struct NetworkThread::Transfer {
    HttpRequest request;
    std::shared_ptr<TransferHandler> handler;
    std::shared_ptr<TransferHandle> handle;

    CURL* easy = nullptr;
    curl_slist* headerList = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    int attempts = 0;
    bool startedReported = false;
    int64_t lastActivityNs = 0;
    int64_t retryAtNs = 0;           // > 0 while waiting for the next attempt
    int httpStatus = 0;
    HttpHeaders responseHeaders;
    bool headersReported = false;
    bool bodyDelivered = false;
    bool stoppedByHandler = false;
    std::string errorBody;

    FailureContext context() const
    {
        return {request.serviceName, request.url, request.connectTimeoutMs,
                request.idleReadTimeoutMs, bodyDelivered};
    }
};

namespace {

using Transfer = NetworkThread::Transfer;

size_t onHeaderLine(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t len = size * count;
    t->lastActivityNs = nowNs();
    std::string line(data, len);
    if (line.rfind("HTTP/", 0) == 0) {
        // A new status line (after 100 Continue, or a redirect) starts a fresh header set.
        t->responseHeaders.clear();
        auto space = line.find(' ');
        if (space != std::string::npos)
            t->httpStatus = std::atoi(line.c_str() + space + 1);
    } else {
        t->responseHeaders.addRawLine(line);
    }
    return len;
}

size_t onBodyBytes(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t len = size * count;
    const int64_t at = nowNs();
    t->lastActivityNs = at;
    if (t->handle->cancelRequested())
        return 0;   // aborts with CURLE_WRITE_ERROR; reported as Cancelled
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    t->httpStatus = static_cast<int>(status);
    if (status < 200 || status >= 300) {
        const size_t room = kMaxErrorBodyBytes - std::min(kMaxErrorBodyBytes, t->errorBody.size());
        t->errorBody.append(data, std::min(room, len));
        return len;
    }
    if (!t->headersReported) {
        t->headersReported = true;
        t->handler->onResponseHeaders(t->httpStatus, t->responseHeaders);
    }
    t->bodyDelivered = true;
    if (t->handler->onData(std::string_view(data, len), at) == DataVerdict::Stop) {
        t->stoppedByHandler = true;
        return 0;
    }
    return len;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto* t = static_cast<Transfer*>(user);
    return t->handle->cancelRequested() ? 1 : 0;
}

} // namespace

NetworkThread::NetworkThread()
{
    initCurlOnce();
    m_multi = curl_multi_init();
    m_waker = std::make_shared<Waker>();
    m_waker->multi = multiOf(m_multi);
    m_thread = std::thread([this] { run(); });
    m_threadId = m_thread.get_id();
}

NetworkThread::~NetworkThread()
{
    m_stop = true;
    m_waker->wake();
    if (m_thread.joinable())
        m_thread.join();
    {
        std::lock_guard lock(m_waker->mutex);
        m_waker->multi = nullptr;
    }
    curl_multi_cleanup(multiOf(m_multi));
}

NetworkThread& NetworkThread::shared()
{
    static NetworkThread instance;
    return instance;
}

bool NetworkThread::isNetworkThread() const
{
    return std::this_thread::get_id() == m_threadId;
}

std::shared_ptr<TransferHandle> NetworkThread::start(HttpRequest request,
                                                     std::shared_ptr<TransferHandler> handler)
{
    auto waker = m_waker;
    auto handle = std::make_shared<TransferHandle>([waker] { waker->wake(); });
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->handler = std::move(handler);
    t->handle = handle;
    ++m_pending;
    {
        std::lock_guard lock(m_incomingMutex);
        m_incoming.push_back(std::move(t));
    }
    m_waker->wake();
    return handle;
}

namespace {

/** Collects a whole body for fetch(). */
class BufferingHandler : public TransferHandler {
public:
    DataVerdict onData(std::string_view bytes, int64_t) override
    {
        m_response.body.append(bytes);
        return DataVerdict::Continue;
    }
    void onComplete(const TransferResult& result) override
    {
        m_response.httpStatus = result.httpStatus;
        m_response.headers = result.headers;
        m_response.error = result.error;
    }
    HttpResponse take() { return std::move(m_response); }

private:
    HttpResponse m_response;
};

} // namespace

HttpResponse NetworkThread::fetch(HttpRequest request)
{
    if (isNetworkThread()) {
        HttpResponse r;
        r.error = ErrorInfo{ErrorKind::BadRequest, 0,
                            "internal error: a blocking request was made on the network thread"};
        return r;
    }
    auto handler = std::make_shared<BufferingHandler>();
    auto handle = start(std::move(request), handler);
    handle->wait();
    return handler->take();
}

void NetworkThread::run()
{
    CURLM* multi = multiOf(m_multi);
    while (!m_stop) {
        takeIncoming();
        sweep(nowNs());

        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
            if (t)
                finishAttempt(*t, msg->data.result);
        }
        // Completed transfers were marked by complete(); drop them now that libcurl's
        // message list no longer points at them.
        m_transfers.erase(std::remove_if(m_transfers.begin(), m_transfers.end(),
                                         [](const auto& t) { return t->handle->finished(); }),
                          m_transfers.end());

        curl_multi_poll(multi, nullptr, 0, pollTimeoutMs(nowNs()), nullptr);
    }

    // Shutting down: whatever is left ends as cancelled so every waiter wakes up.
    takeIncoming();
    for (auto& t : m_transfers) {
        if (!t->handle->finished())
            complete(*t, TransferOutcome::Cancelled,
                     ErrorInfo{ErrorKind::Cancelled, 0, "Cancelled: the network thread stopped"});
    }
    m_transfers.clear();
}

void NetworkThread::takeIncoming()
{
    std::vector<std::unique_ptr<Transfer>> incoming;
    {
        std::lock_guard lock(m_incomingMutex);
        incoming.swap(m_incoming);
    }
    for (auto& t : incoming) {
        Transfer& ref = *t;
        m_transfers.push_back(std::move(t));
        if (m_stop)
            continue;   // run() cancels it on the way out
        if (ref.handle->cancelRequested())
            complete(ref, TransferOutcome::Cancelled, ErrorInfo{ErrorKind::Cancelled, 0, "Cancelled"});
        else
            startAttempt(ref);
    }
}

void NetworkThread::startAttempt(Transfer& t)
{
    ++t.attempts;
    t.retryAtNs = 0;
    t.httpStatus = 0;
    t.responseHeaders.clear();
    t.headersReported = false;
    t.errorBody.clear();
    t.errorBuffer[0] = '\0';

    CURL* easy = curl_easy_init();
    if (!easy) {
        complete(t, TransferOutcome::Failed,
                 ErrorInfo{ErrorKind::Connection, 0, "libcurl could not create a transfer (out of memory?)"});
        return;
    }
    t.easy = easy;
    const HttpRequest& r = t.request;
    curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);   // a redirected POST is a wrong base URL
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max(1, r.connectTimeoutMs)));
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t.errorBuffer);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeaderLine);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBodyBytes);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);

    if (t.headerList) {
        curl_slist_free_all(t.headerList);
        t.headerList = nullptr;
    }
    for (const auto& [name, value] : r.headers.fields())
        t.headerList = curl_slist_append(t.headerList, (name + ": " + value).c_str());
    // Without this, curl waits up to a second for "100 Continue" before sending big bodies.
    t.headerList = curl_slist_append(t.headerList, "Expect:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t.headerList);

    switch (r.method) {
    case HttpMethod::Get:
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        break;
    case HttpMethod::Post:
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
        curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, r.body.c_str());
        break;
    case HttpMethod::Delete:
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "DELETE");
        break;
    }

    const int64_t now = nowNs();
    t.lastActivityNs = now;
    if (!t.startedReported) {
        t.startedReported = true;
        t.handler->onStarted(now);
    }
    curl_multi_add_handle(multiOf(m_multi), easy);
}

void NetworkThread::detachEasy(Transfer& t)
{
    if (t.easy) {
        curl_multi_remove_handle(multiOf(m_multi), t.easy);
        curl_easy_cleanup(t.easy);
        t.easy = nullptr;
    }
    if (t.headerList) {
        curl_slist_free_all(t.headerList);
        t.headerList = nullptr;
    }
}

void NetworkThread::finishAttempt(Transfer& t, int curlCode)
{
    const auto code = static_cast<CURLcode>(curlCode);
    curl_off_t connectUs = 0;
    curl_easy_getinfo(t.easy, CURLINFO_CONNECT_TIME_T, &connectUs);
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    if (status)
        t.httpStatus = static_cast<int>(status);
    long osErrno = 0;
    curl_easy_getinfo(t.easy, CURLINFO_OS_ERRNO, &osErrno);
    const std::string curlMessage = t.errorBuffer;
    detachEasy(t);

    if (t.handle->cancelRequested()) {
        complete(t, TransferOutcome::Cancelled, ErrorInfo{ErrorKind::Cancelled, 0, "Cancelled"});
        return;
    }
    if (code == CURLE_WRITE_ERROR && t.stoppedByHandler) {
        complete(t, TransferOutcome::StoppedByHandler, std::nullopt);
        return;
    }
    if (code == CURLE_OK) {
        if (t.httpStatus >= 200 && t.httpStatus < 300) {
            complete(t, TransferOutcome::Completed, std::nullopt);
            return;
        }
        t.errorBody = SecretScrubber::scrub(t.errorBody, t.request.secrets);
        ErrorInfo e = ErrorMapper::fromHttpStatus(t.httpStatus, t.errorBody, t.context());
        if (!scheduleRetry(t, e))
            complete(t, TransferOutcome::Failed, e);
        return;
    }
    FailureContext context = t.context();
    context.osErrno = osErrno;
    ErrorInfo e = ErrorMapper::fromCurl(code, curlMessage, context);
    if (code == CURLE_OPERATION_TIMEDOUT && connectUs > 0)
        e = ErrorMapper::readTimeout(t.context(), true);
    // Nobody listening is not a hiccup: say so at once instead of backing off for seconds.
    const bool refused = code == CURLE_COULDNT_CONNECT && osErrno == ECONNREFUSED;
    if (refused || !scheduleRetry(t, e))
        complete(t, TransferOutcome::Failed, e);
}

bool NetworkThread::scheduleRetry(Transfer& t, const ErrorInfo& cause)
{
    m_jitterState = m_jitterState * 1664525u + 1013904223u;
    const double jitter = (m_jitterState >> 8) / static_cast<double>(1u << 24);
    auto delay = RetryPolicy::nextDelayMs(t.request, t.attempts, cause.kind, t.bodyDelivered,
                                          t.responseHeaders.value("Retry-After"), jitter);
    if (!delay)
        return false;
    t.retryAtNs = nowNs() + static_cast<int64_t>(*delay) * 1'000'000;
    RetryNotice notice;
    notice.nextAttempt = t.attempts + 1;
    notice.maxAttempts = t.request.maxRetries + 1;
    notice.delayMs = *delay;
    notice.cause = cause;
    notice.cause.message = SecretScrubber::scrub(notice.cause.message, t.request.secrets);
    t.handler->onRetrying(notice);
    return true;
}

void NetworkThread::complete(Transfer& t, TransferOutcome outcome, std::optional<ErrorInfo> error)
{
    if (t.handle->finished())
        return;
    detachEasy(t);
    TransferResult result;
    result.outcome = error && outcome != TransferOutcome::Cancelled ? TransferOutcome::Failed : outcome;
    result.httpStatus = t.httpStatus;
    result.headers = t.responseHeaders;
    result.errorBody = SecretScrubber::scrub(t.errorBody, t.request.secrets);
    result.attempts = t.attempts;
    result.bodyDelivered = t.bodyDelivered;
    result.doneNs = nowNs();
    if (error) {
        if (t.attempts > 1 && error->kind != ErrorKind::Cancelled)
            error->message += " (after " + std::to_string(t.attempts) + " attempts)";
        error->message = SecretScrubber::scrub(error->message, t.request.secrets);
        result.error = std::move(error);
    }
    try {
        t.handler->onComplete(result);
    } catch (...) {
        // A throwing handler must not take every other stream down with the thread.
    }
    t.handle->markFinished();
    --m_pending;
}

void NetworkThread::sweep(int64_t now)
{
    for (auto& tp : m_transfers) {
        Transfer& t = *tp;
        if (t.handle->finished())
            continue;
        if (t.handle->cancelRequested()) {
            complete(t, TransferOutcome::Cancelled, ErrorInfo{ErrorKind::Cancelled, 0, "Cancelled"});
            continue;
        }
        if (t.retryAtNs > 0) {
            if (now >= t.retryAtNs)
                startAttempt(t);
            continue;
        }
        if (!t.easy || t.request.idleReadTimeoutMs <= 0)
            continue;
        if (now - t.lastActivityNs < static_cast<int64_t>(t.request.idleReadTimeoutMs) * 1'000'000)
            continue;
        curl_off_t connectUs = 0;
        curl_easy_getinfo(t.easy, CURLINFO_CONNECT_TIME_T, &connectUs);
        if (connectUs == 0)
            continue;   // still connecting: CURLOPT_CONNECTTIMEOUT_MS decides
        complete(t, TransferOutcome::Failed, ErrorMapper::readTimeout(t.context(), true));
    }
}

int NetworkThread::pollTimeoutMs(int64_t now) const
{
    long curlMs = -1;
    curl_multi_timeout(multiOf(m_multi), &curlMs);
    int64_t best = curlMs >= 0 ? std::min<int64_t>(curlMs, kMaxPollMs) : kMaxPollMs;
    for (const auto& t : m_transfers) {
        if (t->handle->finished())
            continue;
        int64_t deadlineNs = 0;
        if (t->retryAtNs > 0)
            deadlineNs = t->retryAtNs;
        else if (t->easy && t->request.idleReadTimeoutMs > 0)
            deadlineNs = t->lastActivityNs + static_cast<int64_t>(t->request.idleReadTimeoutMs) * 1'000'000;
        else
            continue;
        int64_t ms = (deadlineNs - now + 999'999) / 1'000'000;
        best = std::min(best, std::max<int64_t>(ms, 0));
    }
    return static_cast<int>(best);
}

} // namespace triad::net
