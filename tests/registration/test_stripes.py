"""How an event's seats are spread over its stripes (docs/locking.md): the spread can never
seat more than the event holds, whatever the counts."""

from hypothesis import given
from hypothesis import strategies as st

from samlas.registration.services import spread_seats


@given(
    confirmed=st.integers(0, 10_000),
    capacity=st.none() | st.integers(0, 10_000),
    stripes=st.integers(1, 16),
)
def test_the_stripes_hold_exactly_the_event_s_seats(confirmed, capacity, stripes):
    spread = spread_seats(confirmed, capacity, stripes)
    assert len(spread) == stripes
    assert sum(taken for taken, _ in spread) == confirmed
    if capacity is None:
        assert all(limit is None for _, limit in spread)
        return
    assert all(taken <= limit for taken, limit in spread)  # the rows' CheckConstraint holds
    # A lowered capacity keeps everyone seated and admits nobody new.
    assert sum(limit for _, limit in spread) == max(capacity, confirmed)
    free = [limit - taken for taken, limit in spread]
    assert max(free) - min(free) <= 1  # free seats where any registration may look first


def test_a_small_event_spreads_its_few_free_seats_over_the_first_stripes():
    assert spread_seats(3, 5, 4) == [(1, 2), (1, 2), (1, 1), (0, 0)]
