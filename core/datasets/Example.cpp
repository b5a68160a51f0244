#include "core/datasets/Example.h"

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

} // namespace triad::datasets
