"""Ballot logistics: warehouse -> PPK -> PPS -> TPS and the night return (DES)."""
