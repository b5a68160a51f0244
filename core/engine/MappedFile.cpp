// POSIX implementation of MappedFile. A Windows port adds MappedFile_win.cpp with
// CreateFileMapping/MapViewOfFile and picks it in CMake.
#include "core/engine/MappedFile.h"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace triad::engine {

namespace {

std::string systemError(const std::string& path, const char* what)
{
    return path + ": " + what + ": " + std::strerror(errno);
}

} // namespace

MappedFile::MappedFile(const std::string& path)
    : m_path(path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw MappedFileError(systemError(path, "cannot open"));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string message = systemError(path, "cannot stat");
        ::close(fd);
        throw MappedFileError(message);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw MappedFileError(path + ": not a regular file");
    }
    m_sizeBytes = static_cast<size_t>(st.st_size);
    if (m_sizeBytes > 0) {
        void* p = ::mmap(nullptr, m_sizeBytes, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            const std::string message = systemError(path, "cannot map");
            ::close(fd);
            throw MappedFileError(message);
        }
        m_data = static_cast<const uint8_t*>(p);
    }
    // The mapping keeps the file alive; the descriptor is no longer needed.
    ::close(fd);
}

MappedFile::~MappedFile()
{
    release();
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_path(std::move(other.m_path))
    , m_data(other.m_data)
    , m_sizeBytes(other.m_sizeBytes)
{
    other.m_data = nullptr;
    other.m_sizeBytes = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_path = std::move(other.m_path);
        m_data = other.m_data;
        m_sizeBytes = other.m_sizeBytes;
        other.m_data = nullptr;
        other.m_sizeBytes = 0;
    }
    return *this;
}

void MappedFile::prefetch(size_t offset, size_t lengthBytes) const
{
    if (!m_data || offset >= m_sizeBytes)
        return;
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t start = offset / page * page;
    const size_t end = std::min(m_sizeBytes, offset + std::min(lengthBytes, m_sizeBytes - offset));
    // Advice only: failure costs speed, not correctness.
    ::madvise(const_cast<uint8_t*>(m_data) + start, end - start, MADV_WILLNEED);
}

void MappedFile::release() noexcept
{
    if (m_data)
        ::munmap(const_cast<uint8_t*>(m_data), m_sizeBytes);
    m_data = nullptr;
    m_sizeBytes = 0;
}

} // namespace triad::engine
