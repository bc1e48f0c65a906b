"""PyTorch reference for `workbench bench train rec.gru4rec`: the same model, batch, optimizer
and thread count, timed the same way (see reference.py).

The workbench default: MovieLens sessions (a one-hour gap, as `SessionData`, read from the
dataset cache so the lanes restart where the workbench's do), 200 session-parallel lanes,
one-hot items into a GRU of 100 units (the input weights looked up by row, as `nn.Embedding`
does; Glorot-uniform weights as `GRUCell`), dropout 0.3 on its output, scores h Wᵀ + b over all
1,682 items, softmax cross-entropy, Adam 1e-3; the state is carried to the next step without
its gradient and zeroed where a lane starts a new session.

Usage: python3 gru4rec.py [epochs]
"""
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

from movielens import sessions
from reference import arguments, report_parameters, setup, time_epochs


class SessionGRU(nn.Module):
    def __init__(self, items, hidden):
        super().__init__()
        self.input = nn.Embedding(items, 3 * hidden)     # onehot(x) W_x: a row of W_x
        self.bias = nn.Parameter(torch.zeros(3 * hidden))
        self.gates = nn.Linear(hidden, 2 * hidden, bias=False)
        self.candidate = nn.Linear(hidden, hidden, bias=False)
        self.output = nn.Embedding(items, hidden)
        self.output_bias = nn.Parameter(torch.zeros(items))
        self.hidden = hidden
        for weight, fan_in in ((self.input.weight, items), (self.gates.weight, hidden), (self.candidate.weight, hidden)):
            bound = (6 / (fan_in + hidden)) ** 0.5
            nn.init.uniform_(weight, -bound, bound)
        nn.init.normal_(self.output.weight, 0, 0.1)

    def step(self, items, h):
        x = self.input(items) + self.bias
        zr = torch.sigmoid(x[:, :2 * self.hidden] + self.gates(h))
        z, r = zr[:, :self.hidden], zr[:, self.hidden:]
        n = torch.tanh(x[:, 2 * self.hidden:] + self.candidate(r * h))
        return h + z * (n - h)                           # (1 - z) h + z n

    def scores(self, h):
        return h @ self.output.weight.T + self.output_bias


class SessionParallelBatches:
    """`lanes` sessions side by side; a finished lane takes the next session of a shuffled order."""

    def __init__(self, sessions, lanes):
        self.sessions, self.lanes = sessions, lanes
        self.order, self.taken = list(range(len(sessions))), 0
        random.shuffle(self.order)
        self.current = [self.take() for _ in range(lanes)]
        self.position = [0] * lanes

    def take(self):
        if self.taken == len(self.order):
            random.shuffle(self.order)
            self.taken = 0
        self.taken += 1
        return self.order[self.taken - 1]

    def next(self):
        inputs, targets, keep = [], [], [1.0] * self.lanes
        for lane in range(self.lanes):
            session = self.sessions[self.current[lane]]
            inputs.append(session[self.position[lane]])
            targets.append(session[self.position[lane] + 1])
            self.position[lane] += 1
            if self.position[lane] + 1 >= len(session):
                self.current[lane], self.position[lane] = self.take(), 0
                keep[lane] = 0.0
        return torch.tensor(inputs), torch.tensor(targets), torch.tensor(keep).unsqueeze(1)


def main():
    _, epochs = arguments()
    setup()
    random.seed(1)
    train, _, items = sessions()
    lanes, hidden = 200, 100
    model = SessionGRU(items, hidden)
    report_parameters(model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = SessionParallelBatches(train, lanes)
    state = {"h": torch.zeros(lanes, hidden)}

    def step(_):
        inputs, targets, keep = batches.next()
        h = model.step(inputs, state["h"])
        loss = F.cross_entropy(model.scores(F.dropout(h, 0.3, True)), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        state["h"] = h.detach() * keep

    transitions = sum(len(s) - 1 for s in train)
    time_epochs(epochs, (transitions + lanes - 1) // lanes, step)


if __name__ == "__main__":
    main()
