"""The chart catalogue: one module per chart family, each chart a function returning a Figure."""
