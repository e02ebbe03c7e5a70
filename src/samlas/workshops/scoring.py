"""Scoring of workshop ballots: pure functions without Django, so that every rule can be
checked by hand and by property tests, and reused by exports and benchmarks alike.

Rules (also in docs/workshops.md):

- **Ranking → Borda count.** With n proposals on the question, rank r earns n - r points
  (1st: n - 1, last: 0). A ballot may rank only some proposals (a partial ranking): the
  proposals it ranks earn n - r, the ones it leaves out earn 0, the same as last place, so
  ranking fewer proposals never weakens the ones you did rank. A rank beyond n (a proposal
  was withdrawn after the vote) earns 0.
- **Dot voting → the sum of the points** each proposal received.
- **Simple choice → the number of ballots** that chose the proposal.

Ties on the score are broken deterministically, in this order:

1. more *first places*: ballots that ranked it 1st (ranking), gave it their largest number
   of points (dot voting; a shared largest number counts for each), or chose it (choice);
2. more *votes*: ballots that ranked it at all, gave it any points, or chose it;
3. the proposal's order on the question (the earlier one first).
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Method(StrEnum):
    RANKING = "ranking"
    DOTS = "dots"
    CHOICE = "choice"


@dataclass(frozen=True)
class BallotInput:
    """One ballot: proposal → rank (ranking), points (dot voting) or 1 (choice)."""

    values: Mapping[Hashable, int]
    group: Hashable | None = None


@dataclass(frozen=True)
class Score:
    proposal: Hashable
    place: int
    score: int
    votes: int
    first_places: int
    tied: bool
    """Shares its score with another proposal: its place was decided by the tie-break."""


@dataclass(frozen=True)
class GroupedResults:
    overall: list[Score]
    ballots: int
    groups: dict[Hashable, list[Score]] = field(default_factory=dict)
    group_ballots: dict[Hashable, int] = field(default_factory=dict)


def _ballot_points(
    method: Method, values: Mapping[Hashable, int], n: int
) -> dict[Hashable, tuple[int, bool]]:
    """Points and "first place" per proposal on one ballot (values already filtered)."""
    if method == Method.RANKING:
        return {p: (max(0, n - rank), rank == 1) for p, rank in values.items() if rank >= 1}
    if method == Method.DOTS:
        given = {p: points for p, points in values.items() if points >= 1}
        most = max(given.values(), default=0)
        return {p: (points, points == most) for p, points in given.items()}
    return {p: (1, True) for p, value in values.items() if value >= 1}


def score_ballots(
    method: Method | str, proposals: Sequence[Hashable], ballots: Iterable[Mapping[Hashable, int]]
) -> list[Score]:
    """Every proposal with its score and place, best first, ties broken as documented."""
    method = Method(method)
    order = {proposal: index for index, proposal in enumerate(proposals)}
    n = len(order)
    score = dict.fromkeys(order, 0)
    votes = dict.fromkeys(order, 0)
    firsts = dict.fromkeys(order, 0)
    for values in ballots:
        known = {p: v for p, v in values.items() if p in order}
        for proposal, (points, first) in _ballot_points(method, known, n).items():
            score[proposal] += points
            votes[proposal] += 1
            firsts[proposal] += first
    ranked = sorted(order, key=lambda p: (-score[p], -firsts[p], -votes[p], order[p]))
    same_score = Counter(score.values())
    return [
        Score(
            proposal=p,
            place=place,
            score=score[p],
            votes=votes[p],
            first_places=firsts[p],
            tied=same_score[score[p]] > 1,
        )
        for place, p in enumerate(ranked, start=1)
    ]


def results_by_group(
    method: Method | str,
    proposals: Sequence[Hashable],
    ballots: Sequence[BallotInput],
    groups: Sequence[Hashable] = (),
) -> GroupedResults:
    """Overall results and, for each group (in the given order), the group's own results.

    A ballot whose group is not listed (no group, or a group since removed) counts overall only.
    """
    per_group: dict[Hashable, list[Mapping[Hashable, int]]] = {group: [] for group in groups}
    for ballot in ballots:
        if ballot.group in per_group:
            per_group[ballot.group].append(ballot.values)
    return GroupedResults(
        overall=score_ballots(method, proposals, (b.values for b in ballots)),
        ballots=len(ballots),
        groups={g: score_ballots(method, proposals, values) for g, values in per_group.items()},
        group_ballots={g: len(values) for g, values in per_group.items()},
    )


def top(scores: Sequence[Score], k: int = 3) -> list[Score]:
    """The k best proposals that earned anything: a proposal nobody supported is no priority."""
    return [s for s in scores if s.score > 0][:k]
