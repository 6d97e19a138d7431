"""Pairings (对接): need × supplier suggestions, the pipeline state machine, the alerts its moves
fire, and the in-memory match index the service ranks with."""
