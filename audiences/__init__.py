"""Audiences (design section 9): computed traits, segments, RFM and lifecycle stages."""
