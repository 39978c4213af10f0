from .alerts import LEVELS, Alert, AlertEvaluation, AlertLevelChange, AlertRule, ChannelPause
from .costs import ChannelCosts
from .rollups import ActiveDay, DailyActivity, FirstSeen, RetentionCell, RevenueDay, RollupState

__all__ = ["LEVELS", "Alert", "AlertEvaluation", "AlertLevelChange", "AlertRule", "ChannelPause"]
__all__ += ["ActiveDay", "ChannelCosts", "DailyActivity", "FirstSeen", "RetentionCell", "RevenueDay", "RollupState"]
