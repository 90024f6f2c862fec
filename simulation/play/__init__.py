"""Facilitated play: a drill paused, steered by orders, and replayed from its decision log.

A played drill is an ordinary drill advanced in steps; at each pause the facilitator and the
commanders give orders, each written to the decision log with its drill time. Replaying the log
(advance to each order's time, give the order) repeats the game bit for bit, and a log cut at
any decision is a branch: the same dice, other choices.
"""
