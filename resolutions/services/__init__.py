"""Cross-model workflows, one module per area. Views, tasks, commands and tests call these."""
