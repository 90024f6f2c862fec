"""What each person in a crowd is doing, as the array codes the crowd model and the actors share.

The people themselves are rows of numpy arrays in ``simulation.crowd.model``; the actors read
their states by these codes (a commander counts the violent, a unit the actives at its line).
"""

from __future__ import annotations

from enum import IntEnum


class State(IntEnum):
    """Individual states; the order is the array code."""

    WAITING = 0  # not arrived yet
    CALM = 1
    ACTIVE = 2
    VIOLENT = 3
    FLEEING = 4
    ARRESTED = 5
    INJURED = 6
    GONE = 7


#: States of people standing in the venue (they walk, count and can be hurt).
PRESENT = (State.CALM, State.ACTIVE, State.VIOLENT, State.FLEEING)
