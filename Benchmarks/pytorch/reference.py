"""What every PyTorch reference shares: two threads, a fixed seed, and the timing of
`workbench bench train` (seconds per epoch of training steps only; the first epoch reported
apart, as warm-up). Each reference prints

    parameters N
    epoch 1 0.123 s
    ...
    first epoch 0.123 s; mean of the rest 0.100 s per epoch

so `Benchmarks/compare.py` reads both programs the same way and checks that the parameter
counts agree (the same model). Inputs are random tensors of the workbench's shapes: timing does
not depend on the values. The project does not install PyTorch; bring your own.
"""
import os
import sys
import time

import torch

# The workbench's thread count (two on the reference machine); compare.py --threads sets it.
THREADS = int(os.environ.get("BENCH_THREADS", "2"))


def setup():
    """THREADS intra-op threads (the workbench's threads) and seed 1."""
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)


def arguments(choices=None, default_epochs=3):
    """`script.py [choice] [epochs]`: (choice, epochs); the choice is one of `choices` (the first
    by default), for scripts that cover several workbench experiments."""
    words = sys.argv[1:]
    choice = choices[0] if choices else None
    if choices and words and words[0] in choices:
        choice = words.pop(0)
    if len(words) > 1 or (words and not words[0].isdigit()):
        sys.exit("usage: %s %s[epochs]" % (sys.argv[0], "[%s] " % "|".join(choices) if choices else ""))
    return choice, int(words[0]) if words else default_epochs


def report_parameters(parameters):
    print("parameters", sum(p.numel() for p in parameters))


def time_epochs(epochs, steps_per_epoch, step, before_epoch=None):
    """Calls `step(i)` for i in 0..<steps_per_epoch, `epochs` times; only the steps are timed
    (`before_epoch()`, e.g. a reshuffle, runs outside the clock)."""
    times = []
    for epoch in range(epochs):
        if before_epoch is not None:
            before_epoch()
        start = time.perf_counter()
        for i in range(steps_per_epoch):
            step(i)
        times.append(time.perf_counter() - start)
        print("epoch %d %.3f s" % (epoch + 1, times[-1]), flush=True)
    rest = times[1:] or times
    print("first epoch %.3f s; mean of the rest %.3f s per epoch" % (times[0], sum(rest) / len(rest)))


class Batches:
    """Minibatches of example indices, reshuffled each epoch (the workbench's MinibatchCursor)."""

    def __init__(self, count, batch_size):
        self.count, self.batch_size = count, batch_size
        self.order = torch.randperm(count)

    @property
    def steps(self):
        return (self.count + self.batch_size - 1) // self.batch_size

    def shuffle(self):
        self.order = torch.randperm(self.count)

    def __getitem__(self, step):
        return self.order[step * self.batch_size:(step + 1) * self.batch_size]
