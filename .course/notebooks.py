"""Execute the course's notebooks with the Java kernel and compare their outputs with the committed ones.

    python .course/notebooks.py check  notebooks/01-raw-socket.ipynb ...   # fails on an error or a difference
    python .course/notebooks.py record notebooks/01-raw-socket.ipynb ...   # stores fresh outputs

Notebooks run with notebooks/ as their working folder, as JupyterLab runs them. Values that must vary between
runs (ephemeral ports, object hashes) are normalised before the comparison; everything else must match.
"""
import copy
import difflib
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT = 180
VARYING = [
    (re.compile(r"\x1b\[[0-9;]*m"), ""),                                   # terminal colours
    (re.compile(r"((?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)[:/])\d{2,5}"), r"\1PORT"),
    (re.compile(r"(port[ =:]+)\d{4,5}", re.I), r"\1PORT"),
    (re.compile(r"@[0-9a-f]{5,8}\b"), "@HASH"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "UUID"),  # JJava display ids
]


def normalise(text):
    for pattern, replacement in VARYING:
        text = pattern.sub(replacement, text)
    return text


def comparable(cell):
    """What a reader sees of a cell's outputs, as text: streams, results, displays and errors."""
    parts = []
    for out in cell.get("outputs", []):
        kind = out["output_type"]
        if kind == "stream":
            if out["name"] == "stdout":
                parts.append(out["text"])
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in ("text/html", "image/svg+xml", "text/markdown", "text/plain"):
                if mime in data:
                    value = data[mime]
                    parts.append(f"[{mime}]\n" + (value if isinstance(value, str) else "".join(value)) + "\n")
                    break
            else:
                parts.append("[" + ",".join(sorted(data)) + "]\n")
        elif kind == "error":
            parts.append(f"ERROR {out.get('ename')}: {out.get('evalue')}\n")
    return normalise("".join(parts))


def execute(path):
    nb = nbformat.read(path, as_version=4)
    run = copy.deepcopy(nb)
    client = NotebookClient(run, timeout=CELL_TIMEOUT, kernel_name=run.metadata.get("kernelspec", {}).get("name", "java"),
                            resources={"metadata": {"path": str(Path(path).parent)}}, record_timing=False,
                            allow_errors=False)
    client.execute()
    return nb, run


def check(path):
    try:
        committed, fresh = execute(path)
    except CellExecutionError as e:
        print(f"{path}: a cell failed\n{str(e)[-3000:]}")
        return False
    committed_code = [c for c in committed.cells if c.cell_type == "code"]
    fresh_code = [c for c in fresh.cells if c.cell_type == "code"]
    ok = True
    for index, (old, new) in enumerate(zip(committed_code, fresh_code), start=1):
        a, b = comparable(old), comparable(new)
        if a != b:
            ok = False
            print(f"{path}: code cell {index} gives different output than the committed notebook:")
            diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "committed", "re-executed", lineterm="", n=1)
            print("\n".join(list(diff)[:40]))
    if not any(c.get("outputs") for c in committed_code):
        print(f"{path}: the committed notebook has no outputs; run ./course record to store them")
        ok = False
    return ok


def record(path):
    _, fresh = execute(path)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nbformat.write(fresh, path)
    print(f"{path}: outputs recorded")
    return True


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "record"):
        print(__doc__)
        return 2
    action = check if argv[1] == "check" else record
    results = [action(p) for p in argv[2:]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
