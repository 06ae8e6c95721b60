#!/usr/bin/env python3
"""Prints "N passed, N failed, N skipped" for every TRX file under a folder.

Counted from each test's result (UnitTestResult/@outcome), not from the ResultSummary counters: the VSTest TRX logger writes
a skipped xunit test as outcome "NotExecuted" but leaves notExecuted="0" in the counters (only total - executed shows it).
"""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
FAILED = {"Failed", "Error", "Timeout", "Aborted"}


def main(folder: str) -> int:
    passed = failed = skipped = 0
    for path in glob.glob(folder + "/**/*.trx", recursive=True):
        for result in ET.parse(path).getroot().iterfind("t:Results/t:UnitTestResult", NS):
            outcome = result.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome in FAILED:
                failed += 1
            else:  # NotExecuted, Inconclusive, NotRunnable, ...
                skipped += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "TestResults"))
