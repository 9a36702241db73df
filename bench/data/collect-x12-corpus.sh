#!/usr/bin/env bash
# Copies the public X12 test files that bench/x12-agreement.ts compares against pyx12 out of
# local bare snapshots of their repositories (MIRROR/<owner>+<name>/repo) into
# CORPUS/<owner>+<name>/<path>. Nothing here is committed to cleanclaim: only the sha256 and
# pyx12's verdict of each file are (bench/data/pyx12-verdicts.json).
#
#   MIRROR=/work/.mirror CORPUS=/work/tools/x12-corpus bash bench/data/collect-x12-corpus.sh
#
# Only 005010 837 (X222, professional) and 835 (X221) files are kept; a file is classified
# by its GS08 or ST03, or by ST01 when it has neither (broken envelopes are test inputs too).
set -euo pipefail
MIRROR=${MIRROR:-/work/.mirror}
CORPUS=${CORPUS:-/work/tools/x12-corpus}

# repo  path-regex (extended, matched against every path of the repository's HEAD tree)
sources=(
  "azoner+pyx12                                 ^pyx12/(tests|examples)/.*\.txt$"
  "imsweb+x12-parser                            ^src/test/resources/.*\.txt$"
  "keironstoddart+edi-835-parser                ^tests/test_edi_835_files/.*\.txt$"
  "databricks-industry-solutions+x12-edi-parser ^sampledata/.*\.txt$"
  "Inteligenz+X12Parser                         ^tests/.*/(_837P|_835|Claims)/.*\.(txt|dat)$"
  "dwai1714+edi_parser                          ^spike/data_based_on_type/(835|837|837P)/.*\.edi$"
  "LinuxForHealth+x12                           ^(demo-file/demo\.(835|837)|src/tests/resources/(835|837)_005010[^/]*/.*\.(835|837))$"
)

# 837P | 835 | other, from the first 4 KB of the file.
kind() {
  local head
  head=$(head -c 4096 "$1" | tr -d '\0\r\n')
  if grep -qE 'X22[34]|X09[678]|004010|999999X999' <<<"$head"; then echo other
  elif grep -qE 'X222' <<<"$head"; then echo 837P
  elif grep -qE 'X221' <<<"$head"; then echo 835
  elif grep -qE '(^|[^A-Z0-9])ST.837.' <<<"$head"; then echo 837P
  elif grep -qE '(^|[^A-Z0-9])ST.835.' <<<"$head"; then echo 835
  else echo other
  fi
}

kept=0
for line in "${sources[@]}"; do
  read -r repo pattern <<<"$line"
  git_dir="$MIRROR/$repo/repo"
  if [[ ! -d "$git_dir" ]]; then
    echo "skip $repo: no snapshot at $git_dir" >&2
    continue
  fi
  commit=$(git -C "$git_dir" rev-parse HEAD)
  while IFS= read -r path; do
    dest="$CORPUS/$repo/$path"
    mkdir -p "$(dirname "$dest")"
    git -C "$git_dir" show "HEAD:$path" >"$dest"
    k=$(kind "$dest")
    if [[ $k == other ]]; then
      rm -f "$dest"
    else
      kept=$((kept + 1))
      echo "$k $repo@${commit:0:12} $path"
    fi
  done < <(git -C "$git_dir" ls-tree -r --name-only HEAD | grep -E "$pattern" || true)
done
find "$CORPUS" -type d -empty -delete 2>/dev/null || true
echo "kept $kept files in $CORPUS" >&2
