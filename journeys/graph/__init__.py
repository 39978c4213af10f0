"""The journey graph: pure Python, no Django.

`spec` holds the schema-1 dataclasses (the canonical form the editor and the API
speak), `conditions` the condition language, `nodes` one module per node type
(config, ports; the runtime adds decisions), `validation` the NetworkX checks.

Nothing in this package may import Django: the editor round trip, the dry-run
simulator and the validation benchmark run it without a configured project, and a
unit test enforces that.
"""
