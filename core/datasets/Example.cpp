#include "core/datasets/Example.h"

#include <algorithm>

#include "core/datasets/ExampleCodec.h"

namespace triad::datasets {

const char* exampleStatusName(ExampleStatus status)
{
    switch (status) {
    case ExampleStatus::Pending: return "pending";
    case ExampleStatus::Accepted: return "accepted";
    case ExampleStatus::Rejected: return "rejected";
    case ExampleStatus::Skipped: return "skipped";
    }
    return "pending";
}

std::optional<ExampleStatus> exampleStatusFromName(std::string_view name)
{
    for (ExampleStatus s : {ExampleStatus::Pending, ExampleStatus::Accepted, ExampleStatus::Rejected,
                            ExampleStatus::Skipped}) {
        if (name == exampleStatusName(s))
            return s;
    }
    return std::nullopt;
}

bool matchesFilter(const Example& example, const ExampleFilter& filter)
{
    if (filter.status && example.status != *filter.status)
        return false;
    if (filter.label && std::find(example.labels.begin(), example.labels.end(), *filter.label) == example.labels.end())
        return false;
    if ((filter.minRating || filter.maxRating) && !example.rating)
        return false;
    if (filter.minRating && *example.rating < *filter.minRating)
        return false;
    if (filter.maxRating && *example.rating > *filter.maxRating)
        return false;
    if (filter.minTokens && example.tokenEstimate < *filter.minTokens)
        return false;
    if (filter.maxTokens && example.tokenEstimate > *filter.maxTokens)
        return false;
    if (!filter.textContains.empty()) {
        // The repository searches the stored JSON in any ASCII case; search the same form here.
        const std::string needle = dumpJson(nlohmann::json(filter.textContains));
        if (asciiLower(dumpJson(example.messages)).find(asciiLower(needle.substr(1, needle.size() - 2))) == std::string::npos)
            return false;
    }
    return true;
}

std::string asciiLower(std::string text)
{
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return text;
}

} // namespace triad::datasets
