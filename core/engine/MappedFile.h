#pragma once
// A read-only memory mapping of a whole file. The platform specifics (POSIX mmap today)
// live in MappedFile.cpp so a Windows port replaces one file.

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

namespace triad::engine {

/** Thrown when a file cannot be opened or mapped; the message names the file and the reason. */
class MappedFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/**
 * Maps a file read-only for the lifetime of the object. An empty file maps to an empty span
 * (mmap refuses length 0). Not copyable; movable.
 *
 * @code
 *   MappedFile map("/models/x.gguf");      // throws MappedFileError
 *   std::span<const uint8_t> bytes = map.bytes();
 * @endcode
 */
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;

    const std::string& path() const { return m_path; }
    const uint8_t* data() const { return m_data; }
    size_t sizeBytes() const { return m_sizeBytes; }
    std::span<const uint8_t> bytes() const { return {m_data, m_sizeBytes}; }

    /** Hints the OS to read a range ahead (e.g. all tensor data before the first forward). */
    void prefetch(size_t offset, size_t lengthBytes) const;

private:
    void release() noexcept;

    std::string m_path;
    const uint8_t* m_data = nullptr;
    size_t m_sizeBytes = 0;
};

} // namespace triad::engine
