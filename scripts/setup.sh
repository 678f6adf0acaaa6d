#!/usr/bin/env bash
# Installs what building, running and testing Cailiang needs on a Debian/Ubuntu machine (统信 UOS
# and 麒麟 are Debian-based). Idempotent: installs only what is missing. Needs a Rust toolchain
# (cargo 1.90 or newer) on PATH.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# Build: a C compiler (bundled SQLite, zstd), pkg-config and WebKitGTK for the desktop shell.
# Run and test: a virtual X server, the WebKit WebDriver for end-to-end tests, a CJK font (the
# UI draws Chinese with the system font; nothing is loaded from the network), Node.js for the
# front end's unit tests (node --test, no npm packages), and for the printing test, which answers
# GTK's print dialog from outside the app, xdotool and pdftotext (poppler-utils); Python 3, whose
# csv module is the reference record count the review's hostile-CSV test compares against;
# LibreOffice (Writer, without its GUI), which turns the decision documents into PDF in their test;
# WenQuanYi Micro Hei, the font paper is set in (text copied out of a printed PDF stays real CJK);
# dbus-daemon, a session bus of the single-instance test's own; gdb, which that test uses to show
# where each copy of the app waits if the second start does not end.
APT_PKGS=(build-essential pkg-config libwebkit2gtk-4.1-dev xvfb xauth webkit2gtk-driver fonts-noto-cjk fonts-wqy-microhei nodejs xdotool dbus-daemon gdb poppler-utils python3 libreoffice-writer-nogui)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "setup: cargo not found; install a Rust toolchain (1.90 or newer) first" >&2
  exit 1
fi
bash "$(dirname "$0")/fetch-e5.sh"
