"""done/set's cache (isoctl.lint.cache): the same output and file with it, without it and with a
hostile one; entries signed by this user only, in a folder of this user only; bounded; git-ignored."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from isoctl.lint import cache
from tests.samples import P2023, P2024

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import plan_text  # noqa: E402


@pytest.fixture(autouse=True)
def user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ISOCTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("ISOCTL_NO_CACHE", raising=False)
    cache._code_digest = None


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _run_both(cli, tmp_path, monkeypatch, source: str, *args: str):
    """(result, text written) with the cache, twice (cold then warm), and without it."""
    out = []
    for name, no_cache in (("cold", False), ("warm", False), ("none", True)):
        folder = tmp_path / name if name != "warm" else tmp_path / "cold"
        folder.mkdir(exist_ok=True)
        plan = folder / "plan.yaml"
        shutil.copyfile(source, plan)
        if no_cache:
            monkeypatch.setenv("ISOCTL_NO_CACHE", "1")
        else:
            monkeypatch.delenv("ISOCTL_NO_CACHE", raising=False)
        result = cli(*[a.replace("PLAN", str(plan)) for a in args])
        out.append((result.exit_code, result.stdout.replace(str(folder), "D"), result.stderr.replace(str(folder), "D"),
                    plan.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("args", [
    ("done", "danh-gia-noi-bo", "PLAN", "--on", "2024-06-20"),
    ("set", "danh-gia-noi-bo", "status=cancelled", "PLAN"),  # refused: C001, no internal audit left
    ("set", "danh-gia-noi-bo", "status=cancelled", "PLAN", "--force"),
    ("set", "danh-gia-noi-bo", "note=Theo ISO 9001:2015", "PLAN"),
    ("set", "danh-gia-noi-bo", "when=Tháng 13", "PLAN"),  # a usage error
    ("set", "khong-co", "note=x", "PLAN"),
])
def test_the_same_output_and_file_with_and_without_the_cache(cli, tmp_path, monkeypatch, args):
    cold, warm, none = _run_both(cli, tmp_path, monkeypatch, P2024, *args)
    assert cold == none
    assert warm[0] == none[0] and warm[1:3] == none[1:3]


def test_a_refused_edit_is_refused_from_the_cache_too(cli, tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(P2024, plan)
    assert cli("done", "lap-ke-hoach", str(plan), "--on", "2024-03-01").exit_code in (0, 1)
    assert _entries(tmp_path / ".isoctl_cache")  # the plan as read and as written
    before = plan.read_text(encoding="utf-8")
    result = cli("set", "danh-gia-noi-bo", "status=cancelled", str(plan))  # a cache hit
    assert result.exit_code == 1 and "C001" in result.stdout + result.stderr
    assert plan.read_text(encoding="utf-8") == before


def test_the_folder_is_git_ignored_private_and_bounded(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(P2023, plan)
    for day in range(1, 6):
        assert cli("set", "lap-ke-hoach", f"note=lần {day}", str(plan)).exit_code == 0
    folder = tmp_path / ".isoctl_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    assert len(_entries(folder)) == 3
    key = Path(os.environ["XDG_CACHE_HOME"]) / "isoctl" / "key"
    assert os.stat(key).st_mode & 0o077 == 0 and len(key.read_bytes()) == 32
    shutil.rmtree(folder)  # safe to delete at any time
    assert cli("set", "lap-ke-hoach", "note=sau khi xóa", str(plan)).exit_code == 0


def test_snapshots_are_bounded_apart_from_the_entries(tmp_path, monkeypatch):
    """The largest entries, snapshots, are at most MAX_SNAPSHOTS (the newest kept); they do not
    push out the other entries, nor these them."""
    monkeypatch.setenv("ISOCTL_CACHE_DIR", str(tmp_path / "c"))
    plan = str(tmp_path / "p.yaml")
    for n in range(7):
        assert cache.store(plan, cache.snapshot_key(f"{n:064x}"), {"n": n})
        assert cache.store(plan, f"{n:064x}", {"n": n})
    names = sorted(p.name for p in (tmp_path / "c").glob("*.json"))
    snapshots = [n for n in names if n.endswith("-snapshot.json")]
    assert len(snapshots) == cache.MAX_SNAPSHOTS and len(names) - len(snapshots) == 7
    assert cache.load(plan, cache.snapshot_key(f"{6:064x}")) == {"n": 6}
    assert cache.load(plan, cache.snapshot_key(f"{0:064x}")) is None
    # a snapshot kept already is renewed, not written again (the same text, the same snapshot)
    oldest = cache.snapshot_key(f"{3:064x}")
    assert cache.renew(plan, oldest) and not cache.renew(plan, cache.snapshot_key(f"{0:064x}"))
    assert not cache.renew(plan, f"{3:064x}")  # an entry is written each time: it may have grown
    assert cache.store(plan, cache.snapshot_key(f"{7:064x}"), {"n": 7})
    assert cache.load(plan, oldest) == {"n": 3} and cache.load(plan, cache.snapshot_key(f"{4:064x}")) is None


def _warm(cli, tmp_path) -> tuple[Path, Path]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(7, 30), encoding="utf-8")
    first = plan.read_text(encoding="utf-8")
    ids = [line.split("id:")[1].strip() for line in first.splitlines() if line.strip().startswith("- id: nv-")]
    assert cli("set", ids[3], "note=một", str(plan)).exit_code == 0
    plan.write_text(first, encoding="utf-8")
    return plan, tmp_path / ".isoctl_cache"


def _lie(entry: Path, sign: bytes | None) -> None:
    """Rewrite an entry to say the plan has no tasks but 'bia' and no findings (resigned with
    ``sign``, or with its old signature)."""
    import hashlib
    import hmac

    raw = entry.read_bytes()
    magic, mac, body = raw.split(b"\n", 2)
    data = json.loads(body)
    data["data"]["ids"] = ["bia"] * len(data["data"]["ids"])
    data["data"]["findings"] = []
    body = json.dumps(data).encode()
    if sign is not None:
        mac = hmac.new(sign, entry.stem.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode()
    entry.write_bytes(magic + b"\n" + mac + b"\n" + body)


@pytest.mark.parametrize("attack", ["old-signature", "other-key", "garbage", "not-json", "huge-nesting", "symlink"])
def test_a_forged_or_damaged_entry_is_ignored(cli, tmp_path, monkeypatch, attack):
    plan, folder = _warm(cli, tmp_path)
    entries = _entries(folder)
    assert entries
    for entry in entries:
        if attack == "old-signature":
            _lie(entry, None)
        elif attack == "other-key":
            _lie(entry, b"k" * 32)
        elif attack == "garbage":
            entry.write_bytes(os.urandom(300))
        elif attack == "not-json":
            entry.write_bytes(b"isoctl-cache 1\n" + b"0" * 64 + b"\n{")
        elif attack == "huge-nesting":
            entry.write_bytes(b"isoctl-cache 1\n" + b"0" * 64 + b"\n" + b"[" * 100000)
        else:
            secret = tmp_path / "secret"
            secret.write_text("x")
            entry.unlink()
            entry.symlink_to(secret)
    monkeypatch.setenv("ISOCTL_NO_CACHE", "1")
    plain = tmp_path / "plain.yaml"
    shutil.copyfile(plan, plain)
    want = cli("set", "nv-1-4", "note=hai", str(plain))
    monkeypatch.delenv("ISOCTL_NO_CACHE")
    got = cli("set", "nv-1-4", "note=hai", str(plan))
    assert (got.exit_code, got.stdout.replace("plan.yaml", "plain.yaml")) == (want.exit_code, want.stdout)
    assert plan.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8")


@pytest.mark.parametrize("folder_kind", ["symlink", "group-writable", "a-file"])
def test_a_cache_folder_that_is_not_ours_alone_is_not_used(cli, tmp_path, folder_kind):
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(P2023, plan)
    folder = tmp_path / ".isoctl_cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if folder_kind == "symlink":
        folder.symlink_to(elsewhere)
    elif folder_kind == "group-writable":
        folder.mkdir()
        os.chmod(folder, 0o770)
    else:
        folder.write_text("not a folder")
    result = cli("set", "lap-ke-hoach", "note=x", str(plan))
    assert result.exit_code == 0, result
    assert not list(elsewhere.iterdir())
    if folder_kind == "group-writable":
        assert not list(folder.iterdir())


def test_another_isoctl_or_another_language_never_reads_an_entry(tmp_path, monkeypatch):
    text = plan_text(7, 10)
    key = cache.entry_key(text, "en|{}")
    assert cache.store(str(tmp_path / "p.yaml"), key, {"x": 1})
    assert cache.load(str(tmp_path / "p.yaml"), key) == {"x": 1}
    assert cache.entry_key(text, "vi|{}") != key
    monkeypatch.setattr("isoctl.__version__", "9.9.9")
    cache._code_digest = None
    assert cache.entry_key(text, "en|{}") != key


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_an_interrupted_or_failed_store_leaves_no_temp_file(tmp_path, monkeypatch, failure):
    """A Ctrl-C (raised on) or a full disk (False) while an entry is written: no ``.tmp`` stays."""
    key = cache.entry_key(plan_text(7, 10), "en|{}")

    def replace(*args, **kwargs):
        raise failure("interrupted")

    monkeypatch.setattr(cache.os, "replace", replace)
    if failure is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt):
            cache.store(str(tmp_path / "p.yaml"), key, {"x": 1})
    else:
        assert not cache.store(str(tmp_path / "p.yaml"), key, {"x": 1})
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
