"""`{{ s.segment|rfm_label }}`, `{{ s.stage|stage_label }}`: RFM segments and lifecycle stages as the reader's
language names them. The stored codes stay English (conditions and the API use them); English pages show the
codes with spaces, Chinese pages the names operators know (重要价值用户, 沉默…)."""
from django import template
from django.utils.translation import pgettext_lazy

from core.labels import label

register = template.Library()

RFM_LABELS = {
    "important_value": pgettext_lazy("rfm segment", "important value"),
    "important_development": pgettext_lazy("rfm segment", "important development"),
    "important_retention": pgettext_lazy("rfm segment", "important retention"),
    "important_recovery": pgettext_lazy("rfm segment", "important recovery"),
    "general_value": pgettext_lazy("rfm segment", "general value"),
    "general_development": pgettext_lazy("rfm segment", "general development"),
    "general_retention": pgettext_lazy("rfm segment", "general retention"),
    "general_recovery": pgettext_lazy("rfm segment", "general recovery"),
}
STAGE_LABELS = {
    "new": pgettext_lazy("lifecycle stage", "new"),
    "active": pgettext_lazy("lifecycle stage", "active"),
    "silent": pgettext_lazy("lifecycle stage", "silent"),
    "churned": pgettext_lazy("lifecycle stage", "churned"),
    "reactivated": pgettext_lazy("lifecycle stage", "reactivated"),
}

SEGMENT_KIND_LABELS = {
    "dynamic": pgettext_lazy("segment kind", "dynamic"),
    "static": pgettext_lazy("segment kind", "static"),
}


@register.filter
def segment_kind_label(kind) -> str:
    return label(SEGMENT_KIND_LABELS, kind)


@register.filter
def rfm_label(segment) -> str:
    return RFM_LABELS.get(str(segment or ""), str(segment or "").replace("_", " "))


@register.filter
def stage_label(stage) -> str:
    return label(STAGE_LABELS, stage)
