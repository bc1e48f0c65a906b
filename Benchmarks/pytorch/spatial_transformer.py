"""PyTorch reference for `workbench bench train stn.cnn` and `stn.st-cnn` (defaults: RTS
MNIST-5k, 4,000 training images of 42x42, batch 128, Adam 1e-3).

- cnn: conv 16@5x5, ReLU, 2x2 max pool, conv 32@5x5, ReLU, 2x2 max pool, fc 1568 -> 128, ReLU, -> 10.
  Both networks pool before the ReLU, as the workbench does: the same values and gradients.
- st-cnn: a localisation net (2x2 max pool, conv 20@5x5, ReLU, 2x2 max pool, conv 20@5x5, ReLU,
  fc 320 -> 50, ReLU, -> 6, starting at the identity) predicts an affine theta; affine_grid and
  grid_sample (bilinear, zero padding, align_corners=False) resample the 42x42 input to 28x28;
  the same CNN classifies it (fc 512 -> 128). One Adam per part, as in the workbench.

Usage: python3 spatial_transformer.py [cnn|st-cnn] [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference import Batches, arguments, report_parameters, setup, time_epochs


class Classifier(nn.Module):
    def __init__(self, side):
        super().__init__()
        reduced = ((side - 4) // 2 - 4) // 2
        self.conv0 = nn.Conv2d(1, 16, 5)
        self.conv1 = nn.Conv2d(16, 32, 5)
        self.fc0 = nn.Linear(32 * reduced * reduced, 128)
        self.fc1 = nn.Linear(128, 10)

    def forward(self, x):
        h = F.relu(F.max_pool2d(self.conv0(x), 2))
        h = F.relu(F.max_pool2d(self.conv1(h), 2))
        return self.fc1(F.relu(self.fc0(h.flatten(1))))


class Localisation(nn.Module):
    def __init__(self, side):
        super().__init__()
        after_first = (side // 2 - 4) // 2
        self.conv0 = nn.Conv2d(1, 20, 5)
        self.conv1 = nn.Conv2d(20, 20, 5)
        self.fc0 = nn.Linear(20 * (after_first - 4) ** 2, 50)
        self.output = nn.Linear(50, 6)
        nn.init.zeros_(self.output.weight)
        with torch.no_grad():
            self.output.bias.copy_(torch.tensor([1.0, 0, 0, 0, 1, 0]))

    def forward(self, x):
        h = F.max_pool2d(x, 2)
        h = F.relu(F.max_pool2d(self.conv0(h), 2))
        h = F.relu(self.conv1(h))
        return self.output(F.relu(self.fc0(h.flatten(1))))


def main():
    model, epochs = arguments(["cnn", "st-cnn"])
    setup()
    side, count, batch_size = 42, 4000, 128
    if model == "cnn":
        classifier, localisation = Classifier(side), None
    else:
        classifier, localisation = Classifier(28), Localisation(side)
    parts = [classifier] + ([localisation] if localisation else [])
    report_parameters([p for part in parts for p in part.parameters()])
    optimizers = [torch.optim.Adam(part.parameters(), lr=1e-3) for part in parts]
    images = torch.rand(count, 1, side, side)
    labels = torch.randint(0, 10, (count,))
    batches = Batches(count, batch_size)

    def step(i):
        rows = batches[i]
        x = images[rows]
        if localisation is not None:
            theta = localisation(x).view(-1, 2, 3)
            grid = F.affine_grid(theta, [x.shape[0], 1, 28, 28], align_corners=False)
            x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        loss = F.cross_entropy(classifier(x), labels[rows])
        for optimizer in optimizers:
            optimizer.zero_grad()
        loss.backward()
        for optimizer in optimizers:
            optimizer.step()

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
