"""Election-day patrol and response: incidents, TPS guards, mobile units, dispatch."""
