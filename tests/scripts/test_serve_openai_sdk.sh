#!/usr/bin/env bash
# Starts `triad-cli serve` on a synthesized model and runs the official OpenAI Node SDK
# against it (tests/node/serve.test.mjs), then stops the server with SIGTERM and expects a
# clean exit. Skips (77) only when Node.js or the npm package is missing.
set -euo pipefail
node_dir=$TRIAD_SOURCE_DIR/tests/node
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: Node.js is not installed"; exit 77
fi
if [ ! -d "$node_dir/node_modules/openai" ]; then
  msg="the npm package 'openai' is not installed (run: cd tests/node && npm install)"
  if [ "${CI:-}" = "true" ]; then echo "$msg"; exit 1; fi
  echo "SKIP: $msg"; exit 77
fi
tmp=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$TRIAD_CLI" model synth --arch llama --dim 64 --layers 2 --heads 4 --kv-heads 2 --ffn 128 \
  --vocab 512 --type Q8_0 --out "$tmp/tiny.gguf" >/dev/null
"$TRIAD_CLI" serve --model-file "$tmp/tiny.gguf" --port 0 --threads 2 --context 256 \
  >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's#^Listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$#\1#p' "$tmp/serve.out" | head -1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "serve exited:"; cat "$tmp/serve.out" "$tmp/serve.err"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "serve did not print 'Listening on http://127.0.0.1:PORT':"; cat "$tmp/serve.out" "$tmp/serve.err"; exit 1; }
(cd "$node_dir" && TRIAD_BASE_URL="$url/v1" TRIAD_MODEL=tiny TRIAD_CONTEXT=256 node --test serve.test.mjs)
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
if [ "$status" -ne 0 ]; then
  echo "serve exited with $status after SIGTERM (expected 0):"; cat "$tmp/serve.err"; exit 1
fi
