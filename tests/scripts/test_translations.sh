#!/usr/bin/env bash
# The German translation is complete: every string lupdate finds in widgets/ and app/gui/
# has a finished, non-empty German translation in translations/triad_de.ts.
set -euo pipefail
lupdate=$(command -v lupdate 2>/dev/null || true)
for cand in /usr/lib/qt6/bin/lupdate /usr/lib/x86_64-linux-gnu/qt6/bin/lupdate; do
  [ -z "$lupdate" ] && [ -x "$cand" ] && lupdate=$cand
done
[ -n "$lupdate" ] || { echo "lupdate not found"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$lupdate" -silent -no-obsolete -locations none -I "$TRIAD_SOURCE_DIR" "$TRIAD_SOURCE_DIR/widgets" "$TRIAD_SOURCE_DIR/app/gui" \
  -ts "$tmp/current.ts" >/dev/null
python3 - "$tmp/current.ts" "$TRIAD_SOURCE_DIR/translations/triad_de.ts" <<'PY'
import sys, xml.etree.ElementTree as ET
def messages(path):
    out = {}
    for ctx in ET.parse(path).getroot().iter('context'):
        name = ctx.findtext('name')
        for m in ctx.iter('message'):
            src = m.findtext('source')
            out[(name, src)] = m.find('translation')
    return out
current, german = messages(sys.argv[1]), messages(sys.argv[2])
missing = [k for k in current if k not in german]
unfinished = [k for k in current if k in german and (
    german[k] is None or german[k].get('type') in ('unfinished', 'obsolete', 'vanished')
    or not ''.join(german[k].itertext()).strip())]
for k in missing[:40]:
    print(f"missing in triad_de.ts: [{k[0]}] {k[1]!r}")
for k in unfinished[:40]:
    print(f"not translated: [{k[0]}] {k[1]!r}")
print(f"{len(current)} strings, {len(missing)} missing, {len(unfinished)} untranslated")
sys.exit(1 if missing or unfinished else 0)
PY
