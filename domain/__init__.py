"""Domain vocabulary shared by every layer: periods, the indicator catalogue, validation reports."""
