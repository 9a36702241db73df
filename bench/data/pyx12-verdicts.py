#!/usr/bin/env python3
"""Records pyx12's valid/invalid verdict for every X12 file of the agreement corpus.

Writes bench/data/pyx12-verdicts.json, which bench/x12-agreement.ts and
test/x12-agreement.test.ts compare cleanclaim's verdicts with (matched by sha256).

pyx12 (https://github.com/azoner/pyx12, BSD) is not part of cleanclaim: check it out
outside the project and point PYX12 at it. Its only dependency, defusedxml, is used to
parse pyx12's own bundled map files; where it cannot be installed, PYX12_SHIM may name a
directory holding a `defusedxml` package that re-exports xml.etree.ElementTree.

    PYX12=/work/tools/pyx12 PYX12_SHIM=/work/tools/pyx12-shim \\
      python3 bench/data/pyx12-verdicts.py /work/tools/x12-corpus ../shared/data/x12-samples test/fixtures/x12

Each argument is a directory; a file is named by the directory's label (its last path
component, or `shared/x12-samples` and `cleanclaim/test/fixtures/x12` for those two) and
its path inside it. The verdict is pyx12's own: x12n_document() returned True and logged
no error ("valid"), or it returned False / logged errors ("invalid"). A file pyx12 cannot
process at all (an exception) is "error" and is left out of the agreement figure.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PYX12 = os.environ.get("PYX12", "/work/tools/pyx12")
SHIM = os.environ.get("PYX12_SHIM", "/work/tools/pyx12-shim")
sys.path[:0] = [PYX12, SHIM]

import pyx12  # noqa: E402
import pyx12.params  # noqa: E402
import pyx12.x12n_document  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "pyx12-verdicts.json"
SUFFIXES = {".txt", ".edi", ".x12", ".837", ".835", ".dat"}
MAX_ERRORS = 8

# pyx12's error lines: "Line:27 SEG:HL1 - My HL count ..." / "Line:3 ST:4 - SE count ..."
ERROR_LINE = re.compile(r"^(?:No current segment in error_handler\. )?(?:Line:(\d+) )?(ISA|GS|ST|SEG|ELE):(\S+) - (.*)$")


class Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def label_for(root: Path) -> str:
    text = str(root.resolve())
    if text.endswith("shared/data/x12-samples"):
        return "shared/x12-samples"
    if text.endswith("test/fixtures/x12"):
        return "cleanclaim/test/fixtures/x12"
    return ""  # corpus root: paths start with <owner>+<repo>/


def transaction_of(data: bytes) -> str:
    head = data[:4096].replace(b"\0", b"").decode("latin-1")
    if "X222" in head:
        return "837P"
    if "X221" in head:
        return "835"
    if re.search(r"(^|[^A-Z0-9])ST.837.", head):
        return "837P"
    if re.search(r"(^|[^A-Z0-9])ST.835.", head):
        return "835"
    return "other"


def short(message: str) -> dict[str, object]:
    m = ERROR_LINE.match(message)
    if not m:
        return {"code": "log", "message": message[:160]}
    line, level, code, text = m.groups()
    out: dict[str, object] = {"code": f"{level}:{code}", "message": text[:160]}
    if line:
        out["line"] = int(line)
    return out


def verdict(path: Path) -> tuple[str, list[dict[str, object]], int]:
    collector = Collector()
    logger = logging.getLogger("pyx12")
    logger.handlers = [collector]
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    param = pyx12.params.params()
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=param, src_file=str(path), fd_997=None, fd_html=None, fd_xmldoc=None
        )
    except Exception as exc:  # pyx12 could not process the file at all
        first = [short(m) for m in collector.records[:MAX_ERRORS]]
        first.append({"code": "exception", "message": f"{type(exc).__name__}: {exc}"[:160]})
        return "error", first, len(collector.records) + 1
    errors = [short(m) for m in collector.records]
    return ("valid" if ok and not errors else "invalid"), errors[:MAX_ERRORS], len(errors)


GUIDE = {"837P": b"005010X222A1", "835": b"005010X221A1"}
BOM = b"\xef\xbb\xbf"


def normalise(data: bytes, kind: str, steps: list[str]) -> bytes:
    """The same rewriting bench/x12-agreement.ts applies before giving cleanclaim the file.

    "bom": drop a leading UTF-8 byte-order mark (pyx12 reads X12 as ASCII and stops).
    "version": set GS08 and ST03 to the guide's id (005010X222A1 / 005010X221A1), so that
    pyx12 has a map for a file labelled 005010X222, X222A2 or an example id such as X291.
    """
    if "bom" in steps and data.startswith(BOM):
        data = data[len(BOM):]
    if "version" in steps:
        isa = data.find(b"ISA")
        if isa < 0 or len(data) < isa + 106:
            return data
        e = re.escape(data[isa + 3 : isa + 4])
        t = re.escape(data[isa + 105 : isa + 106])
        value = b"[^" + e + t + b"\r\n]*"
        gs = re.compile(b"(?<=[" + t + b"\r\n ])(GS" + e + b"(?:" + value + e + b"){7})(" + value + b")")
        st = re.compile(b"(?<=[" + t + b"\r\n ])(ST" + e + b"83[57]" + e + value + e + b")(" + value + b")")
        data = gs.sub(lambda m: m.group(1) + GUIDE[kind], data)
        data = st.sub(lambda m: m.group(1) + (GUIDE[kind] if m.group(2) else b""), data)
    return data


def needs(result: str, errors: list[dict[str, object]]) -> list[str]:
    """The normalisation steps a file pyx12 could not process needs, if any."""
    if result != "error":
        return []
    last = str(errors[-1]["message"])
    if "can't decode byte 0xef in position 0" in last:
        return ["bom"]
    if last.startswith("EngineError: Map not found"):
        return ["version"]
    return []


def run(path: Path, data: bytes, kind: str) -> dict[str, object]:
    result, errors, count = verdict(path)
    steps = needs(result, errors)
    row: dict[str, object] = {}
    if steps:
        row["pyx12AsGiven"] = {"verdict": result, "error": errors[-1]["message"]}
        while steps:
            with tempfile.NamedTemporaryFile(suffix=path.suffix) as tmp:
                tmp.write(normalise(data, kind, steps))
                tmp.flush()
                result, errors, count = verdict(Path(tmp.name))
            more = [s for s in needs(result, errors) if s not in steps]
            if not more:
                break
            steps += more
        row["normalised"] = steps
    row.update({"pyx12Verdict": result, "pyx12ErrorCount": count, "pyx12Errors": errors})
    return row


def main(roots: list[str]) -> None:
    pyx12_commit = subprocess.run(
        ["git", "-C", PYX12, "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    rows: dict[str, dict[str, object]] = {}
    for root_text in roots:
        root = Path(root_text)
        if not root.is_dir():
            print(f"skip {root}: not a directory", file=sys.stderr)
            continue
        label = label_for(root)
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            data = path.read_bytes()
            kind = transaction_of(data)
            if kind == "other":
                continue
            digest = hashlib.sha256(data).hexdigest()
            rel = path.relative_to(root).as_posix()
            name = f"{label}/{rel}" if label else rel
            if digest in rows:
                aliases = rows[digest].setdefault("alsoAt", [])
                aliases.append(name)  # type: ignore[union-attr]
                continue
            rows[digest] = {"file": name, "sha256": digest, "transaction": kind, **run(path, data, kind)}
            print(f"{rows[digest]['pyx12Verdict']:8} {kind:5} {name}", file=sys.stderr)
    files = sorted(rows.values(), key=lambda r: str(r["file"]))
    document = {
        "about": "pyx12's verdict on public X12 test files; regenerate with bench/data/pyx12-verdicts.py",
        "pyx12": {"version": pyx12.__version__, "commit": pyx12_commit, "python": sys.version.split()[0]},
        "files": files,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(files)} verdicts to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:] or ["/work/tools/x12-corpus", str(HERE.parent.parent / "../shared/data/x12-samples")])
