"""Information threats (hoaxes, black campaigns) and the exercise timeline (MSEL injects)."""
