#!/usr/bin/env python3
"""Checks that every target of Package.swift declares each project module it imports.

Reads the package with `swift package dump-package` and every `import X` of each target's
sources. System modules (Foundation, Glibc, ...) and test frameworks are not declared; products
of dependencies are matched by product name. Exits 1 and lists the gaps when a target imports a
module it does not declare.
"""
import json, os, re, subprocess, sys

SYSTEM = {"Foundation", "Glibc", "Darwin", "Dispatch", "Testing", "XCTest", "Synchronization", "os"}

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                        capture_output=True, text=True).stdout)
    problems = []
    for target in package["targets"]:
        if target["type"] == "system":
            continue
        declared = set()
        for dependency in target.get("dependencies", []):
            for kind in ("byName", "target", "product"):
                if kind in dependency:
                    declared.add(dependency[kind][0])
        path = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])
        imported = set()
        for folder, _, files in os.walk(os.path.join(root, path)):
            for name in files:
                if name.endswith(".swift"):
                    with open(os.path.join(folder, name), encoding="utf-8") as source:
                        imported |= set(re.findall(r"^(?:@testable )?import (\w+)", source.read(), re.M))
        missing = sorted(imported - declared - SYSTEM - {target["name"]})
        if missing:
            problems.append(f"{target['name']} imports {', '.join(missing)} without declaring them in Package.swift")
    for problem in problems:
        print("error: " + problem, file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
