"""PyTorch reference for `workbench bench train rec.biased-mf` (Koren et al. 2009 on MovieLens
100K; defaults: 50 factors, SGD 0.015, L2 0.08, 10,000 ratings per step, 90,000 per epoch).

The same SGD as Surprise's SVD, one update per rating in the given order:

    e = r - (mu + b_u + b_i + p_u . q_i)
    b_u += lr (e - reg b_u)   b_i += lr (e - reg b_i)
    p_u += lr (e q_i - reg p_u)   q_i += lr (e p_u - reg q_i)

There is no minibatch form of this algorithm, so PyTorch runs one small op per term and rating;
the loop is compiled with TorchScript (the fastest way PyTorch offers to run it).

Usage: python3 biased_mf.py [epochs]
"""
from typing import List

import torch

from reference import Batches, arguments, report_parameters, setup, time_epochs

USERS, ITEMS, FACTORS, RATINGS = 943, 1682, 50, 90_000


@torch.jit.script
def sgd(rows: torch.Tensor, users: torch.Tensor, items: torch.Tensor, ratings: torch.Tensor, mean: float,
        user_bias: torch.Tensor, item_bias: torch.Tensor, p: torch.Tensor, q: torch.Tensor,
        rate: float, regularization: float) -> float:
    squared = 0.0
    order: List[int] = rows.tolist()
    for row in order:
        u, i = int(users[row]), int(items[row])
        pu, qi = p[u], q[i]
        error = float(ratings[row]) - (mean + float(user_bias[u]) + float(item_bias[i]) + float(torch.dot(pu, qi)))
        squared += error * error
        user_bias[u] += rate * (error - regularization * user_bias[u])
        item_bias[i] += rate * (error - regularization * item_bias[i])
        old_pu = pu.clone()
        pu.add_(rate * (error * qi - regularization * pu))
        qi.add_(rate * (error * old_pu - regularization * qi))
    return squared / max(rows.numel(), 1)


def main():
    _, epochs = arguments()
    setup()
    user_bias, item_bias = torch.zeros(USERS), torch.zeros(ITEMS)
    p, q = torch.randn(USERS, FACTORS) * 0.05, torch.randn(ITEMS, FACTORS) * 0.05
    report_parameters([user_bias, item_bias, p, q])
    users, items = torch.randint(0, USERS, (RATINGS,)), torch.randint(0, ITEMS, (RATINGS,))
    ratings = torch.randint(1, 6, (RATINGS,)).float()
    batches = Batches(RATINGS, 10_000)

    def step(i):
        with torch.no_grad():
            sgd(batches[i], users, items, ratings, 3.53, user_bias, item_bias, p, q, 0.015, 0.08)

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
