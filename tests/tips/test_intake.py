from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.errors import InvalidInput, NotFound
from portal.core.models import AuditEntry
from portal.tips import abuse, intake
from portal.tips.abuse import RateLimited
from portal.tips.files import Upload
from portal.tips.models import Tip, TipAttachment, TipKind, TipTrack, TrackState
from portal.tips.queries import submitter_view
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_a_submission_with_both_kinds_gets_two_independent_tracks(db_clean: None) -> None:
    dept = await factories.department()
    firm = await factories.enterprise("义乌市甲超市有限公司")
    with clock.frozen(dt.date(2025, 6, 16)):  # a Monday
        receipt = await factories.tip(firm.uscc, "report", "complaint", consent_publication=True,
                                      reward_claim=True)
    assert len(receipt.code) == 16 and receipt.code.isdigit()
    tip = await Tip.get(id=receipt.tip_id)
    assert tip.enterprise_id == firm.id and tip.consent_publication and tip.reward_claim
    assert receipt.code not in tip.receipt_hash and len(tip.receipt_hash) == 64
    tracks = {t.kind: t for t in await TipTrack.filter(tip_id=tip.id)}
    assert set(tracks) == {TipKind.REPORT, TipKind.COMPLAINT}
    for track in tracks.values():
        assert track.state == TrackState.REGISTERED and track.department_id == dept.id
        assert track.accept_due == dt.date(2025, 6, 25)  # 7 working days
    assert tracks[TipKind.REPORT].handling_due == dt.date(2025, 7, 7)  # 15 working days
    assert tracks[TipKind.COMPLAINT].handling_due is None
    entry = await AuditEntry.get(action="tip.submit")
    assert entry.actor == "public" and entry.after and entry.after["kinds"] == ["complaint", "report"]


async def test_flags_only_apply_to_their_kind(db_clean: None) -> None:
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc, "report", consent_publication=True)
    assert not (await Tip.get(id=receipt.tip_id)).consent_publication
    receipt = await factories.tip(firm.uscc, "complaint", reward_claim=True)
    assert not (await Tip.get(id=receipt.tip_id)).reward_claim


async def test_the_enterprise_is_looked_up_by_code_or_name(db_clean: None) -> None:
    firm = await factories.enterprise("义乌市乙商贸有限公司")
    by_name = await factories.tip("义乌市乙商贸有限公司")
    assert (await Tip.get(id=by_name.tip_id)).enterprise_id == firm.id
    unknown = await factories.tip("街角无名小店")
    assert (await Tip.get(id=unknown.tip_id)).enterprise_id is None
    with pytest.raises(InvalidInput, match="统一社会信用代码"):
        await factories.tip("91330782MA2ABCDE1X")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kinds", set(), "举报、投诉"),
    ("category", "nonsense", "类别"),
    ("description", "  ", "事实描述"),
    ("description", "长" * 5001, "过长"),
    ("place", "", "地点"),
])
async def test_bad_input_is_refused_and_changes_nothing(db_clean: None, field: str, value: object,
                                                        message: str) -> None:
    sub = factories.tip_submission("某店", **{field: value})
    with pytest.raises(InvalidInput, match=message):
        await intake.submit(sub, client="c")
    assert await Tip.all().count() == 0 and await AuditEntry.all().count() == 0


async def test_follow_up_with_the_code_and_messages(db_clean: None) -> None:
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc, "complaint", files=[Upload("照片.png", PNG)])
    tip_id = await intake.authorise(receipt.display, client="c")  # spaces are accepted
    assert tip_id == receipt.tip_id
    await intake.add_message(tip_id, "补充：购买小票已找到", [Upload("小票.png", PNG)])
    view = await submitter_view(tip_id)
    assert [m.body for m in view.messages] == ["补充：购买小票已找到"]
    assert [a.name for a in view.attachments] == ["照片.png", "小票.png"]
    assert view.tracks[0].state_label == "登记"
    assert await TipAttachment.filter(tip_id=tip_id).count() == 2


async def test_wrong_and_unknown_codes_are_indistinguishable(db_clean: None) -> None:
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc)
    wrong = receipt.code[:-1] + str((int(receipt.code[-1]) + 1) % 10)
    messages = set()
    for code in (wrong, "0000000000000000", "12345", "abcdabcdabcdabcd"):
        with pytest.raises(NotFound) as caught:
            await intake.authorise(code, client="c")
        messages.add(caught.value.message)
    assert messages == {intake.UNKNOWN_RECEIPT}


async def test_receipt_guessing_is_rate_limited_per_client(db_clean: None) -> None:
    abuse.use_limiter(abuse.TipLimiter("3/minute", "100/minute", "memory://"))
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc)
    for _ in range(3):
        with pytest.raises(NotFound):
            await intake.authorise("1111222233334444", client="guesser")
    with pytest.raises(RateLimited):  # even the right code, once over the limit
        await intake.authorise(receipt.code, client="guesser")
    assert await intake.authorise(receipt.code, client="someone-else") == receipt.tip_id


async def test_submissions_are_rate_limited_per_client(db_clean: None) -> None:
    abuse.use_limiter(abuse.TipLimiter("100/minute", "2/hour", "memory://"))
    firm = await factories.enterprise()
    await factories.tip(firm.uscc, client="spammer")
    await factories.tip(firm.uscc, client="spammer")
    with pytest.raises(RateLimited):
        await factories.tip(firm.uscc, client="spammer")


def test_client_keys_are_keyed_hashes_not_addresses() -> None:
    key = abuse.client_key("203.0.113.7")
    assert "203.0.113.7" not in key and key == abuse.client_key("203.0.113.7")
    assert key != abuse.client_key("203.0.113.8")


async def test_duplicates_are_flagged_for_staff(db_clean: None) -> None:
    firm = await factories.enterprise()
    first = await factories.tip(firm.uscc, description="同一段内容：过期牛奶")
    second = await factories.tip(firm.uscc, description="同一段内容： 过期牛奶")
    assert (await Tip.get(id=second.tip_id)).duplicate_of_id == first.tip_id


def test_follow_up_passes_expire_and_cannot_be_forged() -> None:
    token = intake.make_pass(7)
    assert intake.read_pass(token) == 7
    forged = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]  # a full-bit char
    with pytest.raises(NotFound):
        intake.read_pass(forged)
    with pytest.raises(NotFound):
        intake.read_pass(None)
