"""Health (design section 11): activity, retention, LTV, revenue and ROI, the global control group, alerts."""
