"""PyTorch reference for `workbench bench train rec.autorec-i` (I-AutoRec, Sedhain et al. 2015,
on MovieLens 100K; defaults: 500 sigmoid hidden units, batch 256, Adam 2e-3 with L2 0.1 added
to the gradients).

Each item's column of ratings by the 943 users is encoded and decoded,
h(r) = W sigmoid(V r + b) + c, and the loss is the squared error on the observed entries only,
summed and divided by the rows of the batch. Rows: the 1,682 items (all rated in training).

Usage: python3 autorec.py [epochs]
"""
import torch
import torch.nn as nn

from reference import Batches, arguments, report_parameters, setup, time_epochs

ITEMS, USERS, HIDDEN = 1682, 943, 500


def main():
    _, epochs = arguments()
    setup()
    encoder, decoder = nn.Linear(USERS, HIDDEN), nn.Linear(HIDDEN, USERS)
    parameters = list(encoder.parameters()) + list(decoder.parameters())
    report_parameters(parameters)
    optimizer = torch.optim.Adam(parameters, lr=2e-3, weight_decay=0.1)
    # About 6% of the entries are observed training ratings.
    mask = (torch.rand(ITEMS, USERS) < 0.06).float()
    ratings = torch.randint(1, 6, (ITEMS, USERS)).float() * mask
    batches = Batches(ITEMS, 256)

    def step(i):
        rows = batches[i]
        x, observed = ratings[rows], mask[rows]
        residual = (decoder(torch.sigmoid(encoder(x))) - x) * observed
        loss = residual.square().sum() / len(rows)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
