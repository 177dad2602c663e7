"""Where a person continues when the mail cadence is over: the messaging app a
customer's country uses most for business (DOMAIN.md §5, hand-off)."""

from __future__ import annotations

# DOMAIN.md §5 for US, GB, DE, ES, IT, IN, FR; the rest are the apps that dominate
# business messaging there. Anything else: WhatsApp, the most widespread.
_CHANNELS = {
    "US": "Facebook Messenger",
    "FR": "Facebook Messenger, then WhatsApp",
    "DE": "WhatsApp (also Telegram)",
    "GB": "WhatsApp",
    "ES": "WhatsApp",
    "IT": "WhatsApp",
    "IN": "WhatsApp",
    "BR": "WhatsApp",
    "CN": "WeChat",
    "JP": "LINE",
    "TW": "LINE",
    "TH": "LINE",
    "KR": "KakaoTalk",
    "VN": "Zalo",
    "RU": "Telegram",
}
DEFAULT_CHANNEL = "WhatsApp"


def handoff_channel(country: str | None) -> str:
    """The contact channel most used in `country` (ISO code), else WhatsApp."""
    return _CHANNELS.get((country or "").upper(), DEFAULT_CHANNEL)
