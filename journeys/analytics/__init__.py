"""Analytics maths: pure Python, no Django (see `stats.py`)."""
