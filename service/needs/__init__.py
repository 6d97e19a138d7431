"""Needs (配套需求): the lines of a chain owner's target-supplier catalog."""
