"""PyTorch reference for `workbench bench train mtl.multifashion`: the same model, batch,
optimizer and thread count, timed the same way (seconds per epoch of training steps).

The model is the workbench default for `model=hard`: shared LeNet convolutions, then per task
the item's 4x4 window of the 20x5x5 map -> fc 320->40 -> relu -> fc 40->10 (32,340 parameters).
Timing does not depend on pixel values, so the inputs are random; the project does not install
PyTorch. Usage: python3 multifashion_hard.py [epochs]
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(1)


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


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    net = HardSharing()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.006)
    print("parameters", sum(p.numel() for p in net.parameters()))
    images = torch.rand(10_000, 1, 36, 36)
    labels = torch.randint(0, 10, (2, 10_000))
    times = []
    for epoch in range(epochs):
        order = torch.randperm(10_000)
        start = time.perf_counter()
        for i in range(0, 10_000, 256):
            batch = order[i:i + 256]
            left, right = net(images[batch])
            loss = F.cross_entropy(left, labels[0, batch]) + F.cross_entropy(right, labels[1, batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
        print("epoch %d %.3f s" % (epoch + 1, times[-1]))
    if len(times) > 1:
        print("first epoch %.3f s; mean of the rest %.3f s per epoch" % (times[0], sum(times[1:]) / len(times[1:])))


if __name__ == "__main__":
    main()
