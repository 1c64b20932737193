"""One sample's graph laid out for a batch: ``compile(..., batch=n)``.

A model that computes each sample's output from that sample alone (a dense network, one
sample at a time) builds, for a batch of ``n`` samples, ``n`` copies of one graph that
differ only in the leaves fed with the sample's numbers; the parameters are the same
leaves in every copy. Recording all ``n`` copies and laying them out costs ``n`` times what
one costs, and the layout comes out the same each time. :func:`tile` makes the batch's
layout from one sample's instead, with array arithmetic: each group of one sample's nodes
becomes a group of ``n`` times as many, sample after sample, and each operand's slot moves
with its sample (an input, or a node), or stays (a leaf every sample shares). The groups
are those the whole batch's graph would have, so the kernels replay the batch as they
would replay its graph.

Slots of the batch's layout: the samples' inputs, sample after sample; then the shared
inputs (fed once for the whole batch, like PyTorch's ``vmap`` with ``in_dims=None``); then
the other leaves; then the groups' nodes in level order.
"""

from __future__ import annotations

from autograd.replay.plan import Group, Layout


def tile(layout: Layout, batch: int, per_sample: int) -> Layout:
    """The layout of ``batch`` copies of ``layout``'s graph (one sample's), whose first ``per_sample``
    inputs take each sample's numbers and whose other leaves are shared by every sample.

    The nodes and leaves of the result repeat the sample's Values (sample 0's stand for every
    sample's): what names a node in an error message, or a leaf's label."""
    import numpy as np

    m, n = per_sample, batch
    fed = layout.n_inputs
    leaves = len(layout.leaves)
    base = np.empty(layout.size, dtype=np.intp)  # a slot's place for sample 0 ...
    stride = np.zeros(layout.size, dtype=np.intp)  # ... and how far it moves per sample
    base[:m], stride[:m] = np.arange(m), m
    base[m:leaves] = n * m + np.arange(leaves - m)
    size = n * m + leaves - m
    groups = []
    for group in layout.groups:
        count = len(group.nodes)
        base[group.start:group.stop], stride[group.start:group.stop] = size + np.arange(count), count
        tiled = Group(group.kind, group.op, group.k, group.level, group.nodes * n, chains=group.chains * n,
                      start=size)
        tiled.operands = _moved(group.operands, base, stride, n)
        groups.append(tiled)
        size += n * count
    outputs = _moved(np.asarray(layout.outputs, dtype=np.intp), base, stride, n).tolist()
    values = layout.leaves[:m] * n + layout.leaves[m:]
    numbers = layout.numbers[:m] * n + layout.numbers[m:]
    return Layout(values, n * m + fed - m, groups, outputs, size, layout.order, numbers)


def _moved(slots, base, stride, n: int):
    """``slots`` (one sample's, any shape) for each of ``n`` samples, sample after sample, along the
    first axis: ``base + sample * stride``."""
    import numpy as np

    slots = np.asarray(slots, dtype=np.intp)
    samples = np.arange(n, dtype=np.intp).reshape((n,) + (1,) * slots.ndim)
    moved = base[slots] + samples * stride[slots]
    return moved.reshape((n * slots.shape[0],) + slots.shape[1:])


def join(first: Layout, second: Layout, links: int) -> Layout:
    """``first``'s graph followed by ``second``'s, laid out as one: ``second``'s first ``links``
    inputs stand for ``first``'s outputs (a loss's leaves for a model's outputs on a batch), and
    any other leaf of ``second`` that is a leaf of ``first`` (a parameter both use) is that leaf.

    Slots: ``first``'s fed inputs, then ``second``'s other fed inputs, then both graphs' other
    leaves, then ``first``'s nodes and ``second``'s. The outputs are ``second``'s, then
    ``first``'s; ``second``'s groups replay after ``first``'s."""
    import numpy as np

    known = {id(v): i for i, v in reversed(list(enumerate(first.leaves)))}  # each leaf's first slot
    found = [known.get(id(v), -1) for v in second.leaves[links:]]
    own = [i for i, j in enumerate(found, links) if j < 0]
    fed = [i for i in own if i < second.n_inputs]
    others = [i for i in own if i >= second.n_inputs]
    first_leaves, second_leaves = len(first.leaves), len(second.leaves)
    leaves = first_leaves + len(own)
    here = np.arange(first.size, dtype=np.intp)  # first's slot -> the joined slot
    here[first.n_inputs:first_leaves] += len(fed)
    here[first_leaves:] += len(own)
    there = np.empty(second.size, dtype=np.intp)  # second's slot -> the joined slot
    there[:links] = here[np.asarray(first.outputs[:links], dtype=np.intp)]
    shared = np.asarray(found, dtype=np.intp)
    there[links:second_leaves] = np.where(shared < 0, -1, here[np.maximum(shared, 0)])
    there[fed] = first.n_inputs + np.arange(len(fed))
    there[others] = first_leaves + len(fed) + np.arange(len(others))
    there[second_leaves:] = leaves + first.size - first_leaves + np.arange(second.size - second_leaves)
    top = max((g.level for g in first.groups), default=0)
    groups = [_moved_group(g, here, 0) for g in first.groups]
    groups += [_moved_group(g, there, top) for g in second.groups]
    values = [*first.leaves[:first.n_inputs], *(second.leaves[i] for i in fed),
              *first.leaves[first.n_inputs:], *(second.leaves[i] for i in others)]
    numbers = [*first.numbers[:first.n_inputs], *(second.numbers[i] for i in fed),
               *first.numbers[first.n_inputs:], *(second.numbers[i] for i in others)]
    outputs = there[np.asarray(second.outputs, dtype=np.intp)].tolist() + here[first.outputs].tolist()
    size = leaves + (first.size - first_leaves) + (second.size - second_leaves)
    order = first.order + second.order
    return Layout(values, first.n_inputs + len(fed), groups, outputs, size, order, numbers)


def _moved_group(group: Group, where, levels: int) -> Group:
    """``group`` with its slots and operands' slots moved by ``where``, ``levels`` higher."""
    moved = Group(group.kind, group.op, group.k, group.level + levels, group.nodes, chains=group.chains,
                  start=int(where[group.start]))
    moved.operands = where[group.operands]
    return moved
