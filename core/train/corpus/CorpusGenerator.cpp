#include "core/train/corpus/CorpusGenerator.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>

namespace triad::train::corpus {

namespace {

const std::vector<std::string> kMonths{"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

const std::vector<std::string> kNames{"Ada",   "Alan",  "Grace", "Linus", "Marie", "Nikola", "Emma",  "Noah",
                                      "Olivia", "Liam", "Sofia", "Lucas", "Mia",   "Ethan",  "Zoe",   "Omar",
                                      "Lena",  "Ivan",  "Chloe", "Hugo",  "Nina",  "Paul",   "Sara",  "Tom",
                                      "Yuki",  "Ravi",  "Anna",  "Ben",   "Clara", "David",  "Elena", "Felix"};

const std::vector<std::string> kWords{"apple", "house", "river", "green", "table", "music", "light", "water",
                                      "cat",   "dog",   "sun",   "book",  "chair", "happy", "model", "train",
                                      "cloud", "stone", "bread", "phone", "paper", "plant", "sweet", "dream",
                                      "snow",  "fish",  "bird",  "tree",  "moon",  "star",  "road",  "door",
                                      "lemon", "tiger", "robot", "pizza", "smile", "ocean", "world", "night"};

const std::vector<std::string> kNouns{"food", "pizza", "service", "movie", "hotel", "room", "book", "coffee",
                                      "staff", "phone", "game", "music", "show", "soup", "app", "car"};

const std::vector<std::string> kPositive{"great", "wonderful", "excellent", "lovely", "amazing",
                                         "fantastic", "delicious", "friendly", "perfect", "good"};
const std::vector<std::string> kNegative{"terrible", "awful", "boring", "horrible", "bad",
                                         "disappointing", "rude", "broken", "dreadful", "poor"};

const std::vector<std::string> kSystems{"You are a helpful assistant.", "You are Triad's built-in model.",
                                        "Answer briefly."};

// Complaints as customers write them, by the queue that handles them.
const std::vector<std::pair<std::string, std::vector<std::string>>> kTicketQueues{
    {"billing",
     {"I was charged twice for my order", "I want a refund for my last payment", "my invoice shows the wrong amount",
      "my card payment failed", "why did my subscription price go up", "please send me a copy of my receipt",
      "I was billed after I cancelled", "the discount code was not applied to my bill",
      "there is a charge I do not recognise", "can I pay by bank transfer instead"}},
    {"shipping",
     {"my package has not arrived yet", "the tracking number does not work", "the parcel arrived damaged",
      "my delivery is two weeks late", "I need to change my delivery address", "the courier left the box at the wrong house",
      "only half of my order was delivered", "when will my order be shipped", "can you send it by express delivery",
      "the box was empty when it arrived"}},
    {"technical",
     {"the app crashes when I open it", "I get error 500 on the checkout page", "the website does not load",
      "the login button does nothing", "sync stopped working on my phone", "the update froze my laptop",
      "notifications no longer show up", "the upload fails at ninety percent", "the screen stays black after the update",
      "the search returns no results at all"}},
    {"account",
     {"I forgot my password", "I want to change my email address", "please delete my account",
      "I am locked out after too many attempts", "how do I change my username", "I want to add a second user to my account",
      "my two factor code never arrives", "someone else logged into my account", "how do I merge my two accounts",
      "I need to update my phone number"}},
};

std::string twoDigits(int v)
{
    return (v < 10 ? "0" : "") + std::to_string(v);
}

} // namespace

const std::vector<Task>& bundledTasks()
{
    static const std::vector<Task> tasks{Task::Arithmetic, Task::UnitConversion, Task::DateFormat, Task::JsonExtraction,
                                         Task::Sentiment,  Task::Spelling,       Task::SmallTalk,  Task::Identity};
    return tasks;
}

std::string taskName(Task task)
{
    switch (task) {
    case Task::Arithmetic: return "arithmetic";
    case Task::UnitConversion: return "unit_conversion";
    case Task::DateFormat: return "date_format";
    case Task::JsonExtraction: return "json_extraction";
    case Task::Sentiment: return "sentiment";
    case Task::Spelling: return "spelling";
    case Task::SmallTalk: return "small_talk";
    case Task::Identity: return "identity";
    case Task::RomanNumerals: return "roman_numerals";
    case Task::TicketRouting: return "ticket_routing";
    }
    return "unknown";
}

std::optional<Task> taskFromName(std::string_view name)
{
    for (Task t : {Task::Arithmetic, Task::UnitConversion, Task::DateFormat, Task::JsonExtraction, Task::Sentiment,
                   Task::Spelling, Task::SmallTalk, Task::Identity, Task::RomanNumerals, Task::TicketRouting})
        if (taskName(t) == name)
            return t;
    return std::nullopt;
}

std::string toSftJsonLine(const CorpusExample& example)
{
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    if (!example.system.empty())
        messages.push_back({{"role", "system"}, {"content", example.system}});
    messages.push_back({{"role", "user"}, {"content", example.user}});
    messages.push_back({{"role", "assistant"}, {"content", example.assistant}});
    return nlohmann::ordered_json{{"messages", messages}}.dump();
}

std::string_view identityAnswer()
{
    return "I am Triad's small built-in model. I can do arithmetic, unit conversions, dates, JSON fields, sentiment "
           "and spelling.";
}

std::string toRoman(int value)
{
    static const std::array<std::pair<int, const char*>, 13> kParts{{{1000, "M"},
                                                                     {900, "CM"},
                                                                     {500, "D"},
                                                                     {400, "CD"},
                                                                     {100, "C"},
                                                                     {90, "XC"},
                                                                     {50, "L"},
                                                                     {40, "XL"},
                                                                     {10, "X"},
                                                                     {9, "IX"},
                                                                     {5, "V"},
                                                                     {4, "IV"},
                                                                     {1, "I"}}};
    std::string out;
    for (const auto& [n, s] : kParts)
        while (value >= n) {
            out += s;
            value -= n;
        }
    return out;
}

CorpusGenerator::CorpusGenerator(uint64_t seed) : m_state(seed * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull) {}

const std::vector<std::string>& CorpusGenerator::positiveWords()
{
    return kPositive;
}

const std::vector<std::string>& CorpusGenerator::negativeWords()
{
    return kNegative;
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& CorpusGenerator::ticketQueues()
{
    return kTicketQueues;
}

uint64_t CorpusGenerator::nextBits()
{
    uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int CorpusGenerator::uniform(int lo, int hi)
{
    return lo + int(nextBits() % uint64_t(hi - lo + 1));
}

CorpusExample CorpusGenerator::next(Task task)
{
    CorpusExample e;
    switch (task) {
    case Task::Arithmetic: e = arithmetic(); break;
    case Task::UnitConversion: e = unitConversion(); break;
    case Task::DateFormat: e = dateFormat(); break;
    case Task::JsonExtraction: e = jsonExtraction(); break;
    case Task::Sentiment: e = sentiment(); break;
    case Task::Spelling: e = spelling(); break;
    case Task::SmallTalk: e = smallTalk(); break;
    case Task::Identity: e = identity(); break;
    case Task::RomanNumerals: e = romanNumerals(); break;
    case Task::TicketRouting: e = ticketRouting(); break;
    }
    e.task = task;
    // Drawn last and always, so the fraction does not change the rest of the stream.
    const double u = double(nextBits() >> 11) * 0x1.0p-53;
    const std::string& system = pick(kSystems);
    if (u < m_systemFraction)
        e.system = system;
    return e;
}

// The answer restates the operation ("19 + 44 = 63"): the digits the result depends on then
// sit at the same distance before it whatever the prompt's wording, which a model of a few
// million parameters learns far more easily than a bare "63".
CorpusExample CorpusGenerator::arithmetic()
{
    const int op = uniform(0, 2);
    CorpusExample e;
    if (op == 0) {
        const int a = uniform(0, 50), b = uniform(0, 50);
        const std::string A = std::to_string(a), B = std::to_string(b);
        e.user = pick(std::vector<std::string>{"What is " + A + " plus " + B + "?", A + " + " + B + " = ?",
                                               "Add " + A + " and " + B + ".", "Calculate " + A + " + " + B + ".",
                                               "What is the sum of " + A + " and " + B + "?"});
        e.assistant = A + " + " + B + " = " + std::to_string(a + b);
    } else if (op == 1) {
        const int a = uniform(0, 50), b = uniform(0, a);
        const std::string A = std::to_string(a), B = std::to_string(b);
        e.user = pick(std::vector<std::string>{"What is " + A + " minus " + B + "?", A + " - " + B + " = ?",
                                               "Subtract " + B + " from " + A + ".", "Calculate " + A + " - " + B + "."});
        e.assistant = A + " - " + B + " = " + std::to_string(a - b);
    } else {
        const int a = uniform(0, 12), b = uniform(0, 12);
        const std::string A = std::to_string(a), B = std::to_string(b);
        e.user = pick(std::vector<std::string>{"What is " + A + " times " + B + "?", A + " * " + B + " = ?",
                                               "Multiply " + A + " by " + B + ".", "Calculate " + A + " x " + B + "."});
        e.assistant = A + " x " + B + " = " + std::to_string(a * b);
    }
    return e;
}

CorpusExample CorpusGenerator::unitConversion()
{
    const int kind = uniform(0, 6);
    const int n = uniform(2, 20);
    const std::string N = std::to_string(n);
    CorpusExample e;
    switch (kind) {
    case 0:
        e.user = pick(std::vector<std::string>{"Convert " + N + " km to m.", "How many meters are in " + N + " kilometers?",
                                               N + " km in meters?"});
        e.assistant = std::to_string(n * 1000) + " m";
        break;
    case 1: {
        const std::string M = std::to_string(n * 1000);
        e.user = pick(std::vector<std::string>{"Convert " + M + " m to km.", "How many kilometers are " + M + " meters?",
                                               M + " m in kilometers?"});
        e.assistant = N + " km";
        break;
    }
    case 2:
        e.user = pick(std::vector<std::string>{"Convert " + N + " kg to g.", "How many grams are in " + N + " kilograms?",
                                               N + " kg in grams?"});
        e.assistant = std::to_string(n * 1000) + " g";
        break;
    case 3: {
        const std::string G = std::to_string(n * 1000);
        e.user = pick(std::vector<std::string>{"Convert " + G + " g to kg.", "How many kilograms are " + G + " grams?",
                                               G + " g in kilograms?"});
        e.assistant = N + " kg";
        break;
    }
    case 4:
        e.user = pick(std::vector<std::string>{"Convert " + N + " hours to minutes.",
                                               "How many minutes are in " + N + " hours?", N + " hours in minutes?"});
        e.assistant = std::to_string(n * 60) + " minutes";
        break;
    case 5: {
        const std::string M = std::to_string(n * 60);
        e.user = pick(std::vector<std::string>{"Convert " + M + " minutes to hours.",
                                               "How many hours are " + M + " minutes?", M + " minutes in hours?"});
        e.assistant = N + " hours";
        break;
    }
    default: {
        // Multiples of 5 °C are whole °F: F = 9k + 32 for C = 5k.
        const int k = uniform(-8, 20);
        const std::string C = std::to_string(5 * k);
        e.user = pick(std::vector<std::string>{"Convert " + C + " °C to Fahrenheit.",
                                               "What is " + C + " degrees Celsius in Fahrenheit?", C + " °C in °F?"});
        e.assistant = std::to_string(9 * k + 32) + " °F";
        break;
    }
    }
    return e;
}

CorpusExample CorpusGenerator::dateFormat()
{
    const int year = uniform(1990, 2030), month = uniform(1, 12), day = uniform(1, 28);
    const std::string iso = std::to_string(year) + "-" + twoDigits(month) + "-" + twoDigits(day);
    const std::string words = std::to_string(day) + " " + kMonths[size_t(month - 1)] + " " + std::to_string(year);
    CorpusExample e;
    if (uniform(0, 1) == 0) {
        e.user = pick(std::vector<std::string>{"Write " + iso + " as a date in words.", "Reformat " + iso + " as day month year.",
                                               "Convert the date " + iso + " to long form."});
        e.assistant = words;
    } else {
        e.user = pick(std::vector<std::string>{"Write " + words + " in ISO format.", "Convert " + words + " to YYYY-MM-DD.",
                                               "Reformat the date " + words + " as YYYY-MM-DD."});
        e.assistant = iso;
    }
    return e;
}

CorpusExample CorpusGenerator::jsonExtraction()
{
    const std::string& name = pick(kNames);
    const int age = uniform(18, 90);
    const std::string A = std::to_string(age);
    CorpusExample e;
    e.user = pick(std::vector<std::string>{"Extract the fields as JSON: Name: " + name + ", age " + A,
                                           "Return JSON with name and age. Name: " + name + ", age " + A,
                                           name + " is " + A + " years old. Give me JSON with name and age.",
                                           "Turn this into JSON: " + name + ", " + A + " years"});
    e.assistant = nlohmann::ordered_json{{"name", name}, {"age", age}}.dump();
    return e;
}

CorpusExample CorpusGenerator::sentiment()
{
    const bool positive = uniform(0, 1) == 0;
    const std::string& adjective = pick(positive ? kPositive : kNegative);
    const std::string& noun = pick(kNouns);
    const std::string review = pick(std::vector<std::string>{
        "The " + noun + " was " + adjective + ".", "What a " + adjective + " " + noun + "!",
        "Really " + adjective + " " + noun + ".", "I found the " + noun + " " + adjective + "."});
    CorpusExample e;
    e.user = pick(std::vector<std::string>{"Is this review positive or negative? \"" + review + "\"",
                                           "Sentiment of: \"" + review + "\"",
                                           "Classify the sentiment (positive or negative): \"" + review + "\""});
    e.assistant = positive ? "positive" : "negative";
    return e;
}

CorpusExample CorpusGenerator::spelling()
{
    const int kind = uniform(0, 2);
    CorpusExample e;
    if (kind == 0) {
        const std::string& w = pick(kWords);
        e.user = pick(std::vector<std::string>{"Spell the word \"" + w + "\".", "How do you spell \"" + w + "\" letter by letter?",
                                               "Spell \"" + w + "\"."});
        for (char c : w) {
            if (!e.assistant.empty())
                e.assistant += '-';
            e.assistant += c;
        }
    } else if (kind == 1) {
        const std::string& w = pick(kWords);
        e.user = pick(std::vector<std::string>{"How many letters are in the word \"" + w + "\"?",
                                               "Count the letters in \"" + w + "\"."});
        e.assistant = std::to_string(w.size());
    } else {
        const int n = uniform(2, 7);
        std::string sentence;
        for (int i = 0; i < n; ++i)
            sentence += (i ? " " : "") + pick(kWords);
        e.user = pick(std::vector<std::string>{"How many words are in \"" + sentence + "\"?",
                                               "Count the words in \"" + sentence + "\"."});
        e.assistant = std::to_string(n);
    }
    return e;
}

CorpusExample CorpusGenerator::smallTalk()
{
    static const std::vector<std::pair<std::vector<std::string>, std::string>> kKinds{
        {{"Hello", "Hi", "Hey", "Good morning", "Good evening", "Hi there", "Hello there"}, "Hello! How can I help you today?"},
        {{"How are you", "How are you doing", "How is it going"}, "I am doing well, thank you. How can I help you?"},
        {{"Thank you", "Thanks", "Thanks a lot", "Thank you very much"}, "You are welcome!"},
        {{"Bye", "Goodbye", "See you", "See you later"}, "Goodbye! Have a nice day."},
    };
    const auto& [phrases, answer] = pick(kKinds);
    std::string text = pick(phrases);
    const bool question = &answer == &kKinds[1].second;
    if (uniform(0, 2) == 0)
        text = pick(std::vector<std::string>{"hey, ", "oh, ", "well, "}) + text;
    if (uniform(0, 2) == 0)
        text += pick(std::vector<std::string>{" Triad", " friend", " model"});
    text += question ? pick(std::vector<std::string>{"?", "??", " today?"}) : pick(std::vector<std::string>{"!", ".", "", "!!"});
    if (uniform(0, 3) == 0)
        for (char& c : text)
            c = char(std::tolower(static_cast<unsigned char>(c)));
    return {Task::SmallTalk, "", text, answer};
}

CorpusExample CorpusGenerator::identity()
{
    std::string text = pick(std::vector<std::string>{"Who are you?", "What are you?", "What is your name?",
                                                     "Tell me about yourself.", "Which model is this?", "What can you do?",
                                                     "Introduce yourself.", "Are you ChatGPT?"});
    if (uniform(0, 2) == 0)
        text = pick(std::vector<std::string>{"Hi! ", "Hello. ", "Quick question: ", "Hey, "}) + text;
    if (uniform(0, 3) == 0)
        for (char& c : text)
            c = char(std::tolower(static_cast<unsigned char>(c)));
    return {Task::Identity, "", text, std::string(identityAnswer())};
}

CorpusExample CorpusGenerator::romanNumerals()
{
    const int n = uniform(1, 100);
    const std::string N = std::to_string(n);
    CorpusExample e;
    e.user = pick(std::vector<std::string>{"Write " + N + " in Roman numerals.", "What is " + N + " as a Roman numeral?",
                                           "Convert " + N + " to Roman numerals."});
    e.assistant = toRoman(n);
    return e;
}

CorpusExample CorpusGenerator::ticketRouting()
{
    const auto& [queue, complaints] = pick(kTicketQueues);
    std::string ticket = pick(complaints);
    const std::string opening = pick(std::vector<std::string>{"", "Hi, ", "Hello, ", "Hello team, ", "Dear support, "});
    if (!opening.empty())
        ticket = opening + ticket;
    else
        ticket[0] = char(std::toupper(static_cast<unsigned char>(ticket[0])));
    if (uniform(0, 1) == 0)
        ticket += pick(std::vector<std::string>{" (order " + std::to_string(uniform(1000, 9999)) + ")",
                                                " on order " + std::to_string(uniform(1000, 9999))});
    ticket += pick(std::vector<std::string>{".", "!", ". Please help.", ". Thanks.", ". This is urgent!", "?"});
    CorpusExample e;
    e.user = pick(std::vector<std::string>{
        "Route this support ticket to billing, shipping, technical or account: \"" + ticket + "\"",
        "Which team should handle this ticket? \"" + ticket + "\"", "Ticket: \"" + ticket + "\" Queue?",
        "Classify the support request: \"" + ticket + "\""});
    e.assistant = queue;
    return e;
}

bool isHeldOutPrompt(std::string_view user)
{
    uint64_t h = 0xCBF29CE484222325ull; // FNV-1a: stable across platforms, unlike std::hash
    for (unsigned char c : user)
        h = (h ^ c) * 0x100000001B3ull;
    return h % 8 == 0;
}

CorpusSplit makeCorpusSplit(std::span<const Task> tasks, int trainPerTask, int heldOutPerTask, uint64_t seed)
{
    CorpusSplit split;
    CorpusGenerator train(seed);
    train.setSystemFraction(0.1);
    // Prompts are reserved for one side by their hash, so the held-out part stays unseen
    // however large the training part grows (small tasks would otherwise be exhausted).
    auto draw = [](CorpusGenerator& gen, Task t, bool heldOut) -> std::optional<CorpusExample> {
        for (int attempts = 0; attempts < 10000; ++attempts) {
            CorpusExample e = gen.next(t);
            if (isHeldOutPrompt(e.user) == heldOut)
                return e;
        }
        return std::nullopt;
    };
    // Interleaved so any prefix of the training part covers every task evenly.
    for (int i = 0; i < trainPerTask; ++i)
        for (Task t : tasks)
            if (auto e = draw(train, t, false))
                split.train.push_back(std::move(*e));
    CorpusGenerator heldOut(seed ^ 0xA5A5A5A5DEADBEEFull);
    for (Task t : tasks)
        for (int i = 0; i < heldOutPerTask; ++i)
            if (auto e = draw(heldOut, t, true))
                split.heldOut.push_back(std::move(*e));
    return split;
}

} // namespace triad::train::corpus
