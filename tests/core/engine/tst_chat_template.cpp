// Chat templates: the family recognised from real-world Jinja snippets, and the exact prompt
// each family renders for the same conversation.

#include "core/engine/ChatTemplate.h"
#include "core/engine/GgufFile.h"
#include "core/engine/Vocab.h"
#include "tests/support/TestPaths.h"

#include <QTest>

#include <filesystem>

using namespace triad::engine;

namespace {

const std::vector<ChatTurn> kConversation{
    {"system", "Be brief."},
    {"user", "Hi"},
    {"assistant", "Hello."},
    {"user", "Why?"},
};

} // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT

private slots:
    void detect_data();
    void detect();
    void render_data();
    void render();
    void withoutAssistantPrompt();
    void modelFiles_data();
    void modelFiles();
};

void TestChatTemplate::detect_data()
{
    QTest::addColumn<QString>("jinja");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("fallback");
    QTest::newRow("none") << "" << "chatml" << true;
    QTest::newRow("chatml (qwen2)")
        << "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        << "chatml" << false;
    QTest::newRow("llama3")
        << "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}"
        << "llama3" << false;
    QTest::newRow("llama2")
        << "{% if message['role'] == 'system' %}{{ '<<SYS>>\\n' + content.strip() + '\\n<</SYS>>\\n\\n' }}{% endif %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
        << "llama2" << false;
    QTest::newRow("mistral") << "{{ bos_token }}{% for message in messages %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endfor %}"
                             << "mistral" << false;
    QTest::newRow("phi3") << "{{'<|user|>' + '\\n' + message['content'] + '<|end|>' + '\\n' + '<|assistant|>' + '\\n'}}"
                          << "phi3" << false;
    QTest::newRow("zephyr") << "{{ '<|user|>\\n' + message['content'] + eos_token }}{{ '<|assistant|>' }}<|endoftext|>"
                            << "zephyr" << false;
    QTest::newRow("gemma") << "{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
                           << "gemma" << false;
    QTest::newRow("unknown") << "{% for m in messages %}### {{ m.role }}: {{ m.content }}{% endfor %}" << "chatml" << true;
}

void TestChatTemplate::detect()
{
    QFETCH(QString, jinja);
    QFETCH(QString, name);
    QFETCH(bool, fallback);
    const ChatTemplate t = ChatTemplate::detect(jinja.toStdString());
    QCOMPARE(QString::fromStdString(t.name()), name);
    QCOMPARE(t.isFallback(), fallback);
    if (fallback)
        QVERIFY2(t.note().find("ChatML") != std::string::npos, t.note().c_str());
}

void TestChatTemplate::render_data()
{
    QTest::addColumn<QString>("jinja");
    QTest::addColumn<QString>("expected");
    QTest::newRow("chatml") << "<|im_start|>"
                            << "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                               "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nWhy?<|im_end|>\n"
                               "<|im_start|>assistant\n";
    QTest::newRow("llama3") << "<|start_header_id|><|end_header_id|>"
                            << "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                               "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                               "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
                               "<|start_header_id|>user<|end_header_id|>\n\nWhy?<|eot_id|>"
                               "<|start_header_id|>assistant<|end_header_id|>\n\n";
    QTest::newRow("llama2") << "[INST] <<SYS>>"
                            << "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]Hello.</s>[INST] Why? [/INST]";
    QTest::newRow("mistral") << "[INST]" << "[INST] Be brief.\n\nHi [/INST]Hello.</s>[INST] Why? [/INST]";
    QTest::newRow("phi3") << "<|assistant|><|end|>"
                          << "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello.<|end|>\n"
                             "<|user|>\nWhy?<|end|>\n<|assistant|>\n";
    QTest::newRow("zephyr") << "<|user|><|endoftext|>"
                            << "<|system|>\nBe brief.<|endoftext|>\n<|user|>\nHi<|endoftext|>\n"
                               "<|assistant|>\nHello.<|endoftext|>\n<|user|>\nWhy?<|endoftext|>\n<|assistant|>\n";
    QTest::newRow("gemma") << "<start_of_turn>"
                           << "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello.<end_of_turn>\n"
                              "<start_of_turn>user\nWhy?<end_of_turn>\n<start_of_turn>model\n";
}

void TestChatTemplate::render()
{
    QFETCH(QString, jinja);
    QFETCH(QString, expected);
    const ChatTemplate t = ChatTemplate::detect(jinja.toStdString());
    const std::string got = t.render(kConversation);
    QVERIFY2(got == expected.toStdString(),
             qPrintable(QString("family %1\nexpected: %2\ngot:      %3")
                            .arg(QString::fromStdString(t.name()), expected, QString::fromStdString(got))));
}

void TestChatTemplate::withoutAssistantPrompt()
{
    const ChatTemplate t(ChatTemplateFamily::ChatMl);
    QCOMPARE(t.render({{"user", "Hi"}}, false), std::string("<|im_start|>user\nHi<|im_end|>\n"));
    const ChatTemplate l3 = ChatTemplate::detect("<|start_header_id|><|end_header_id|>");
    // Llama 3's template trims messages.
    QCOMPARE(l3.render({{"user", "  Hi \n"}}, false), std::string("<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"));
    QCOMPARE(t.stopStrings().front(), std::string("<|im_end|>"));
}

void TestChatTemplate::modelFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("fallback");
    QTest::newRow("qwen2 model") << "models/qwen2-bpe-Q8_0.gguf" << "chatml" << false;
    QTest::newRow("phi-3 vocab") << "tokenizer/ggml-vocab-phi-3.gguf" << "phi3" << false;
    QTest::newRow("llama-spm model (none)") << "models/llama-spm-Q8_0.gguf" << "chatml" << true;
}

void TestChatTemplate::modelFiles()
{
    const std::string shared = triad::testsupport::sharedDir();
    if (shared.empty())
        QSKIP("../shared/engine-vectors is absent; the model files' templates cannot be checked");
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(bool, fallback);
    const auto gguf = GgufFile::open((std::filesystem::path(shared) / "engine-vectors" / file.toStdString()).string());
    const ChatTemplate t = ChatTemplate::detect(Vocab::load(*gguf)->chatTemplate());
    QCOMPARE(QString::fromStdString(t.name()), name);
    QCOMPARE(t.isFallback(), fallback);
}

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "tst_chat_template.moc"
