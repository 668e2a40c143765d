"""Workflows of the parties and of the people who answer for them, one module per area."""
