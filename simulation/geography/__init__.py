"""Geography: the road network and travel times derived from a scenario."""
