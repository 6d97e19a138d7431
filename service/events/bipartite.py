"""Two exact tools on bipartite owner–supplier graphs, used by the meeting solver.

* `heaviest_bounded_subgraph`: the heaviest edge set with every degree ≤ d and at most n edges,
  as a network-flow LP (integral because its matrix is totally unimodular).
* `colour_balanced`: a proper edge colouring with Δ colours (König), balanced so colour classes
  differ in size by at most one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

_INTEGRAL_TOLERANCE = 1e-6


def heaviest_bounded_subgraph(
    owner_of: np.ndarray,
    supplier_of: np.ndarray,
    weight: np.ndarray,
    *,
    degree: int,
    total: int,
) -> tuple[list[int], float]:
    """The heaviest set of edges with every degree ≤ ``degree`` and at most ``total`` edges.

    A network-flow LP (source → owner ≤ degree → supplier ≤ degree → sink, the source arc ≤ total):
    its matrix is totally unimodular, so the simplex optimum is integral. Returns the chosen edge
    positions and the optimum value.
    """
    n = len(weight)
    if n == 0:
        return [], 0.0
    owners = int(owner_of.max()) + 1
    suppliers = int(supplier_of.max()) + 1
    rows = np.concatenate([owner_of, owners + supplier_of, np.full(n, owners + suppliers)])
    columns = np.tile(np.arange(n), 3)
    matrix = csr_matrix((np.ones(3 * n), (rows, columns)), shape=(owners + suppliers + 1, n))
    limits = np.concatenate([np.full(owners + suppliers, degree), [total]]).astype(float)
    result = linprog(
        -weight, A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs-ds", options={}
    )
    if result.status != 0:
        raise RuntimeError(f"流模型求解失败：{result.message}")
    x = result.x
    if np.any(np.minimum(x, 1 - x) > _INTEGRAL_TOLERANCE):  # not a vertex: never seen; be exact
        exact = milp(
            -weight,
            constraints=LinearConstraint(matrix, -np.inf, limits),
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
        )
        if exact.x is None:
            raise RuntimeError(f"流模型求解失败：{exact.message}")
        x = exact.x
    chosen = [int(j) for j in np.flatnonzero(x > 0.5)]
    return chosen, float(weight[chosen].sum())


def colour_balanced(edges: Sequence[tuple[int, int]], colours: int) -> list[int]:
    """A proper edge colouring, with ``colours`` colours, of a bipartite graph given by its edges.

    Requires every owner and supplier degree ≤ ``colours`` (König). Colour classes are then
    balanced to sizes that differ by at most one. Returns one colour (0-based) per edge.
    """
    colouring = _Colouring(colours)
    for edge, (owner, supplier) in enumerate(edges):
        colouring.add(edge, owner, supplier)
    colouring.balance()
    return colouring.colour_list(len(edges))


class _Colouring:
    """Bipartite edge colouring by alternating-path (Kempe chain) recolouring."""

    def __init__(self, colours: int) -> None:
        self.colours = colours
        # at[("o", owner)][colour] = edge; at[("s", supplier)][colour] = edge
        self.at: dict[tuple[str, int], dict[int, int]] = {}
        self.ends: dict[int, tuple[tuple[str, int], tuple[str, int]]] = {}
        self.colour_of: dict[int, int] = {}

    def _free(self, node: tuple[str, int]) -> int:
        used = self.at.setdefault(node, {})
        free = next((c for c in range(self.colours) if c not in used), None)
        if free is None:
            raise ValueError("度数超过颜色数，无法着色")
        return free

    def _set(self, edge: int, colour: int) -> None:
        for node in self.ends[edge]:
            self.at[node][colour] = edge
        self.colour_of[edge] = colour

    def _unset(self, edge: int) -> None:
        colour = self.colour_of.pop(edge)
        for node in self.ends[edge]:
            del self.at[node][colour]

    def _chain(self, start: tuple[str, int], first: int, second: int) -> list[int]:
        """The path from ``start`` whose edges alternate colours first, second, first, ..."""
        path, node, colour = [], start, first
        while colour in self.at.get(node, {}):
            edge = self.at[node][colour]
            path.append(edge)
            a, b = self.ends[edge]
            node = b if a == node else a
            colour = second if colour == first else first
        return path

    def _swap(self, path: Sequence[int], a: int, b: int) -> None:
        old = [(edge, self.colour_of[edge]) for edge in path]
        for edge, _ in old:
            self._unset(edge)
        for edge, colour in old:
            self._set(edge, b if colour == a else a)

    def add(self, edge: int, owner: int, supplier: int) -> None:
        u, v = ("o", owner), ("s", supplier)
        self.ends[edge] = (u, v)
        a, b = self._free(u), self._free(v)
        if a in self.at[v]:
            # flip the a/b chain from v: it cannot reach u (u has no a-edge), and frees a at v
            self._swap(self._chain(v, a, b), a, b)
        self._set(edge, a)

    def balance(self) -> None:
        """Move edges from the largest colour class to the smallest until sizes differ by ≤ 1."""
        while True:
            sizes = [0] * self.colours
            for colour in self.colour_of.values():
                sizes[colour] += 1
            big = max(range(self.colours), key=sizes.__getitem__)
            small = min(range(self.colours), key=sizes.__getitem__)
            if sizes[big] - sizes[small] <= 1:
                return
            self._swap(self._longer_chain(big, small), big, small)

    def _longer_chain(self, big: int, small: int) -> list[int]:
        """A big/small path with one more big edge than small ones (exists as |big| > |small|)."""
        for edge, colour in self.colour_of.items():
            if colour != big:
                continue
            u, v = self.ends[edge]
            if small in self.at[u] and small in self.at[v]:
                continue  # inside the chain, not an end
            end = v if small in self.at[u] else u
            path = self._chain(end, big, small)
            if self.colour_of[path[-1]] == big:
                return path
        raise RuntimeError("找不到可交换的交替路径")

    def colour_list(self, count: int) -> list[int]:
        return [self.colour_of[edge] for edge in range(count)]
