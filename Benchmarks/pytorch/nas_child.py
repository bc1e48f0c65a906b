"""PyTorch reference for `workbench bench train nas.child-cnn` and `nas.child-mlp`, the
reference children of `workbench nas speed` (UCI digits as 8x8 images, 1,437 training rows,
batch 32, Adam 1e-2; a child evaluation there is 10 such epochs and a validation pass).

- cnn: conv 3x3 1 -> 16 (padding 1), ReLU, conv 3x3 16 -> 32 (padding 1), ReLU, linear 2048 -> 10.
- mlp: 64 -> 64 -> 64 -> 10, ReLU.

Usage: python3 nas_child.py [cnn|mlp] [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference import Batches, arguments, report_parameters, setup, time_epochs

TRAIN = 1437


def main():
    kind, epochs = arguments(["cnn", "mlp"])
    setup()
    if kind == "cnn":
        model = nn.Sequential(nn.Unflatten(1, (1, 8, 8)), nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
                              nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(32 * 64, 10))
    else:
        model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    report_parameters(model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    images = torch.rand(TRAIN, 64) * 16
    labels = torch.randint(0, 10, (TRAIN,))
    batches = Batches(TRAIN, 32)

    def step(i):
        rows = batches[i]
        loss = F.cross_entropy(model(images[rows]), labels[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
