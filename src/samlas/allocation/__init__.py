"""Seminar seat allocation: an exact, seeded, explainable solver (see docs/allocation.md)."""

from samlas.allocation.instance import InvalidInstance
from samlas.allocation.solver import OBJECTIVE_EN, OBJECTIVE_SV, allocate

__all__ = ["OBJECTIVE_EN", "OBJECTIVE_SV", "InvalidInstance", "allocate"]
