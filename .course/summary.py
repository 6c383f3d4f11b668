"""One line per chapter (tests, demo, notebook) and a closing line, from the results ./course test left behind.

    python .course/summary.py RESULTS_DIR SUREFIRE_DIR NN [NN ...]
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def junit_counts(surefire_dir):
    """{chapter: [passed, failed, skipped]} from Surefire's XML reports; tests outside chNN count as 'build'."""
    counts = {}
    for report in sorted(Path(surefire_dir).glob("TEST-*.xml")):
        suite = ET.parse(report).getroot()
        for case in suite.iter("testcase"):
            m = re.match(r"ch(\d\d)\.", case.get("classname", ""))
            chapter = m.group(1) if m else "build"
            c = counts.setdefault(chapter, [0, 0, 0])
            if case.find("failure") is not None or case.find("error") is not None:
                c[1] += 1
            elif case.find("skipped") is not None:
                c[2] += 1
            else:
                c[0] += 1
    return counts


def status(results, kind, chapter):
    f = Path(results) / f"{kind}-{chapter}.status"
    return f.read_text().strip() if f.exists() else "none"


def main(results, surefire_dir, chapters):
    counts = junit_counts(surefire_dir) if Path(surefire_dir).exists() else {}
    passed = failed = skipped = 0
    print()
    print("Summary")
    for chapter in chapters + (["build"] if "build" in counts else []):
        p, f, s = counts.get(chapter, [0, 0, 0])
        passed, failed, skipped = passed + p, failed + f, skipped + s
        tests = f"tests {p} passed, {f} failed" + (f", {s} skipped" if s else "")
        if chapter == "build":
            print(f"  build checks  {tests}")
            continue
        line = [f"  chapter {chapter}", tests]
        for kind in ("demo", "notebook"):
            st = status(results, kind, chapter)
            line.append(f"{kind} {st}")
            if st == "ok":
                passed += 1
            elif st != "none":
                failed += 1
        if p + f + s == 0:
            failed += 1
            line[1] = "tests MISSING (no test ran for this chapter)"
        print("  ".join(line))
    print()
    closing = f"course: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
    print(closing)
    return 0 if failed == 0 and skipped == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
