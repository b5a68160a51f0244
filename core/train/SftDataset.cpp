#include "core/train/SftDataset.h"

#include "core/train/SeededShuffle.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace triad::train {

namespace {

using nlohmann::json;

SftExample parseLine(const json& j, const std::string& where)
{
    if (!j.is_object())
        throw SftDataError(where + ": expected a JSON object");
    SftExample ex;
    if (j.contains("messages")) {
        const json& msgs = j["messages"];
        if (!msgs.is_array() || msgs.empty())
            throw SftDataError(where + ": \"messages\" must be a non-empty array");
        bool trained = false;
        for (size_t i = 0; i < msgs.size(); ++i) {
            const json& m = msgs[i];
            const std::string at = where + ": message " + std::to_string(i + 1);
            if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
                throw SftDataError(at + " has no \"role\" string");
            SftMessage msg;
            msg.role = m["role"].get<std::string>();
            if (msg.role != "system" && msg.role != "user" && msg.role != "assistant" && msg.role != "tool")
                throw SftDataError(at + " has role \"" + msg.role + "\" (expected system, user, assistant or tool)");
            if (m.contains("content") && m["content"].is_string())
                msg.content = m["content"].get<std::string>();
            else if (!(m.contains("content") && m["content"].is_null()))
                throw SftDataError(at + " has no \"content\" string");
            if (m.contains("weight")) {
                if (!m["weight"].is_number() || (m["weight"].get<double>() != 0.0 && m["weight"].get<double>() != 1.0))
                    throw SftDataError(at + ": \"weight\" must be 0 or 1");
                msg.weight = float(m["weight"].get<double>());
            }
            trained = trained || (msg.role == "assistant" && msg.weight > 0.0f);
            ex.messages.push_back(std::move(msg));
        }
        if (!trained)
            throw SftDataError(where + ": no assistant message to train on (none, or all with weight 0)");
        return ex;
    }
    if (j.contains("prompt") || j.contains("completion")) {
        if (!j.contains("prompt") || !j["prompt"].is_string() || !j.contains("completion") || !j["completion"].is_string())
            throw SftDataError(where + ": \"prompt\" and \"completion\" must both be strings");
        ex.prompt = j["prompt"].get<std::string>();
        ex.completion = j["completion"].get<std::string>();
        if (ex.completion.empty())
            throw SftDataError(where + ": \"completion\" is empty");
        return ex;
    }
    if (j.contains("preferred_output"))
        throw SftDataError(where + ": preference (DPO) examples cannot be used for supervised training");
    throw SftDataError(where + ": expected \"messages\" or \"prompt\"/\"completion\"");
}

} // namespace

SftDataset SftDataset::load(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw SftDataError(path + ": cannot open the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

SftDataset SftDataset::parse(std::string_view text, const std::string& displayName)
{
    std::vector<SftExample> out;
    size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view l = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        if (l.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        const std::string where = displayName + ":" + std::to_string(line);
        const json j = json::parse(l, nullptr, false);
        if (j.is_discarded())
            throw SftDataError(where + ": not valid JSON");
        SftExample ex = parseLine(j, where);
        ex.lineNumber = line;
        out.push_back(std::move(ex));
    }
    if (out.empty())
        throw SftDataError(displayName + ": no examples");
    return SftDataset(std::move(out));
}

std::pair<SftDataset, SftDataset> SftDataset::split(double fraction, uint64_t seed) const
{
    if (fraction <= 0.0 || m_examples.size() < 2)
        return {*this, SftDataset()};
    size_t count = size_t(double(m_examples.size()) * fraction + 0.5);
    count = std::clamp<size_t>(count, 1, m_examples.size() - 1);
    std::vector<size_t> order = seededPermutation(m_examples.size(), seed);
    std::vector<SftExample> train, validation;
    std::vector<bool> isValidation(m_examples.size(), false);
    for (size_t i = 0; i < count; ++i)
        isValidation[order[i]] = true;
    for (size_t i = 0; i < m_examples.size(); ++i)
        (isValidation[i] ? validation : train).push_back(m_examples[i]);
    return {SftDataset(std::move(train)), SftDataset(std::move(validation))};
}

} // namespace triad::train
