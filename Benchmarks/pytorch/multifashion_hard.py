"""PyTorch reference for `workbench bench train mtl.multifashion`: the same model, batch,
optimizer and thread count, timed the same way (seconds per epoch of training steps).

The model is the workbench default for `model=hard`: shared LeNet convolutions, then per task
the item's 4x4 window of the 20x5x5 map -> fc 320->40 -> relu -> fc 40->10 (32,340 parameters),
Adam 0.006 on 10,000 images of 36x36, batch 256. As in the workbench, a moving average of the
weights (decay 0.98) is updated after every step for evaluation.

The step is the workbench's multi-task step (`SharedStep`), not a plain summed loss: each task's
loss is backpropagated through its own layers from a detached copy of the shared map, giving its
gradient on the map; the conflict meter then takes each task's gradient on the second
convolution's weights over the first 64 images of the batch (the layer run again on them with a
copy of its weights) and their cosine; and the trunk is backpropagated once with the sum of the
tasks' map gradients (uniform weighting). Both sides thus do the same work per step.

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

    def trunk(self, x):
        """The pooled first layer (the second convolution's input) and the shared map."""
        first = F.relu(F.max_pool2d(self.conv1(x), 2))
        return first, F.relu(F.max_pool2d(self.conv2(first), 2))

    def task(self, k, shared):
        """Task k's logits from its item's 4x4 window of the shared map."""
        window = shared[:, :, k:k + 4, k:k + 4].flatten(1)
        return self.heads[k](F.relu(self.hidden[k](window)))


METER_IMAGES = 64


def shared_step(net, x, labels):
    """One step's gradients as the workbench's SharedStep takes them (uniform weighting); returns
    the conflict meter's cosine."""
    first, shared = net.trunk(x)
    leaf = shared.detach().requires_grad_()
    map_gradients = []
    for k in range(2):
        F.cross_entropy(net.task(k, leaf), labels[k]).backward()  # the task's layers accumulate
        map_gradients.append(leaf.grad)
        leaf.grad = None
    sample = first[:METER_IMAGES].detach()
    layer_gradients = []
    for g in map_gradients:
        w = net.conv2.weight.detach().clone().requires_grad_()
        b = net.conv2.bias.detach().clone().requires_grad_()
        out = F.relu(F.max_pool2d(F.conv2d(sample, w, b), 2))
        gw, gb = torch.autograd.grad(out, [w, b], grad_outputs=g[:METER_IMAGES])
        layer_gradients.append(torch.cat([gw.flatten(), gb]))
    cosine = F.cosine_similarity(layer_gradients[0], layer_gradients[1], dim=0)
    shared.backward(map_gradients[0] + map_gradients[1])
    return cosine


def train(make_net, default_epochs, step_gradients=None):
    """Times the network `make_net()` builds as the workbench trains MultiFashion: by default a
    network that returns the two tasks' logits, trained on their summed loss (the separate
    columns of `single` and `cross-stitch`, whose reference uses this too); or, with
    `step_gradients(net, x, labels)`, a network whose step computes its own gradients."""
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
        optimizer.zero_grad()
        if step_gradients:
            step_gradients(net, images[rows], labels[:, rows])
        else:
            left, right = net(images[rows])
            loss = F.cross_entropy(left, labels[0, rows]) + F.cross_entropy(right, labels[1, rows])
            loss.backward()
        optimizer.step()
        with torch.no_grad():
            torch._foreach_lerp_(averages, [p.detach() for p in net.parameters()], 0.02)

    time_epochs(epochs, batches.steps, step, batches.shuffle)


def main():
    train(HardSharing, default_epochs=5, step_gradients=shared_step)


if __name__ == "__main__":
    main()
