#!/usr/bin/env bash
# A short libFuzzer run of the GGUF reader (tests/fuzz/fuzz_gguf.cpp) under AddressSanitizer.
# Builds with clang++-14 into a temporary directory (the main build uses g++), writes a few
# small valid GGUF seeds, fuzzes for FUZZ_SECONDS (default 20). Skips (77) without clang++-14.
set -euo pipefail

SRC="${TRIAD_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
CXX="${FUZZ_CXX:-clang++-14}"
SECONDS_TO_RUN="${FUZZ_SECONDS:-20}"

if ! command -v "$CXX" >/dev/null 2>&1; then
    echo "SKIP: $CXX not found; the GGUF fuzz run needs clang with libFuzzer"
    exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: python3 not found; it writes the fuzz seeds"
    exit 77
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

SOURCES=(GgmlType MappedFile GgufValue GgufFile Vocab Tokenizer SpmTokenizer BpeTokenizer
         PreTokenizer Unicode UnicodeTables)
# -O0 with line tables: half the compile time of -O1, and reports still name file:line.
FLAGS=(-std=c++20 -O0 -gline-tables-only -fsanitize=fuzzer-no-link,address -I"$SRC")
LAUNCHER=()
if command -v ccache >/dev/null 2>&1; then LAUNCHER=(ccache); fi

# Two compilers at a time: the machine is shared.
pids=()
OBJECTS=()
for s in "${SOURCES[@]}" ; do
    OBJECTS+=("$WORK/$s.o")
    "${LAUNCHER[@]}" "$CXX" "${FLAGS[@]}" -c "$SRC/core/engine/$s.cpp" -o "$WORK/$s.o" &
    pids+=($!)
    if (( ${#pids[@]} >= 2 )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
"${LAUNCHER[@]}" "$CXX" -std=c++20 -O1 -gline-tables-only -fsanitize=fuzzer,address -I"$SRC" \
    "$SRC/tests/fuzz/fuzz_gguf.cpp" -c -o "$WORK/fuzz_gguf.o"
"$CXX" -fsanitize=fuzzer,address "$WORK/fuzz_gguf.o" \
    "${OBJECTS[@]}" -o "$WORK/fuzz_gguf"

mkdir -p "$WORK/seeds" "$WORK/corpus"
python3 - "$WORK/seeds" <<'PY'
# Small valid GGUF v3 files: an SPM vocabulary with a tensor, a BPE vocabulary, and one
# key of every value type. Written here so the seeds never depend on other tools.
import struct, sys, os
out = sys.argv[1]

def s(text):
    b = text.encode()
    return struct.pack('<Q', len(b)) + b

def kv(key, vtype, payload):
    return s(key) + struct.pack('<I', vtype) + payload

def arr(elem, items, enc):
    return struct.pack('<IQ', elem, len(items)) + b''.join(enc(x) for x in items)

def gguf(kvs, tensors=()):
    head = b'GGUF' + struct.pack('<IQQ', 3, len(tensors), len(kvs)) + b''.join(kvs)
    infos, data = b'', b''
    for name, ne, typ, blob in tensors:
        infos += s(name) + struct.pack('<I', len(ne)) + b''.join(struct.pack('<Q', n) for n in ne)
        infos += struct.pack('<IQ', typ, len(data))
        data += blob + b'\0' * (-len(blob) % 32)
    body = head + infos
    body += b'\0' * (-len(body) % 32)
    return body + data

spm_tokens = ['<unk>', '<s>', '</s>', '<0x41>', '\u2581', 'H', 'e', 'l', 'o', '\u2581H', 'll', 'llo', '\u2581Hello']
spm = gguf([
    kv('general.architecture', 8, s('llama')),
    kv('tokenizer.ggml.model', 8, s('llama')),
    kv('tokenizer.ggml.tokens', 9, arr(8, spm_tokens, s)),
    kv('tokenizer.ggml.scores', 9, arr(6, [float(-i) for i in range(len(spm_tokens))], lambda f: struct.pack('<f', f))),
    kv('tokenizer.ggml.token_type', 9, arr(5, [2, 3, 3, 6] + [1] * (len(spm_tokens) - 4), lambda i: struct.pack('<i', i))),
    kv('tokenizer.ggml.add_bos_token', 7, b'\1'),
], [('token_embd.weight', [4, 2], 0, struct.pack('<8f', *range(8)))])

bpe_tokens = ['H', 'e', 'l', 'o', '\u0120', 'He', 'll', 'Hell', 'Hello', '<|endoftext|>', '1', '2', '3']
bpe = gguf([
    kv('tokenizer.ggml.model', 8, s('gpt2')),
    kv('tokenizer.ggml.pre', 8, s('llama-bpe')),
    kv('tokenizer.ggml.tokens', 9, arr(8, bpe_tokens, s)),
    kv('tokenizer.ggml.merges', 9, arr(8, ['H e', 'l l', 'He ll', 'Hell o'], s)),
    kv('tokenizer.ggml.token_type', 9, arr(5, [1] * 9 + [3] + [1] * 3, lambda i: struct.pack('<i', i))),
    kv('tokenizer.ggml.eos_token_id', 4, struct.pack('<I', 9)),
], [('output.weight', [32, 1], 8, struct.pack('<e', 0.5) + bytes(range(32)))])

every = gguf([
    kv('u8', 0, b'\x07'), kv('i8', 1, b'\xff'), kv('u16', 2, b'\1\2'), kv('i16', 3, b'\3\4'),
    kv('u32', 4, b'\1\0\0\0'), kv('i32', 5, b'\xff\xff\xff\xff'), kv('f32', 6, struct.pack('<f', 1.5)),
    kv('bool', 7, b'\0'), kv('str', 8, s('text')), kv('u64', 10, struct.pack('<Q', 1 << 40)),
    kv('i64', 11, struct.pack('<q', -5)), kv('f64', 12, struct.pack('<d', 2.5)),
    kv('general.alignment', 4, struct.pack('<I', 64)),
    kv('ints', 9, arr(5, [1, 2, 3], lambda i: struct.pack('<i', i))),
])
for name, blob in (('spm.gguf', spm), ('bpe.gguf', bpe), ('every.gguf', every)):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(blob)
PY

cat > "$WORK/gguf.dict" <<'DICT'
"GGUF"
"general.alignment"
"general.architecture"
"tokenizer.ggml.model"
"tokenizer.ggml.pre"
"tokenizer.ggml.tokens"
"tokenizer.ggml.merges"
"tokenizer.ggml.token_type"
"llama"
"gpt2"
"\x03\x00\x00\x00"
"\x09\x00\x00\x00"
"\x08\x00\x00\x00"
DICT

echo "fuzzing the GGUF reader for ${SECONDS_TO_RUN}s"
"$WORK/fuzz_gguf" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -rss_limit_mb=1024 -malloc_limit_mb=256 \
    -timeout=10 -dict="$WORK/gguf.dict" -print_final_stats=1 "$WORK/corpus" "$WORK/seeds" 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
if (( status != 0 )); then
    echo "FAIL: the GGUF fuzzer found a crash (exit $status); the reproducer is printed above"
    exit 1
fi
echo "PASS: no crash in ${SECONDS_TO_RUN}s of fuzzing"
