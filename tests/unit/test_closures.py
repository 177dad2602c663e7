"""Company-wide closure notices vs. one person's out-of-office."""

from __future__ import annotations

import pytest

from mailbot.domain.closures import is_company_closure

COMPANY = [
    "Dear customer, our office will be closed for Chinese New Year from 14 to 22 February.",
    "Please note our factory is closed until 3 January.",
    "Wegen Betriebsferien sind wir bis zum 6. Januar nicht erreichbar.",
    "Unser Büro ist vom 24.12. bis 1.1. geschlossen.",
    "Nos bureaux seront fermés du 1er au 21 août.",
    "Nuestras oficinas estarán cerradas por vacaciones colectivas.",
    "Nosso escritório estará fechado durante as férias coletivas.",
    "您好，我公司春节放假时间为2月14日至2月22日。",
    "弊社は年末年始休業のため、1月4日より営業いたします。",
    "مكاتبنا مغلقة بمناسبة عيد الفطر",
    "We are closed for the holidays and will reply on 5 January.",
]
PERSONAL = [
    "I am out of the office until 3 March with limited access to email.",
    "Ich bin bis zum 10.03. nicht im Büro. In dringenden Fällen wenden Sie sich an Petra.",
    "Je suis absent jusqu'au 12 mars.",
    "I'm on annual leave; the office is open, please contact sales@acme.de.",
    "本人休假中，3月5日返回。",
]


@pytest.mark.parametrize("text", COMPANY)
def test_company_notices_are_closures(text):
    assert is_company_closure(text)


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_absences_are_not(text):
    assert not is_company_closure(text)
