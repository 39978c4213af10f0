"""The journey graph: pure Python, no Django.

`spec` holds the schema-1 dataclasses (the canonical form the editor and the API
speak), `conditions` the condition language and its evaluation, `condition_checks`
the checks of a condition document, `nodes` one module per node type (config, ports,
decision; `decisions` the data a decision returns), `validation` the NetworkX checks
of a whole graph (with `settings_checks` and `loops`).

Nothing in this package may import Django: the editor round trip, the dry-run
simulator and the validation benchmark run it without a configured project, and a
unit test enforces that.
"""
