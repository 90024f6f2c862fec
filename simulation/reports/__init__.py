"""Reports: charts and documents drawn from result folders (never from a running drill)."""
