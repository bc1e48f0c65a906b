"""PyTorch reference for `workbench bench train rec.deepfm`, `rec.nfm` and `rec.wide-deep`
(MovieLens 100K as click-through data; defaults: batch 256, Adam 1e-3 with L2 1e-6 added to
the gradients, embeddings of 16).

Inputs: six single-valued fields (user, item, age bucket, gender, occupation, decade: 943, 1,682,
7, 2, 21 and 9 values) and the item's genres (19 values, one to three per item here), laid end to
end in one index of 2,683 features (the libFM / DeepFM format). With w the first-order weights and
v_f the field embeddings (the genres field: the mean of its genres' embeddings):

- wide-deep: z = w0 + sum w_i x_i + MLP(concat v_f)          (MLP 112 -> 128 -> 128 -> 1, dropout 0.2)
- deepfm:    z = that + sum_{f<g} <v_f, v_g>                  (the FM term, same embeddings)
- nfm:       z = w0 + sum w_i x_i + MLP(f_BI), f_BI = 1/2 ((sum_f v_f)^2 - sum_f v_f^2)
                                                              (dropout 0.3, MLP 16 -> 64 -> 1, dropout 0.3)

Usage: python3 ctr.py [deepfm|nfm|wide-deep] [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference import Batches, arguments, report_parameters, setup, time_epochs

FIELD_SIZES = [943, 1682, 7, 2, 21, 9]
GENRES = 19
TRAIN = 90_000


class MLP(nn.Module):
    """Linear, ReLU, dropout repeated; the last layer linear (the workbench's NeuralNet.MLP)."""

    def __init__(self, sizes, dropout):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])
        self.dropout = dropout

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = F.dropout(F.relu(layer(x)), self.dropout, self.training)
        return self.layers[-1](x)


class CTRModel(nn.Module):
    def __init__(self, kind, features, dimension=16):
        super().__init__()
        self.kind = kind
        self.first_order = nn.Parameter(torch.zeros(features, 1))
        self.bias = nn.Parameter(torch.zeros(1))
        self.embeddings = nn.Parameter(torch.randn(features, dimension) * 0.01)
        if kind == "nfm":
            self.deep, self.dropout = MLP([dimension, 64, 1], 0.3), 0.3
        else:
            self.deep, self.dropout = MLP([7 * dimension, 128, 128, 1], 0.2), 0.2

    @staticmethod
    def bi_interaction(v):
        # 1/2 ((sum_f v_f)^2 - sum_f v_f^2): sum_{f<g} v_f * v_g, [n, k]
        return 0.5 * (v.sum(1).square() - v.square().sum(1))

    def forward(self, singles, genres, offsets):
        n = singles.shape[0]
        linear = (self.first_order[singles].view(n, 6).sum(1)
                  + F.embedding_bag(genres, self.first_order, offsets, mode="sum").view(n) + self.bias)
        fields = torch.cat([self.embeddings[singles],
                            F.embedding_bag(genres, self.embeddings, offsets, mode="mean").unsqueeze(1)], 1)
        if self.kind == "nfm":
            pooled = F.dropout(self.bi_interaction(fields), self.dropout, self.training)
            return linear + self.deep(pooled).view(n)
        logits = linear + self.deep(fields.flatten(1)).view(n)
        if self.kind == "deepfm":
            logits = logits + self.bi_interaction(fields).sum(1)
        return logits


def main():
    kind, epochs = arguments(["deepfm", "nfm", "wide-deep"])
    setup()
    offsets = torch.tensor([0] + FIELD_SIZES).cumsum(0)
    features = int(offsets[-1]) + GENRES
    model = CTRModel(kind, features)
    report_parameters(model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-6)
    singles = torch.stack([offsets[f] + torch.randint(0, size, (TRAIN,)) for f, size in enumerate(FIELD_SIZES)], 1)
    item_genres = [offsets[-1] + torch.randperm(GENRES)[:int(torch.randint(1, 4, ()))] for _ in range(FIELD_SIZES[1])]
    items = singles[:, 1] - offsets[1]
    labels = torch.randint(0, 2, (TRAIN,)).float()
    batches = Batches(TRAIN, 256)

    def step(i):
        rows = batches[i]
        bags = [item_genres[item] for item in items[rows].tolist()]
        genres = torch.cat(bags)
        bag_offsets = torch.tensor([0] + [len(bag) for bag in bags[:-1]]).cumsum(0)
        loss = F.binary_cross_entropy_with_logits(model(singles[rows], genres, bag_offsets), labels[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    model.train()
    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
