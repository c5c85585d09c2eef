import pytest

from counter_app.domain.roles import Role
from counter_app.errors import AuthError, PermissionDenied, UserInputError
from counter_app.services import officers
from counter_app.services.setup import DEMO_PASSWORD
from db import event_store


def test_login_with_demo_account_sets_current_officer(core):
    o = officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    assert o.role is Role.COUNTER and core.officer == o
    assert o.full_name == "Nguyễn Thị Lan (mẫu)"


@pytest.mark.parametrize("user,pw", [("canbo1", "sai-mat-khau"), ("khongco", DEMO_PASSWORD),
                                     ("", "")])
def test_wrong_credentials_refused_in_vietnamese(core, user, pw):
    with pytest.raises(AuthError, match="Sai tên đăng nhập hoặc mật khẩu"):
        officers.authenticate(core, user, pw)
    assert core.officer is None


def test_username_is_case_insensitive(core):
    assert officers.authenticate(core, "CanBo1", DEMO_PASSWORD).username == "canbo1"


def test_passwords_are_stored_as_argon2_hashes_beside_the_log_not_in_it(core):
    hashes = [r[0] for r in core.conn.execute(
        "SELECT c.password_hash FROM officers o JOIN credentials c "
        "ON c.officer_id = o.id AND c.digest = o.credential")]
    assert len(hashes) == core.conn.execute("SELECT count(*) FROM officers").fetchone()[0]
    assert all(h.startswith("$argon2id$") for h in hashes)
    payloads = [r[0] for r in core.conn.execute("SELECT payload FROM events")]
    assert not any(DEMO_PASSWORD in p or "$argon2" in p or "password_hash" in p
                   for p in payloads)


def test_events_name_the_officer_who_acted(core):
    officers.authenticate(core, "admin", DEMO_PASSWORD)
    new = officers.create_officer(core, "moi", "Cán bộ Mới", "counter", "12345678")
    (e,) = event_store.events_for(core.conn, "officer", new.id)
    assert e.officer_id == core.officer.id and e.device_id == core.device_id


def test_only_admin_manages_accounts(core):
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        officers.create_officer(core, "moi", "Cán bộ Mới", "counter", "12345678")


def test_duplicate_username_and_bad_input_rejected(core):
    with pytest.raises(UserInputError, match="đã được dùng"):
        officers.create_officer(core, "canbo1", "Trùng", "counter", "12345678")
    with pytest.raises(UserInputError, match="ít nhất"):
        officers.create_officer(core, "ngan", "Mật khẩu ngắn", "counter", "123")
    with pytest.raises(UserInputError, match="Vai trò không hợp lệ"):
        officers.create_officer(core, "vaitro", "Sai vai trò", "boss", "12345678")
    with pytest.raises(UserInputError, match="Tên đăng nhập"):
        officers.create_officer(core, "Có Dấu", "Sai tên", "counter", "12345678")


def test_change_own_password_needs_old_one(core):
    me = officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    with pytest.raises(AuthError):
        officers.change_password(core, me.id, "moi-12345678", old_password="sai")
    officers.change_password(core, me.id, "moi-12345678", old_password=DEMO_PASSWORD)
    core.officer = None
    with pytest.raises(AuthError):
        officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    assert officers.authenticate(core, "canbo1", "moi-12345678")


def test_disabled_officer_cannot_log_in(core):
    oid = {r["username"]: r["id"] for r in officers.list_officers(core)}["hotro"]
    officers.set_active(core, oid, False)
    with pytest.raises(AuthError):
        officers.authenticate(core, "hotro", DEMO_PASSWORD)
    officers.set_active(core, oid, True)
    assert officers.authenticate(core, "hotro", DEMO_PASSWORD).role is Role.SUPPORT


def test_admin_cannot_lock_themselves_out(core):
    me = officers.authenticate(core, "admin", DEMO_PASSWORD)
    with pytest.raises(UserInputError):
        officers.set_active(core, me.id, False)


def test_failed_init_leaves_no_database(tmp_path):
    from counter_app.services.setup import initialise
    with pytest.raises(UserInputError):
        initialise(tmp_path / "db.sqlite", tmp_path / "c.json", demo=False,
                   admin_password="short")
    assert list(tmp_path.iterdir()) == []
    initialise(tmp_path / "db.sqlite", tmp_path / "c.json", demo=False,
               admin_password="long-enough-1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json", "db.sqlite"]


def test_repeated_wrong_passwords_lock_the_account_for_a_while(core):
    from counter_app.domain.clock import FixedClock
    core.clock = FixedClock(1_800_000_000_000)
    for _ in range(officers.MAX_FAILURES):
        with pytest.raises(AuthError, match="Sai tên"):
            officers.authenticate(core, "canbo1", "sai-roi")
    with pytest.raises(AuthError, match="tạm khóa"):
        officers.authenticate(core, "canbo1", DEMO_PASSWORD)   # even the right one
    assert officers.authenticate(core, "canbo2", DEMO_PASSWORD)  # others unaffected
    core.clock.advance(officers.LOCK_MS + 1)
    assert officers.authenticate(core, "canbo1", DEMO_PASSWORD).username == "canbo1"


def test_gui_core_refuses_everything_after_logout(demo_paths):
    from counter_app.errors import PermissionDenied
    from counter_app.services import office
    from counter_app.services.core import Core
    with Core.open(*demo_paths) as gui_core:          # not a system Core
        with pytest.raises(PermissionDenied, match="Chưa đăng nhập"):
            office.define_counter(gui_core, 8, "Quầy 8")
        officers.authenticate(gui_core, "admin", DEMO_PASSWORD)
        office.define_counter(gui_core, 8, "Quầy 8")
        officers.logout(gui_core)
        with pytest.raises(PermissionDenied):
            office.define_counter(gui_core, 9, "Quầy 9")
        with pytest.raises(PermissionDenied):
            officers.list_officers(gui_core)


def test_officer_list_is_for_administrators(core):
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        officers.list_officers(core)
    assert officers.count_active(core) == 5


def test_names_are_for_everyone_and_keep_inactive_officers(core):
    """The dossier history names who acted, whoever reads it and whether or not they still work."""
    admin = officers.authenticate(core, "admin", DEMO_PASSWORD)
    lan = next(o for o in officers.list_officers(core) if o["username"] == "canbo1")
    officers.set_active(core, lan["id"], False)
    core.officer = None
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    names = officers.names(core)
    assert names[lan["id"]] == "Nguyễn Thị Lan (mẫu)"
    assert names[admin.id] == officers.get_officer(core, admin.id).full_name
    assert len(names) == 5
