import pytest

from counter_app.domain.statuses import (FINAL, TRANSITIONS, Channel, Status, can_move,
                                         check_transition, parse_channel)
from counter_app.errors import UserInputError


def test_all_ten_national_statuses_with_labels():
    assert [s.value for s in Status] == list(range(1, 11))
    assert Status(10).label == "Đã trả kết quả"
    assert Status(5).label == "Yêu cầu bổ sung giấy tờ"


def test_main_path_is_allowed():
    path = [Status.NEW, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT,
            Status.PROCESSING, Status.RESOLVED, Status.RETURNED]
    for old, new in zip(path, path[1:]):
        assert check_transition(old, new) is new


def test_final_statuses_go_nowhere():
    assert FINAL == {Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED}
    for s in FINAL:
        for t in Status:
            assert not can_move(s, t)


def test_illegal_transition_has_a_clear_vietnamese_message():
    with pytest.raises(UserInputError) as err:
        check_transition(Status.RETURNED, Status.PROCESSING)
    assert "Không thể chuyển hồ sơ từ “Đã trả kết quả” sang “Đang xử lý”" in str(err.value)
    assert "đã kết thúc" in str(err.value)
    with pytest.raises(UserInputError, match="chỉ có thể chuyển sang"):
        check_transition(Status.RESOLVED, Status.PROCESSING)


def test_no_self_transitions_and_every_status_reachable():
    reachable = {Status.NEW}
    for s, nxt in TRANSITIONS.items():
        assert s not in nxt
        reachable |= nxt
    assert reachable == set(Status)


@pytest.mark.parametrize("text,expected", [(1, Channel.DIRECT), ("2", Channel.ONLINE),
                                           ("post", Channel.POST), ("Trực tuyến", Channel.ONLINE),
                                           ("truc tiep", Channel.DIRECT)])
def test_parse_channel(text, expected):
    assert parse_channel(text) is expected


def test_bad_channel_refused():
    with pytest.raises(UserInputError, match="Kênh tiếp nhận"):
        parse_channel("fax")
