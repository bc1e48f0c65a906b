"""PyTorch reference for `workbench bench train mtl.multifashion`: the same model, batch,
optimizer and thread count, timed the same way (seconds per epoch of training steps).

The model is the workbench default for `model=hard`: shared LeNet convolutions, then per task
the item's 4x4 window of the 20x5x5 map -> fc 320->40 -> relu -> fc 40->10 (32,340 parameters),
Adam 0.006 on 10,000 images of 36x36, batch 256. As in the workbench, a moving average of the
weights (decay 0.98) is updated after every step for evaluation.

Usage: python3 multifashion_hard.py [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference import Batches, arguments, report_parameters, setup, time_epochs


class HardSharing(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, 9)
        self.conv2 = nn.Conv2d(10, 20, 5)
        self.hidden = nn.ModuleList([nn.Linear(320, 40) for _ in range(2)])
        self.heads = nn.ModuleList([nn.Linear(40, 10) for _ in range(2)])

    def forward(self, x):
        first = F.relu(F.max_pool2d(self.conv1(x), 2))
        shared = F.relu(F.max_pool2d(self.conv2(first), 2))
        windows = [shared[:, :, 0:4, 0:4].flatten(1), shared[:, :, 1:5, 1:5].flatten(1)]
        return [head(F.relu(hidden(window))) for hidden, head, window in zip(self.hidden, self.heads, windows)]


def train(make_net, default_epochs):
    """Times the network `make_net()` builds (it returns the two tasks' logits) as the workbench
    trains MultiFashion; the cross-stitch reference uses it too."""
    _, epochs = arguments(default_epochs=default_epochs)
    setup()
    net = make_net()
    report_parameters(net.parameters())
    optimizer = torch.optim.Adam(net.parameters(), lr=0.006)
    averages = [p.detach().clone() for p in net.parameters()]
    images = torch.rand(10_000, 1, 36, 36)
    labels = torch.randint(0, 10, (2, 10_000))
    batches = Batches(10_000, 256)

    def step(i):
        rows = batches[i]
        left, right = net(images[rows])
        loss = F.cross_entropy(left, labels[0, rows]) + F.cross_entropy(right, labels[1, rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            torch._foreach_lerp_(averages, [p.detach() for p in net.parameters()], 0.02)

    time_epochs(epochs, batches.steps, step, batches.shuffle)


def main():
    train(HardSharing, default_epochs=5)


if __name__ == "__main__":
    main()
