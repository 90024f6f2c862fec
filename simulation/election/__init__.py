"""The election period, campaign to recap, as scenes on the drill clock (election_period.md)."""
