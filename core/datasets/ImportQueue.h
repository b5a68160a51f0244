#pragma once
// Hands batches of parsed lines from the import's reading thread to its writing thread, so
// parsing the next lines overlaps with SQLite storing the previous ones. A fixed set of
// batches goes round (reader fills, writer stores, reader refills): memory stays constant,
// and each batch keeps its strings' capacity, so a line costs no allocation once warm.
//
//   reader: while (ImportBatch* b = queue.acquire()) { fill b; queue.submit(b); } queue.finish();
//   writer: while (ImportBatch* b = queue.take()) { store b; queue.release(b); }
//   either: queue.abort() on an error; acquire()/take() then return nullptr at once.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/datasets/FastLineParser.h"

namespace triad::datasets {

/** One line's outcome: an example to store, or a rejected line with its reason. */
struct ImportItem {
    bool rejected = false;
    int64_t lineNumber = 0;
    StoredLine row;       ///< when !rejected
    std::string reason;   ///< when rejected
    std::string raw;      ///< when rejected: the line as read
};

struct ImportBatch {
    std::vector<ImportItem> items;   ///< the first `count` are in use; the rest keep capacity
    size_t count = 0;

    /** The next item to fill (reused; text an unusually long line left is let go, so
     *  the batches' memory stays bounded by the usual line size). */
    ImportItem& add()
    {
        if (count == items.size())
            items.emplace_back();
        ImportItem& item = items[count++];
        constexpr size_t kKeepBytes = 1 << 20;
        for (std::string* text : {&item.row.messages, &item.row.preferred, &item.row.nonPreferred, &item.row.extra,
                                  &item.row.metadata, &item.reason, &item.raw}) {
            if (text->capacity() > kKeepBytes)
                std::string().swap(*text);
        }
        return item;
    }
};

class ImportQueue {
public:
    explicit ImportQueue(size_t batches);

    /** Reader: an empty batch to fill, waiting for the writer if all are in use;
     *  nullptr after abort(). */
    ImportBatch* acquire();
    /** Reader: the batch is filled. */
    void submit(ImportBatch* batch);
    /** Reader: nothing more will come; take() drains what was submitted, then returns nullptr. */
    void finish();

    /** Writer: the next filled batch, nullptr when finished and drained, or aborted. */
    ImportBatch* take();
    /** Writer: the batch is stored and can be refilled. */
    void release(ImportBatch* batch);

    /** Stops both sides (an error on either side). */
    void abort();
    bool aborted() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::unique_ptr<ImportBatch>> m_batches;
    std::deque<ImportBatch*> m_free;
    std::deque<ImportBatch*> m_filled;
    bool m_finished = false;
    bool m_aborted = false;
};

} // namespace triad::datasets
