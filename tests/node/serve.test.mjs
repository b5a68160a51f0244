// The official OpenAI Node SDK as a real client of `triad-cli serve`.
// TRIAD_BASE_URL (e.g. http://127.0.0.1:PORT/v1), TRIAD_MODEL (the model file's name without
// .gguf) and TRIAD_CONTEXT (the server's --context) are set by
// tests/scripts/test_serve_openai_sdk.sh, which starts the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = process.env.TRIAD_BASE_URL;
const model = process.env.TRIAD_MODEL;
const client = new OpenAI({ baseURL, apiKey: process.env.TRIAD_API_KEY ?? 'unused', maxRetries: 0 });

test('lists the served models', async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes(model), `expected ${model} in ${JSON.stringify(ids)}`);
});

test('answers a chat without streaming', async () => {
  const r = await client.chat.completions.create({
    model, max_tokens: 8, temperature: 0,
    messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say hi' }],
  });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.equal(typeof r.choices[0].message.content, 'string');
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason), r.choices[0].finish_reason);
  assert.ok(r.usage.prompt_tokens > 0, `prompt_tokens ${r.usage.prompt_tokens}`);
  assert.ok(r.usage.completion_tokens > 0 && r.usage.completion_tokens <= 8,
            `completion_tokens ${r.usage.completion_tokens}`);
});

test('streams a chat with usage', async () => {
  const stream = await client.chat.completions.create({
    model, max_tokens: 8, temperature: 0, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Count to three' }],
  });
  let text = '';
  let usage = null;
  let finish = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  assert.ok(chunks >= 2, `only ${chunks} chunks`);
  assert.ok(finish === 'stop' || finish === 'length', `finish_reason ${finish}`);
  assert.ok(usage && usage.completion_tokens > 0, `usage ${JSON.stringify(usage)}`);
  // Greedy decoding is deterministic: the same request without streaming gives the same text.
  const whole = await client.chat.completions.create({
    model, max_tokens: 8, temperature: 0, messages: [{ role: 'user', content: 'Count to three' }],
  });
  assert.equal(text, whole.choices[0].message.content);
});

test('reports an unknown model as an OpenAI error', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
    (err) => {
      assert.ok(err instanceof OpenAI.APIError, `not an APIError: ${err}`);
      assert.equal(err.status, 404);
      assert.match(err.message, /no-such-model/);
      return true;
    });
});

test('reports a prompt longer than the context as invalid_request_error', async () => {
  const context = Number(process.env.TRIAD_CONTEXT ?? 256);
  const words = Array.from({ length: context * 2 }, (_, i) => `word${i}`).join(' ');
  await assert.rejects(
    client.chat.completions.create({ model, max_tokens: 4, messages: [{ role: 'user', content: words }] }),
    (err) => {
      assert.ok(err instanceof OpenAI.APIError, `not an APIError: ${err}`);
      assert.equal(err.status, 400);
      assert.equal(err.type, 'invalid_request_error');
      assert.equal(err.code, 'context_length_exceeded');
      assert.match(err.message, new RegExp(`context holds ${context}`));
      return true;
    });
});

test('completes a raw prompt on /v1/completions', async () => {
  const r = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 5, temperature: 0 });
  assert.equal(r.object, 'text_completion');
  assert.equal(typeof r.choices[0].text, 'string');
  assert.ok(r.usage.completion_tokens > 0 && r.usage.completion_tokens <= 5, JSON.stringify(r.usage));
});
