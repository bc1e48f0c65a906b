#!/usr/bin/env python3
"""Writes workbench(1) in roff from the argument parser's own description of the commands.

Usage: workbench --experimental-dump-help | python3 scripts/manpage.py > workbench.1

Every command, option and default comes from the parser (swift-argument-parser's
`--experimental-dump-help` JSON), so the page cannot drift from the program.
"""
import datetime
import json
import sys


def roff(text):
    """Escapes text for roff: backslashes, leading dots and apostrophes, hyphens in options."""
    text = (text or "").replace("\\", "\\e")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def synopsis_of(argument):
    if argument["kind"] == "positional":
        text = "<" + argument["valueName"] + ">"
    else:
        name = argument["preferredName"]
        dash = "--" if name["kind"] == "long" else "-"
        text = "\\fB" + dash + name["name"].replace("-", "\\-") + "\\fR"
        if argument["kind"] == "option":
            text += " <" + argument["valueName"] + ">"
    if argument.get("isRepeating"):
        text += " ..."
    return "[" + text + "]" if argument.get("isOptional") else text


def describe(command, path, out):
    name = " ".join(path)
    arguments = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    out.append(".SS " + roff(name) if len(path) > 1 else ".SH SYNOPSIS")
    out.append(".B " + roff(name))
    out.append(" ".join(synopsis_of(a) for a in arguments))
    out.append(".PP")
    out.append(roff(command.get("abstract", "")))
    if command.get("discussion"):
        out.append(".PP")
        out.append(roff(command["discussion"]))
    for argument in arguments:
        names = argument.get("names") or []
        if names:
            label = ", ".join(("--" if n["kind"] == "long" else "-") + n["name"] for n in names)
        else:
            label = "<" + argument["valueName"] + ">"
        out.append(".TP")
        out.append("\\fB" + roff(label).replace("-", "\\-") + "\\fR")
        detail = argument.get("abstract", "")
        if "defaultValue" in argument:
            detail += " (default: " + argument["defaultValue"] + ")"
        out.append(roff(detail))
    if len(path) == 1:
        out.append(".SH COMMANDS")
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True) and sub["commandName"] != "help":
            describe(sub, path + [sub["commandName"]], out)


def main():
    tool = json.load(sys.stdin)["command"]
    today = datetime.date.today().isoformat()
    out = ['.TH WORKBENCH 1 "%s" "Deep Workbench" "User Commands"' % today,
           ".SH NAME", "workbench \\- " + roff(tool.get("abstract", ""))]
    describe(tool, [tool["commandName"]], out)
    out += [".SH EXIT STATUS", "0 on success; 1 when a run fails (missing or corrupt data, a diverged run, I/O);",
            "2 for a usage error (an unknown command, option, experiment or setting, or a bad value).",
            ".SH ENVIRONMENT",
            ".TP", "\\fBWORKBENCH_DATA\\fR", "Dataset cache (default: data/cache in a checkout, ~/.cache/deep-workbench when installed).",
            ".TP", "\\fBWORKBENCH_THREADS\\fR", "BLAS threads.",
            ".TP", "\\fBNO_COLOR\\fR", "Draw the screen without colour.",
            ".SH FILES", "Lessons and the dataset manifest: share/deep-workbench under the installation prefix.",
            "Saved runs and recordings: runs/ in a checkout, ~/.local/share/deep-workbench/runs when installed.",
            ".SH SEE ALSO", "The README and DECISIONS.md of the source tree."]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
