"""Contact conditions compiled to SQL (PostgreSQL and SQLite): previews, sizes, launches, re-evaluation."""
from .compile import Compiled, compile_condition
from .run import condition_count, condition_ids, condition_sample

__all__ = ["Compiled", "compile_condition", "condition_count", "condition_ids", "condition_sample"]
