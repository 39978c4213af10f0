"""The calendar (design section 10): broadcasts, journey launches and waits coming due, per UTC day."""
