"""MovieLens 100K for the PyTorch references, read and split the way the workbench does
(`RatingData`, `SessionData`, `WatchHistories`): dense ids in order of first appearance, each
user's ratings in time order with ties in file order."""
import collections
import os


def folder():
    """The dataset cache's MovieLens folder (`WORKBENCH_DATA`, default data/cache)."""
    root = os.environ.get("WORKBENCH_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "data", "cache"))
    return os.path.join(root, "movielens-100k")


def ratings():
    """(user, item, timestamp, row) in file order, with dense ids: the rank of the MovieLens id
    among the ids (`DenseIndex`)."""
    raw = []
    with open(os.path.join(folder(), "ml-100k.inter")) as lines:
        next(lines)
        for row, line in enumerate(lines):
            user, item, _, time = line.rstrip("\n").split("\t")
            raw.append((int(user), int(item), int(float(time)), row))
    users = {u: i for i, u in enumerate(sorted({r[0] for r in raw}))}
    items = {t: i for i, t in enumerate(sorted({r[1] for r in raw}))}
    return [(users[u], items[t], time, row) for u, t, time, row in raw], len(users), len(items)


def by_user(rows, user_count):
    ordered = [[] for _ in range(user_count)]
    for user, item, time, row in rows:
        ordered[user].append((time, row, item))
    for events in ordered:
        events.sort()
    return ordered


def sessions(gap_seconds=3600, test_share=0.1):
    """Training and test sessions (lists of items), as `SessionData`."""
    rows, user_count, item_count = ratings()
    found = []
    for events in by_user(rows, user_count):
        current = []
        for position, event in enumerate(events):
            if position > 0 and event[0] - events[position - 1][0] > gap_seconds:
                found.append(current)
                current = []
            current.append(event)
        if current:
            found.append(current)
    found = sorted((s for s in found if len(s) >= 2), key=lambda s: (s[0][0], s[0][1]))
    cut = len(found) - round(len(found) * test_share)
    train = [[e[2] for e in s] for s in found[:cut]]
    seen = {i for s in train for i in s}
    test = [t for t in ([i for i in (e[2] for e in s) if i in seen] for s in found[cut:]) if len(t) >= 2]
    return train, test, item_count


def watch_histories(held_out=10):
    """Per user: training items, their times and the held-out later items, as `WatchHistories`."""
    rows, user_count, item_count = ratings()
    history, times, later = [], [], []
    for events in by_user(rows, user_count):
        split = max(len(events) - held_out, min(1, len(events)))
        history.append([e[2] for e in events[:split]])
        times.append([e[0] for e in events[:split]])
        later.append([e[2] for e in events[split:]])
    return history, times, later, item_count


def users():
    """Per dense user id: occupation index (sorted names), [age / 100, gender (0 F, 1 M)]; and the
    number of occupations (as `RatingData`)."""
    table = {}
    with open(os.path.join(folder(), "ml-100k.user")) as lines:
        next(lines)
        for line in lines:
            user, age, gender, occupation, _ = line.rstrip("\n").split("\t")
            table[user] = (int(age), gender, occupation)
    names = sorted({value[2] for value in table.values()})
    ids = sorted(table, key=int)
    occupation, features = [0] * len(ids), [None] * len(ids)
    for user, raw in enumerate(ids):
        age, gender, job = table[raw]
        occupation[user] = names.index(job)
        features[user] = [age / 100, 0.0 if gender == "F" else 1.0]
    return occupation, features, len(names)
