"""PyTorch reference for `workbench bench train rec.youtube-dnn`: the same model, batch,
optimizer and thread count, timed the same way (see reference.py).

The workbench default: each user's last 10 ratings held out (as `WatchHistories`, read from the
dataset cache so the bags have the workbench's sizes); one example per training rating after a
user's first, its label the rated item and its bag the (at most) 50 items rated just before;
input [mean bag embedding (64), occupation embedding (8), age / 100, gender]; a tower
74 -> 256 -> 64 with a ReLU after each layer; sampled softmax with 256 negatives per minibatch
drawn from the training popularity, log(expected count) subtracted from every logit and
accidental hits removed; Adam 2e-3, batch 256.

Usage: python3 youtube_dnn.py [epochs]
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from movielens import users, watch_histories
from reference import Batches, arguments, report_parameters, setup, time_epochs


class CandidateGenerator(nn.Module):
    def __init__(self, items, occupations, d=64, hidden=256):
        super().__init__()
        self.items = nn.EmbeddingBag(items, d, mode="mean")
        self.occupations = nn.Embedding(occupations, 8)
        self.tower = nn.Sequential(nn.Linear(d + 8 + 2, hidden), nn.ReLU(), nn.Linear(hidden, d), nn.ReLU())
        self.output = nn.Embedding(items, d)
        self.output_bias = nn.Parameter(torch.zeros(items))
        for table in (self.items.weight, self.occupations.weight, self.output.weight):
            nn.init.normal_(table, 0, 0.05)
        for layer in (self.tower[0], self.tower[2]):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)

    def user(self, bags, offsets, occupations, features):
        return self.tower(torch.cat([self.items(bags, offsets), self.occupations(occupations), features], dim=1))


def main():
    _, epochs = arguments()
    setup()
    history, _, _, item_count = watch_histories(10)
    occupation, features, occupation_count = users()
    examples = [(u, p) for u in range(len(history)) for p in range(1, len(history[u]))]
    counts = torch.zeros(item_count)
    for items in history:
        for item in items:
            counts[item] += 1
    q = counts / counts.sum()
    log_q = torch.log(torch.clamp(counts, min=0.5) / counts.sum())
    model = CandidateGenerator(item_count, occupation_count)
    report_parameters(model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    negatives, bag_size = 256, 50
    batches = Batches(len(examples), 256)

    def step(i):
        rows = [examples[r] for r in batches[i].tolist()]
        bags, offsets = [], []
        for user, position in rows:
            offsets.append(len(bags))
            bags += history[user][max(0, position - bag_size):position]
        labels = torch.tensor([history[u][p] for u, p in rows])
        ids = [u for u, _ in rows]
        u = model.user(torch.tensor(bags), torch.tensor(offsets), torch.tensor([occupation[x] for x in ids]),
                       torch.tensor([features[x] for x in ids]))
        sampled = torch.multinomial(q, negatives, replacement=True)
        shift = math.log(negatives)
        positive = (u * model.output(labels)).sum(1) + model.output_bias[labels] - (log_q[labels] + shift)
        negative = u @ model.output(sampled).T + model.output_bias[sampled] - (log_q[sampled] + shift)
        negative = negative.masked_fill(sampled.unsqueeze(0) == labels.unsqueeze(1), -1e9)
        loss = F.cross_entropy(torch.cat([positive.unsqueeze(1), negative], dim=1), torch.zeros(len(rows), dtype=torch.long))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
