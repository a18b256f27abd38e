from __future__ import annotations

import pytest

from bot.features.ask.cooldown import Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_rate_uses_per_window_then_reports_the_wait():
    clock = Clock()
    cooldown = Cooldown(2, 30.0, clock=clock)
    assert cooldown.try_acquire("alice") == 0
    clock.now += 10
    assert cooldown.try_acquire("alice") == 0
    assert cooldown.try_acquire("alice") == pytest.approx(20.0)
    assert cooldown.try_acquire("bob") == 0  # per user
    clock.now += 20
    assert cooldown.try_acquire("alice") == 0  # the first use left the window
    assert cooldown.retry_after("alice") == pytest.approx(10.0)


def test_refused_attempts_do_not_extend_the_wait():
    clock = Clock()
    cooldown = Cooldown(1, 10.0, clock=clock)
    cooldown.try_acquire(1)
    for _ in range(5):
        clock.now += 1
        cooldown.try_acquire(1)
    assert cooldown.retry_after(1) == pytest.approx(5.0)


def test_zero_window_never_limits_and_rate_must_be_positive():
    cooldown = Cooldown(1, 0.0, clock=Clock())
    assert all(cooldown.try_acquire("x") == 0 for _ in range(10))
    with pytest.raises(ValueError):
        Cooldown(0, 1.0)


def test_idle_users_are_forgotten():
    clock = Clock()
    cooldown = Cooldown(1, 5.0, clock=clock)
    for user in range(2000):
        cooldown.try_acquire(user)
    clock.now += 10
    cooldown.try_acquire("late")
    assert len(cooldown._uses) == 1
