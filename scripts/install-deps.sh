#!/usr/bin/env bash
# Installs what Triad needs to build and test on Debian 12, only what is missing.
set -euo pipefail
pkgs=(build-essential cmake ninja-build ccache pkg-config git
      qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev
      qt6-tools-dev-tools qt6-l10n-tools qt6-httpserver-dev qt6-translations-l10n
      qtkeychain-qt6-dev libgl-dev
      libcurl4-openssl-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libcpp-httplib-dev
      libbenchmark-dev clang-14 libclang-rt-14-dev
      xvfb xauth imagemagick fonts-dejavu-core desktop-file-utils appstream dpkg-dev file
      nodejs npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs from another source may provide npm itself.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
