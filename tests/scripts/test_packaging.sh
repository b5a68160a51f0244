#!/usr/bin/env bash
# The desktop entry and AppStream metainfo validate, and CPack builds a .deb holding the
# binaries, desktop entry, metainfo, icon and translations.
set -euo pipefail
src=$TRIAD_SOURCE_DIR/packaging
desktop-file-validate "$src/org.triad.Triad.desktop"
appstreamcli validate --no-net --pedantic "$src/org.triad.Triad.metainfo.xml" || \
  appstreamcli validate --no-net "$src/org.triad.Triad.metainfo.xml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$TRIAD_BINARY_DIR" && cpack -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/*.deb | head -1)
[ -f "$deb" ] || { echo "cpack produced no .deb"; exit 1; }
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/triad usr/bin/triad-cli usr/share/applications/org.triad.Triad.desktop \
         usr/share/metainfo/org.triad.Triad.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.triad.Triad.svg \
         usr/share/triad/translations/triad_de.qm; do
  echo "$contents" | grep -q "$f" || { echo "missing in .deb: $f"; exit 1; }
done
echo "deb ok: $(basename "$deb")"
