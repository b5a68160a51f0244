#!/usr/bin/env bash
# The real triad binary follows the system language: `triad --help` under LANG=de_DE.UTF-8
# prints its description German (from the translation compiled into the binary) and Qt's own
# help lines German (when Qt's qtbase_de.qm is installed); under LANG=C it stays English.
# --help exits before any window opens, so the offscreen platform is enough.
set -euo pipefail
triad="$TRIAD_BINARY_DIR/app/triad"
[ -x "$triad" ] || { echo "skip: $triad is not built (build the 'triad' target)"; exit 77; }

help_in() {   # help_in <locale>: the --help text as a person with that locale sees it
  env -u LANGUAGE -u LC_MESSAGES LANG="$1" LC_ALL="$1" QT_QPA_PLATFORM=offscreen \
      XDG_CONFIG_HOME="$tmp" HOME="$tmp" "$triad" --help 2>/dev/null
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
expect() {   # expect <what> <text> <needle>
  if grep -qF -- "$3" <<<"$2"; then echo "ok: $1"; else
    echo "FAIL: $1: expected to find \"$3\" in:"; sed 's/^/  | /' <<<"$2"; fail=1; fi
}
refuse() {   # refuse <what> <text> <needle>
  if grep -qF -- "$3" <<<"$2"; then
    echo "FAIL: $1: did not expect \"$3\" in:"; sed 's/^/  | /' <<<"$2"; fail=1; else echo "ok: $1"; fi
}

german=$(help_in de_DE.UTF-8)
english=$(help_in C.UTF-8)

expect "German description" "$german" "Sprachmodelle direkt vergleichen: Qualität, Geschwindigkeit und Kosten."
expect "German workspace argument" "$german" "Zu öffnende Arbeitsbereichsdatei"
refuse "no English description under de_DE" "$german" "Compare language models side by side"
expect "English description under C" "$english" "Compare language models side by side: quality, speed and cost."
refuse "no German under C" "$english" "Sprachmodelle"

qt_dir=$(/usr/lib/qt6/bin/qtpaths6 --query QT_INSTALL_TRANSLATIONS 2>/dev/null || echo /usr/share/qt6/translations)
if [ -f "$qt_dir/qtbase_de.qm" ]; then
  # Qt's own help lines come from qtbase_de.qm, loaded beside Triad's translation.
  expect "Qt's options heading is German" "$german" "Optionen:"
  refuse "Qt's help line is not English" "$german" "Displays help on commandline options."
else
  echo "note: $qt_dir/qtbase_de.qm is not installed; Qt's own strings not checked"
fi
exit $fail
