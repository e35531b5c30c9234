"""Who says so: quotes found in their sources, figures and claims compared, credits, plain text."""
