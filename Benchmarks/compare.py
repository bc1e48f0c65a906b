#!/usr/bin/env python3
"""Speed of the workbench against its PyTorch references, measured alternately in one run.

For each workload, `workbench bench train ID` (A) and the PyTorch reference in
`Benchmarks/pytorch/` (B) run one after the other, A B A B ..., `--rounds` times each, and the
table gives the median seconds per epoch of each (training steps only, the first epoch left
out), the ratio PyTorch / workbench (above 1: the workbench is faster) with the range of the
per-round ratios, and the workbench's arithmetic rate and fraction of the sgemm peak. Both sides
use two threads (`--threads`). The parameter counts of the two models are compared (same model, same count).

Only the Python standard library is needed here; PyTorch is needed by the references and is
never installed by the project: pass an interpreter that has it with `--python`. Without one,
only the workbench side is measured.

Usage: python3 Benchmarks/compare.py [--python PATH] [--rounds N] [--epochs N] [--only ID,...]
                                     [--threads N] [--workbench PATH] [--markdown]
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (workbench id, reference script, its arguments, epochs to time on both sides[, workbench settings]).
# Workloads whose epochs last a few hundredths of a second time more of them, so that one
# descheduled step does not decide the median.
WORKLOADS = [
    ("rec.biased-mf", "biased_mf.py", [], 3),
    ("rec.autorec-i", "autorec.py", [], 20),
    ("rec.deepfm", "ctr.py", ["deepfm"], 3),
    ("rec.nfm", "ctr.py", ["nfm"], 3),
    ("rec.wide-deep", "ctr.py", ["wide-deep"], 3),
    ("stn.cnn", "spatial_transformer.py", ["cnn"], 3),
    ("stn.st-cnn", "spatial_transformer.py", ["st-cnn"], 3),
    ("rnn.rae", "recursive_autoencoder.py", ["rae"], 3),
    ("rnn.rae-sentiment", "recursive_autoencoder.py", ["rae-sentiment"], 3),
    ("mtl.multifashion", "multifashion_hard.py", [], 3),
    ("mtl.adult", "adult_mmoe.py", [], 10),
    ("nas.child-cnn", "nas_child.py", ["cnn"], 20),
    ("rec.youtube-dnn", "youtube_dnn.py", [], 3),
    ("rec.gru4rec", "gru4rec.py", [], 3),
    ("mtl.multifashion cross-stitch", "multifashion_cross_stitch.py", [], 3, ["--set", "model=cross-stitch"]),
]

MEAN = re.compile(r"mean of the rest ([0-9.]+) s per epoch")
PARAMETERS = re.compile(r"parameters (\d+)")
RATE = re.compile(r"([0-9.]+) GFLOP/s, ([0-9.]+)% of the sgemm peak \(([0-9.]+) GFLOP/s")
KERNEL = re.compile(r"kernel (\w+)")


def run(command, cwd, environment=None):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env=dict(os.environ, **environment) if environment else None)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(command), result.stdout, result.stderr))
    return result.stdout, time.perf_counter() - started


def parse(output, what):
    seconds = MEAN.search(output)
    parameters = PARAMETERS.search(output)
    if not seconds:
        sys.exit("no 'mean of the rest' line from %s:\n%s" % (what, output))
    return float(seconds.group(1)), int(parameters.group(1)) if parameters else None


def load():
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def machine(python):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    torch = "not measured"
    if python:
        out = subprocess.run([python, "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True)
        torch = out.stdout.strip() if out.returncode == 0 else "not importable"
    return "%s, %d cores, Linux %s, PyTorch %s" % (cpu, os.cpu_count() or 0, platform.release(), torch)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", help="a Python interpreter that can import torch (default: none, workbench only)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations per workload (A B per round)")
    parser.add_argument("--epochs", type=int, help="epochs per run (default: per workload, 3 or 4)")
    parser.add_argument("--only", help="comma-separated workbench ids")
    parser.add_argument("--threads", type=int, default=2, help="threads on both sides (default 2)")
    parser.add_argument("--workbench", default=os.path.join(ROOT, ".build", "release", "workbench"))
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    options = parser.parse_args()
    chosen = options.only.split(",") if options.only else None
    workloads = [w for w in WORKLOADS if chosen is None or w[0] in chosen]
    if chosen and len(workloads) != len(chosen):
        sys.exit("unknown workload among %s; known: %s" % (chosen, ", ".join(w[0] for w in WORKLOADS)))
    rows, kernel, loads = [], "?", [load()]
    if loads[0] > 0.5 * (os.cpu_count() or 1):
        print("warning: load average %.1f on %d cores: other processes will slow both sides unevenly "
              "(PyTorch's OpenMP threads suffer most); measure on an idle machine" % (loads[0], os.cpu_count() or 0),
              file=sys.stderr)
    # One sgemm peak for every row (the best rate of `bench gemm`), so the fractions compare.
    output, _ = run([options.workbench, "bench", "gemm", "--threads", str(options.threads)], ROOT)
    peak = max(float(line.split()[1]) for line in output.splitlines() if re.match(r"\s*\d+\s+[0-9.]+\s+[0-9.]+$", line))
    for identifier, script, arguments, epochs, *settings in workloads:
        epochs = options.epochs or epochs
        experiment = identifier.split()[0]
        settings = settings[0] if settings else []
        ours, theirs, rates = [], [], []
        for round_ in range(options.rounds):
            output, _ = run([options.workbench, "bench", "train", experiment, "--epochs", str(epochs), "--peak", "%.1f" % peak,
                             "--threads", str(options.threads)] + settings, ROOT)
            seconds, our_parameters = parse(output, identifier)
            ours.append(seconds)
            rate = RATE.search(output)
            if rate:
                rates.append((float(rate.group(1)), float(rate.group(2)), float(rate.group(3))))
            kernel = KERNEL.search(output).group(1) if KERNEL.search(output) else kernel
            if options.python:
                output, _ = run([options.python, script] + arguments + [str(epochs)], os.path.join(HERE, "pytorch"),
                                {"BENCH_THREADS": str(options.threads)})
                seconds, their_parameters = parse(output, script)
                theirs.append(seconds)
                if our_parameters != their_parameters:
                    print("warning: %s has %s parameters, %s has %s" % (identifier, our_parameters, script, their_parameters),
                          file=sys.stderr)
            loads.append(load())
            print("%-30s round %d: workbench %.3f s%s" % (identifier, round_ + 1, ours[-1],
                                                          ", PyTorch %.3f s" % theirs[-1] if theirs else ""),
                  file=sys.stderr, flush=True)
        ratios = [b / a for a, b in zip(ours, theirs)]
        rows.append((identifier, statistics.median(ours), statistics.median(theirs) if theirs else None,
                     statistics.median(theirs) / statistics.median(ours) if theirs else None,
                     (min(ratios), max(ratios)) if ratios else None,
                     statistics.median(r[0] for r in rates) if rates else None,
                     statistics.median(r[1] for r in rates) if rates else None,
                     statistics.median(r[2] for r in rates) if rates else None))
    report(rows, machine(options.python), kernel, loads, options)


def report(rows, machine_line, kernel, loads, options):
    header = ["workload", "workbench s/epoch", "PyTorch s/epoch", "ratio", "ratio range", "GFLOP/s", "of peak"]
    lines = []
    for identifier, ours, theirs, ratio, spread, rate, fraction, _ in rows:
        lines.append([identifier, "%.3f" % ours, "%.3f" % theirs if theirs else "-", "%.2fx" % ratio if ratio else "-",
                      "%.2f-%.2f" % spread if spread else "-", "%.1f" % rate if rate is not None else "-",
                      "%.0f%%" % fraction if fraction is not None else "-"])
    peaks = [row[7] for row in rows if row[7]]
    footer = ("%s; OpenBLAS kernel %s, %d threads both sides; sgemm peak %.0f GFLOP/s (best of bench gemm); %d rounds A B "
              "per workload; load average %.1f-%.1f" % (machine_line, kernel, options.threads,
                                                        statistics.median(peaks) if peaks else 0, options.rounds,
                                                        min(loads), max(loads)))
    if options.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        print()
        print(footer)
        return
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines)]
    for line in [header] + lines:
        print("  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w) for i, (x, w) in enumerate(zip(line, widths))))
    print(footer)


if __name__ == "__main__":
    main()
