"""链创: technical challenges (揭榜挂帅) posted by chain owners or the bureau, answered by institutes."""
