"""The context object: commands take the library, the store and the clock from it."""

from __future__ import annotations

from datetime import UTC, datetime

from click.testing import CliRunner

from dlkg.app import App
from dlkg.cli import cli
from quiz.study.clock import fixed_clock
from quiz.study.store import MEMORY, ReviewStore


def test_a_command_uses_the_library_of_the_app_it_is_given(small_library):
    result = CliRunner().invoke(cli, ["path", "d"], obj=App(content_dir=small_library))
    assert result.exit_code == 0, result.output
    assert "Learning path to Term d · 术语 d (4 concepts)" in result.output


def test_the_options_override_the_app(small_library, write_library):
    other = App(content_dir=small_library)
    result = CliRunner().invoke(cli, ["path", "d", "--content", "/nowhere"], obj=other)
    assert result.exit_code == 1 and "no such folder" in result.output


def test_a_study_session_runs_on_an_injected_store_and_clock(small_library, tmp_path):
    app = App(content_dir=small_library, db_path=tmp_path / "unused.db")
    app.clock = fixed_clock(datetime(2025, 1, 1, 9, tzinfo=UTC))
    with ReviewStore.open(MEMORY) as store:
        app.store = store
        result = CliRunner().invoke(
            cli, ["study", "--new", "1", "--limit", "1"], obj=app, input="\n\n3\n"
        )
        assert result.exit_code == 0, result.output
        assert "Study session (:memory:)" in result.output and "Reviewed: 1" in result.output
        assert len(store.reviews()) == 1
    assert not (tmp_path / "unused.db").exists()
