"""Scoring rules: small cases checked by hand, then properties over random ballots."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from samlas.workshops.scoring import BallotInput, Method, results_by_group, score_ballots, top


def order(scores):
    return [s.proposal for s in scores]


def by_proposal(scores):
    return {s.proposal: s for s in scores}


# --- Hand-checked cases ------------------------------------------------------------------


def test_borda_three_full_rankings():
    # n = 3: 1st earns 2, 2nd 1, 3rd 0. A: 2+1+2 = 5, B: 1+2+0 = 3, C: 0+0+1 = 1.
    ballots = [{"A": 1, "B": 2, "C": 3}, {"B": 1, "A": 2, "C": 3}, {"A": 1, "C": 2, "B": 3}]
    scores = score_ballots("ranking", ["A", "B", "C"], ballots)
    assert [(s.proposal, s.place, s.score, s.first_places) for s in scores] == [
        ("A", 1, 5, 2),
        ("B", 2, 3, 1),
        ("C", 3, 1, 0),
    ]
    assert not any(s.tied for s in scores)


def test_borda_partial_ranking_leaves_unranked_at_zero():
    # n = 4: ranks earn 3, 2, 1, 0; what a ballot leaves out earns 0.
    scores = by_proposal(
        score_ballots("ranking", ["A", "B", "C", "D"], [{"A": 1}, {"B": 1, "C": 2}])
    )
    assert {p: s.score for p, s in scores.items()} == {"A": 3, "B": 3, "C": 2, "D": 0}
    assert (scores["A"].votes, scores["D"].votes) == (1, 0)
    # A and B tie on score and first places; each was ranked once: the earlier proposal wins.
    assert (scores["A"].place, scores["B"].place) == (1, 2)
    assert scores["A"].tied and scores["B"].tied and not scores["C"].tied


def test_borda_tie_broken_by_first_places_then_proposal_order():
    # n = 4 (3, 2, 1, 0 points): A = 3+1+0 = 4, B = 0+2+2 = 4, C = 2+3+1 = 6, D = 1+0+3 = 4.
    ballots = [
        {"A": 1, "C": 2, "D": 3, "B": 4},
        {"C": 1, "B": 2, "A": 3, "D": 4},
        {"D": 1, "B": 2, "C": 3, "A": 4},
    ]
    scores = score_ballots("ranking", ["A", "B", "C", "D"], ballots)
    # A and D have one first place each (A is listed first); B has none.
    assert order(scores) == ["C", "A", "D", "B"]
    assert [s.score for s in scores] == [6, 4, 4, 4]


def test_rank_beyond_the_number_of_proposals_and_unknown_proposals_earn_nothing():
    scores = by_proposal(score_ballots("ranking", ["A", "B"], [{"A": 3, "B": 1, "gone": 2}]))
    assert (scores["A"].score, scores["B"].score) == (0, 1)


def test_dot_voting_sums_points_and_breaks_ties_by_first_places_then_votes():
    ballots = [
        {"A": 3},  # A: 3 points, its ballot's most (a first place)
        {"B": 2, "X": 1},  # B: first place
        {"B": 1, "Y": 2},  # Y: first place
    ]
    scores = score_ballots("dots", ["A", "B", "X", "Y"], ballots)
    # A and B both have 3 points and one first place; B has two votes to A's one.
    assert [(s.proposal, s.score, s.votes) for s in scores] == [
        ("B", 3, 2),
        ("A", 3, 1),
        ("Y", 2, 1),
        ("X", 1, 1),
    ]


def test_dot_voting_shared_maximum_counts_as_first_place_for_each():
    scores = by_proposal(score_ballots("dots", ["A", "B", "C"], [{"A": 2, "B": 2, "C": 1}]))
    assert (scores["A"].first_places, scores["B"].first_places) == (1, 1)
    assert scores["C"].first_places == 0


def test_simple_choice_counts_and_ties_follow_proposal_order():
    ballots = [{"B": 1}, {"C": 1}, {"B": 1}, {"C": 1}, {"A": 1}]
    scores = score_ballots(Method.CHOICE, ["A", "B", "C"], ballots)
    assert [(s.proposal, s.score) for s in scores] == [("B", 2), ("C", 2), ("A", 1)]


def test_results_per_group_and_overall():
    ballots = [
        BallotInput({"A": 1, "B": 2}, group="g1"),
        BallotInput({"A": 1, "B": 2}, group="g1"),
        BallotInput({"B": 1, "A": 2}, group="g2"),
        BallotInput({"B": 1}, group=None),  # no group: counts overall only
    ]
    results = results_by_group("ranking", ["A", "B", "C"], ballots, ["g1", "g2", "g3"])
    assert results.ballots == 4
    assert results.group_ballots == {"g1": 2, "g2": 1, "g3": 0}
    assert order(results.groups["g1"])[:2] == ["A", "B"]
    assert order(results.groups["g2"])[:2] == ["B", "A"]
    # Overall: A = 2+2+1+0 = 5, B = 1+1+2+2 = 6.
    assert [(s.proposal, s.score) for s in results.overall] == [("B", 6), ("A", 5), ("C", 0)]
    assert top(results.groups["g3"]) == []


def test_top_three_leaves_out_proposals_nobody_supported():
    scores = score_ballots("choice", ["A", "B", "C", "D"], [{"B": 1}, {"D": 1}, {"D": 1}])
    assert order(top(scores)) == ["D", "B"]
    assert len(top(score_ballots("choice", list("ABCDE"), [{p: 1} for p in "ABCDE"]))) == 3


# --- Properties ---------------------------------------------------------------------------


@st.composite
def rankings(draw):
    n = draw(st.integers(1, 7))
    proposals = list(range(n))
    ballots = []
    for _ in range(draw(st.integers(0, 15))):
        ranked = draw(st.permutations(proposals))[: draw(st.integers(1, n))]
        ballots.append({p: rank for rank, p in enumerate(ranked, start=1)})
    return proposals, ballots


@st.composite
def dot_votes(draw):
    n = draw(st.integers(1, 7))
    budget = draw(st.integers(1, 10))
    ballots = []
    for _ in range(draw(st.integers(0, 15))):
        ballot, left = {}, budget
        for p in draw(st.permutations(range(n))):
            points = draw(st.integers(0, left))
            if points:
                ballot[p] = points
                left -= points
        ballots.append(ballot)
    return list(range(n)), ballots, budget


@st.composite
def choices(draw):
    n = draw(st.integers(1, 7))
    ballots = [{draw(st.integers(0, n - 1)): 1} for _ in range(draw(st.integers(0, 15)))]
    return list(range(n)), ballots


def assert_well_formed(scores, proposals):
    assert sorted(order(scores)) == sorted(proposals)
    assert [s.place for s in scores] == list(range(1, len(proposals) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(scores))


@settings(max_examples=100, deadline=None)
@given(rankings())
def test_borda_properties(case):
    proposals, ballots = case
    n = len(proposals)
    scores = score_ballots("ranking", proposals, ballots)
    assert_well_formed(scores, proposals)
    # Every ballot hands out n-1, n-2, … for the ranks it used.
    assert sum(s.score for s in scores) == sum(
        sum(n - r for r in ballot.values()) for ballot in ballots
    )
    assert sum(s.first_places for s in scores) == len(ballots)
    # The order of the ballots does not matter.
    assert score_ballots("ranking", proposals, list(reversed(ballots))) == scores


@settings(max_examples=100, deadline=None)
@given(st.permutations(range(6)), st.integers(1, 9))
def test_unanimous_full_ranking_is_the_result(ranking, voters):
    ballot = {p: rank for rank, p in enumerate(ranking, start=1)}
    scores = score_ballots("ranking", list(range(6)), [ballot] * voters)
    assert order(scores) == list(ranking)
    assert order(top(scores)) == list(ranking[:3])


@settings(max_examples=100, deadline=None)
@given(rankings(), st.data())
def test_raising_a_proposal_on_one_ballot_never_lowers_its_score(case, data):
    proposals, ballots = case
    ballots = [b for b in ballots if len(b) >= 2]
    if not ballots:
        return
    index = data.draw(st.integers(0, len(ballots) - 1))
    ballot = ballots[index]
    by_rank = {rank: p for p, rank in ballot.items()}
    rank = data.draw(st.integers(2, len(ballot)))
    lower, upper = by_rank[rank], by_rank[rank - 1]
    swapped = {**ballot, lower: rank - 1, upper: rank}
    before = by_proposal(score_ballots("ranking", proposals, ballots))[lower].score
    changed = [*ballots[:index], swapped, *ballots[index + 1 :]]
    after = by_proposal(score_ballots("ranking", proposals, changed))[lower].score
    assert after == before + 1


@settings(max_examples=100, deadline=None)
@given(dot_votes())
def test_dot_voting_properties(case):
    proposals, ballots, budget = case
    scores = score_ballots("dots", proposals, ballots)
    assert_well_formed(scores, proposals)
    total = sum(sum(b.values()) for b in ballots)
    assert sum(s.score for s in scores) == total <= budget * len(ballots)
    assert all(s.votes <= len(ballots) for s in scores)


@settings(max_examples=100, deadline=None)
@given(choices())
def test_simple_choice_properties(case):
    proposals, ballots = case
    scores = score_ballots("choice", proposals, ballots)
    assert_well_formed(scores, proposals)
    assert sum(s.score for s in scores) == len(ballots)
    assert all(s.score == s.votes == s.first_places for s in scores)


@settings(max_examples=100, deadline=None)
@given(rankings(), st.lists(st.sampled_from(["g1", "g2", "g3"]), min_size=15, max_size=15))
def test_overall_is_the_sum_of_the_groups(case, group_of):
    proposals, ballots = case
    inputs = [BallotInput(b, group=group_of[i]) for i, b in enumerate(ballots)]
    results = results_by_group("ranking", proposals, inputs, ["g1", "g2", "g3"])
    overall = by_proposal(results.overall)
    for p in proposals:
        assert overall[p].score == sum(
            by_proposal(results.groups[g])[p].score for g in ("g1", "g2", "g3")
        )
    assert sum(results.group_ballots.values()) == results.ballots == len(ballots)
