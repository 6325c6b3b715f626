"""The rough cut: the edit plan (schema) and how it is proposed; formats are adapters over the plan."""
