"""PyTorch reference for `workbench bench train rnn.rae` and `rnn.rae-sentiment` (Socher et al.
2011; defaults: 50-dimensional vectors, a vocabulary of 6,995 words, batches of 32 sentences,
Adagrad with L2 1e-5, weights averaged after every step with decay 0.99).

Greedy trees, built for a whole batch at once as the workbench builds them: every round scores
the new candidate pairs of all sentences with two matrix products, then each sentence merges its
pair with the lowest reconstruction error. For a candidate with children c1, c2 (n1, n2 words):

    p = tanh(W [c1; c2] + b) / |.|      [c1'; c2'] = Wr p + br
    E = n1/(n1+n2) |c1 - c1'|^2 + n2/(n1+n2) |c2 - c2'|^2

autograd differentiates the mean E over the chosen merges (and, for rae-sentiment, the mean
cross-entropy of softmax(Wc p + bc) at every node, weighted 0.8 against 0.2 for E).

- rae: 8,600 sentences (3,600 polarity, 5,000 WordNet examples) per epoch, Adagrad 0.05, the
  word vectors fixed.
- rae-sentiment: the 3,600 labelled sentences per epoch, Adagrad 0.02; after each labelled batch
  one batch of WordNet examples (reconstruction only); the word vectors learn and the used ones
  are put back on the unit sphere after each step.

Sentence lengths follow the data: polarity about 21 +- 9 words, WordNet examples 6 +- 3.

Usage: python3 recursive_autoencoder.py [rae|rae-sentiment] [epochs]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference import Batches, arguments, report_parameters, setup, time_epochs

VOCABULARY, D = 6995, 50


def lengths(count, mean, deviation, longest):
    return (torch.randn(count) * deviation + mean).round().clamp(1, longest).long().tolist()


def sentences(count, mean, deviation, longest):
    return [torch.randint(0, VOCABULARY, (n,)).tolist() for n in lengths(count, mean, deviation, longest)]


class RecursiveAutoencoder(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.words = nn.Parameter(F.normalize(torch.randn(VOCABULARY, D), dim=1))
        self.encoder, self.decoder = nn.Linear(2 * D, D), nn.Linear(D, 2 * D)
        self.classifier = nn.Linear(D, classes) if classes else None

    def compose(self, left, right, counts):
        """p and E for candidates with children vectors `left`, `right` and word counts `counts` (n1, n)."""
        x = torch.cat([left, right], 1)
        h = torch.tanh(self.encoder(x))
        p = h / h.norm(dim=1, keepdim=True).clamp_min(1e-6)
        r = self.decoder(p)
        weight = counts[:, 0] / counts[:, 1]
        e = weight * (x[:, :D] - r[:, :D]).square().sum(1) + (1 - weight) * (x[:, D:] - r[:, D:]).square().sum(1)
        return p, e

    def build(self, batch):
        """Greedy trees without a graph: per sentence its merged nodes in merge order, each node's
        children and word count. Nodes are numbered leaves first (batch order), then candidates
        as they are made."""
        leaf_ids = [word for sentence in batch for word in sentence]
        capacity = len(leaf_ids) + 3 * sum(len(sentence) for sentence in batch)
        vectors = torch.empty(capacity, D)
        vectors[:len(leaf_ids)] = self.words[torch.tensor(leaf_ids)]
        counts, children, errors = [1] * len(leaf_ids), {}, {}
        active, candidates, merges, pending = [], [], [], []

        def add_candidate(a, b):
            node = len(counts)
            pending.append(node)
            children[node] = (a, b)
            counts.append(counts[a] + counts[b])
            return node

        start = 0
        for sentence in batch:
            nodes = list(range(start, start + len(sentence)))
            start += len(sentence)
            active.append(nodes)
            candidates.append([add_candidate(a, b) for a, b in zip(nodes, nodes[1:])])
            merges.append([])
        while pending:
            left, right = zip(*(children[node] for node in pending))
            counted = torch.tensor([[counts[a], counts[node]] for a, node in zip(left, pending)], dtype=torch.float32)
            p, e = self.compose(vectors[torch.tensor(left)], vectors[torch.tensor(right)], counted)
            vectors[pending[0]:pending[-1] + 1] = p
            errors.update(zip(pending, e.tolist()))
            pending.clear()
            for s in range(len(batch)):
                if len(active[s]) < 2:
                    continue
                scores = [errors[c] for c in candidates[s]]
                i = scores.index(min(scores))
                parent = candidates[s].pop(i)
                merges[s].append(parent)
                active[s][i] = parent
                del active[s][i + 1]
                if len(active[s]) > 1:
                    if i > 0:
                        candidates[s][i - 1] = add_candidate(active[s][i - 1], parent)
                    if i < len(active[s]) - 1:
                        candidates[s][i] = add_candidate(parent, active[s][i + 1])
        return merges, children, counts

    def loss(self, batch, labels, alpha):
        """The chosen trees again, with a graph: merge k of every sentence in round k (its
        children are leaves or earlier merges), then the mean E over merges (and the node
        cross-entropy with labels)."""
        with torch.no_grad():
            merges, children, counts = self.build(batch)
        leaf_count = sum(len(sentence) for sentence in batch)
        blocks, error_blocks = [self.words[torch.tensor([word for sentence in batch for word in sentence])]], []
        row = {node: node for node in range(leaf_count)}   # node -> row of torch.cat(blocks)
        for round_ in range(max((len(nodes) for nodes in merges), default=0)):
            parents = [nodes[round_] for nodes in merges if len(nodes) > round_]
            table = torch.cat(blocks) if len(blocks) > 1 else blocks[0]
            left = torch.tensor([row[children[node][0]] for node in parents])
            right = torch.tensor([row[children[node][1]] for node in parents])
            counted = torch.tensor([[counts[children[node][0]], counts[node]] for node in parents], dtype=torch.float32)
            p, e = self.compose(table[left], table[right], counted)
            for k, node in enumerate(parents):
                row[node] = len(table) + k
            blocks.append(p)
            error_blocks.append(e)
        reconstruction = torch.cat(error_blocks).mean()
        if labels is None or self.classifier is None:
            return reconstruction
        nodes, node_labels, start = [], [], 0
        for sentence, merged, label in zip(batch, merges, labels):
            nodes += list(range(start, start + len(sentence))) + [row[node] for node in merged]
            node_labels += [label] * (len(sentence) + len(merged))
            start += len(sentence)
        logits = self.classifier(torch.cat(blocks)[torch.tensor(nodes)])
        return alpha * reconstruction + (1 - alpha) * F.cross_entropy(logits, torch.tensor(node_labels))


def main():
    variant, epochs = arguments(["rae", "rae-sentiment"])
    setup()
    semi = variant == "rae-sentiment"
    model = RecursiveAutoencoder(2 if semi else 0)
    report_parameters(model.parameters())
    model.words.requires_grad_(semi)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adagrad(trained, lr=0.02 if semi else 0.05, weight_decay=1e-5)
    averages = [p.detach().clone() for p in model.parameters()]
    polarity, wordnet = sentences(3600, 21, 9.3, 59), sentences(5000, 6.3, 3.4, 38)
    labels = torch.randint(0, 2, (3600,)).tolist()
    pool = polarity if semi else polarity + wordnet
    batches, extra = Batches(len(pool), 32), Batches(len(wordnet), 32)

    def update(batch, batch_labels, alpha):
        loss = model.loss(batch, batch_labels, alpha)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            if semi:
                used = torch.tensor(sorted({word for sentence in batch for word in sentence}))
                model.words[used] = F.normalize(model.words[used], dim=1)
            torch._foreach_lerp_(averages, [p.detach() for p in model.parameters()], 0.01)

    def step(i):
        rows = batches[i].tolist()
        if not semi:
            update([pool[row] for row in rows], None, 1.0)
            return
        update([pool[row] for row in rows], [labels[row] for row in rows], 0.2)
        update([wordnet[row] for row in extra[i % extra.steps].tolist()], None, 1.0)

    time_epochs(epochs, batches.steps, step, batches.shuffle)


if __name__ == "__main__":
    main()
