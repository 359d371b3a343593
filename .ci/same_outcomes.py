"""Compare two JUnit XML reports of the same suite: every test must have the
same outcome (passed, failed, error, skipped) both times. Exits non-zero
naming each test whose outcome changed, or that ran only once."""

import sys
import xml.etree.ElementTree as ET


def outcomes(path: str) -> dict[str, str]:
    found = {}
    for case in ET.parse(path).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        kinds = {child.tag for child in case} & {"failure", "error", "skipped"}
        found[name] = next(iter(kinds), "passed")
    return found


def main(first: str, second: str) -> int:
    before, after = outcomes(first), outcomes(second)
    changed = sorted(
        name
        for name in before.keys() | after.keys()
        if before.get(name) != after.get(name)
    )
    for name in changed:
        print(f"{name}: {before.get(name, 'absent')} → {after.get(name, 'absent')}")
    if changed:
        print(f"{len(changed)} tests changed outcome between two runs")
        return 1
    print(f"same outcome for all {len(before)} tests in both runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
