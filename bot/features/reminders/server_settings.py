"""A server's reminder settings: how a /remind settings change applies, and how the settings read."""

from __future__ import annotations

from dataclasses import replace

from bot.features.reminders.plan import format_leads, parse_lead_times
from bot.setting_groups import ReminderSettings
from bot.storage.guild_settings import GuildConfig


def changed_config(
    config: GuildConfig,
    *,
    lead_times: str | None = None,
    toggle_moderator_role_id: int | None = None,
    announcement_role_id: int | None = None,
    clear_announcement_role: bool = False,
) -> GuildConfig:
    """The settings with a change applied; lead_times "default" goes back to the bot's default."""
    if lead_times is not None:
        reset = lead_times.strip().lower() == "default"
        config = replace(config, lead_times=None if reset else format_leads(parse_lead_times(lead_times)))
    if toggle_moderator_role_id is not None:
        roles = list(config.moderator_role_ids)
        if toggle_moderator_role_id in roles:
            roles.remove(toggle_moderator_role_id)
        else:
            roles.append(toggle_moderator_role_id)
        config = replace(config, moderator_role_ids=tuple(roles))
    if clear_announcement_role:
        config = replace(config, announcement_role_id=None)
    elif announcement_role_id is not None:
        config = replace(config, announcement_role_id=announcement_role_id)
    return config


def config_lines(config: GuildConfig, limits: ReminderSettings) -> list[str]:
    """A server's settings as shown by /remind settings: its own, else the bot-wide ones, and the limits."""
    leads = config.lead_times or f"{limits.default_lead_times} (the bot's default)"
    roles = [*config.moderator_role_ids, *limits.moderator_role_ids]
    announcement = config.announcement_role_id or limits.announcement_role_id
    return [
        f"Lead times: {leads}",
        "Moderator roles (besides Manage/Pin Messages): "
        + (", ".join(f"<@&{role}>" for role in roles) if roles else "none"),
        "Announcement role: " + (f"<@&{announcement}>" if announcement else "none (reminders ping nobody)"),
        f"Limits: {limits.max_active_per_guild} active reminders, titles up to "
        f"{limits.max_title_chars} characters, deadlines up to {limits.horizon_days} days ahead",
    ]
