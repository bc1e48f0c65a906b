"""PyTorch reference for `workbench bench train mtl.adult` (MMoE, Ma et al. 2018, on UCI Adult;
defaults: 8 experts of 16 units, batch 256, Adam 2e-3, 32,561 training records).

    f_e(x) = relu(x W_e + b_e)      all experts as one layer x [N, 98] -> [N, 8 * 16]
    g_k(x) = softmax(x W_gk + c_k)  one gate per task, [N, 8]
    m_k(x) = sum_e g_k(x)_e f_e(x)  [N, 16]
    logit_k = tower_k(m_k)          relu(m W1 + b1) W2 + b2, 8 hidden units

The loss is the sum of the two tasks' binary cross-entropies. 98 features: six standardised
numbers and the one-hot codes of the categorical columns other than marital status.

Usage: python3 adult_mmoe.py [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference import Batches, arguments, report_parameters, setup, time_epochs

FEATURES, EXPERTS, UNITS, RECORDS = 98, 8, 16, 32_561


class MMoE(nn.Module):
    def __init__(self):
        super().__init__()
        self.experts = nn.Linear(FEATURES, EXPERTS * UNITS)
        self.gates = nn.ModuleList([nn.Linear(FEATURES, EXPERTS) for _ in range(2)])
        self.towers = nn.ModuleList([nn.Sequential(nn.Linear(UNITS, 8), nn.ReLU(), nn.Linear(8, 1)) for _ in range(2)])

    def forward(self, x):
        experts = F.relu(self.experts(x)).view(-1, EXPERTS, UNITS)
        outputs = []
        for gate, tower in zip(self.gates, self.towers):
            mixture = (F.softmax(gate(x), 1).unsqueeze(2) * experts).sum(1)
            outputs.append(tower(mixture).view(-1))
        return outputs


def main():
    _, epochs = arguments()
    setup()
    model = MMoE()
    report_parameters(model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    features = torch.randn(RECORDS, FEATURES)
    labels = torch.randint(0, 2, (2, RECORDS)).float()
    batches = Batches(RECORDS, 256)

    def step(i):
        rows = batches[i]
        income, never_married = model(features[rows])
        loss = (F.binary_cross_entropy_with_logits(income, labels[0, rows])
                + F.binary_cross_entropy_with_logits(never_married, labels[1, rows]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
