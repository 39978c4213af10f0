from .computed import ComputedTrait, ComputedValue
from .config import LifecycleConfig, RfmConfig
from .segments import Segment, SegmentMembership, SegmentSizeHistory

__all__ = [
    "ComputedTrait",
    "ComputedValue",
    "LifecycleConfig",
    "RfmConfig",
    "Segment",
    "SegmentMembership",
    "SegmentSizeHistory",
]
