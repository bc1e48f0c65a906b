"""PyTorch reference for `workbench bench train mtl.multifashion --set model=cross-stitch`: the
same model, batch, optimizer and thread count, timed the same way (see reference.py).

Two LeNet columns (conv 10@9x9 -> pool -> relu, conv 20@5x5 -> pool -> relu, fc 500 -> 50 ->
relu, head 50 -> 10), a cross-stitch unit (one 2x2 matrix per channel, started at
(α_S, α_D) = (0.9, 0.1)) after each of the three hidden layers: 63,120 parameters; Adam 0.006
on 10,000 images of 36x36, batch 256, the sum of the two cross-entropies. As in the workbench, a
moving average of the weights (decay 0.98) is updated after every step for evaluation.

Usage: python3 multifashion_cross_stitch.py [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from multifashion_hard import train


class CrossStitch(nn.Module):
    def __init__(self, channels, same=0.9):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor([[same], [1 - same], [1 - same], [same]]).repeat(1, channels))

    def forward(self, a, b):
        shape = (1, -1) + (1,) * (a.dim() - 2)
        aa, ab, ba, bb = (self.alpha[k].view(shape) for k in range(4))
        return aa * a + ab * b, ba * a + bb * b


class Column(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, 9)
        self.conv2 = nn.Conv2d(10, 20, 5)
        self.fc = nn.Linear(500, 50)
        self.head = nn.Linear(50, 10)


class CrossStitchNets(nn.Module):
    def __init__(self):
        super().__init__()
        self.columns = nn.ModuleList([Column(), Column()])
        self.units = nn.ModuleList([CrossStitch(10), CrossStitch(20), CrossStitch(50)])

    def forward(self, x):
        a, b = self.columns
        left, right = self.units[0](F.relu(F.max_pool2d(a.conv1(x), 2)), F.relu(F.max_pool2d(b.conv1(x), 2)))
        left, right = self.units[1](F.relu(F.max_pool2d(a.conv2(left), 2)), F.relu(F.max_pool2d(b.conv2(right), 2)))
        left, right = self.units[2](F.relu(a.fc(left.flatten(1))), F.relu(b.fc(right.flatten(1))))
        return a.head(left), b.head(right)


def main():
    train(CrossStitchNets, default_epochs=3)


if __name__ == "__main__":
    main()
