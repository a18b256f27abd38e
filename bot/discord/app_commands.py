"""Discord application commands generated from the declarations: options, limits, choices, autocomplete,
run-time access checks and confirmation buttons; and /help from what is actually registered."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Literal, Optional

import discord
from discord import app_commands

from bot.commands.spec import (
    Caller,
    Command,
    Confirmation,
    Context,
    Declaration,
    Group,
    MessageAction,
    MessageRef,
    Option,
    Prompt,
    Reply,
    Rights,
    RoleRef,
    UserError,
    describe,
    execute,
    notice,
    option_usage,
)
from bot.discord.confirm import ask_confirmation
from bot.discord.responders import InteractionResponder
from bot.services import Services

_TYPES = {"text": str, "integer": int, "boolean": bool, "channel": discord.TextChannel, "role": discord.Role}
_LABELS = {"string": "text", "integer": "number", "boolean": "True/False", "channel": "#channel", "role": "@role"}
AUTOCOMPLETE_LIMIT = 25  # choices Discord shows
CHOICE_NAME_LIMIT = 100


def caller_from(interaction: discord.Interaction) -> Caller:
    """Who runs the command, with their permissions in the channel and their roles, read now."""
    user, permissions = interaction.user, interaction.permissions
    member = isinstance(user, discord.Member)
    return Caller(
        source="slash",
        user_id=user.id,
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
        role_ids=tuple(role.id for role in user.roles) if member else (),
        name=user.display_name,
        rights=Rights(
            administrator=member and bool(user.guild_permissions.administrator),
            manage_guild=bool(permissions.manage_guild),
            manage_messages=bool(permissions.manage_messages),
            pin_messages=bool(permissions.pin_messages),
        ),
    )


class DiscordFrontEnd:
    """What /help lists on Discord: the registered application commands and their real options."""

    def __init__(self, tree: app_commands.CommandTree) -> None:
        self.tree = tree

    def help_entries(self) -> list[tuple[str, str]]:
        entries = []
        for registered in self.tree.get_commands(type=discord.AppCommandType.chat_input):
            leaves = registered.commands if isinstance(registered, app_commands.Group) else [registered]
            entries += [(_usage(leaf), describe(leaf.extras["spec"])) for leaf in leaves]
        for menu in self.tree.get_commands(type=discord.AppCommandType.message):
            entries.append((f"Apps › {menu.name} (on a message)", describe(menu.extras["spec"])))
        return entries


def _usage(command: app_commands.Command) -> str:
    parts = [f"/{command.qualified_name}"]
    for param in command.parameters:
        choices = tuple(choice.name for choice in param.choices)
        flag = param.type is discord.AppCommandOptionType.boolean
        parts.append(option_usage(param.name, _LABELS.get(param.type.name, "value"), param.required, choices, flag))
    return " ".join(parts)


def _annotation(option: Option) -> Any:
    kind = Literal[option.choices] if option.choices else _TYPES[option.kind]  # discord.py offers a Literal's values
    if option.kind == "integer" and (option.min_value is not None or option.max_value is not None):
        kind = app_commands.Range[int, option.min_value, option.max_value]
    elif option.kind == "text" and option.max_length is not None:
        kind = app_commands.Range[str, None, option.max_length]
    if option.required or option.default is not None:
        return kind
    return Optional[kind]  # noqa: UP045 - discord.py reads Optional[Range[...]], not the | form


def _value(value: Any) -> Any:
    """Discord objects as the handlers take them: a channel is its id, a role a RoleRef."""
    if isinstance(value, discord.Role):
        return RoleRef(value.id, assignable=not (value.is_default() or value.managed))
    if isinstance(value, discord.abc.GuildChannel):
        return value.id
    return value


async def replied_text(message: discord.Message) -> str | None:
    """The text of the message `message` replies to (Discord usually sends it along; else it is fetched)."""
    reference = message.reference
    if reference is None or reference.message_id is None:
        return None
    replied = reference.resolved
    if not isinstance(replied, discord.Message):
        try:
            replied = await message.channel.fetch_message(reference.message_id)
        except discord.HTTPException:
            return None
    return replied.content or None


async def invoke(
    spec: Command | MessageAction, interaction: discord.Interaction, ctx: Context, values: dict[str, Any]
) -> None:
    """Run the command and deliver its reply, its confirmation question or its form."""
    result = await execute(spec, ctx, lambda: {name: _value(value) for name, value in values.items()})
    await deliver(result, interaction, ctx)


async def deliver(result: Reply | Confirmation | Prompt | None, interaction: discord.Interaction, ctx: Context) -> None:
    if isinstance(result, Prompt):
        await interaction.response.send_modal(PromptModal(result, ctx))
    elif isinstance(result, Confirmation):
        await ask_confirmation(interaction, result)
    elif result is not None:
        await ctx.responder.send(result)


class PromptModal(discord.ui.Modal):
    """A `Prompt` as a form; what was typed goes to its `then`, whose reply or confirmation answers the form."""

    def __init__(self, prompt: Prompt, ctx: Context) -> None:
        super().__init__(title=prompt.title[:45], timeout=600)
        self.prompt, self.ctx = prompt, ctx
        self.text = discord.ui.TextInput(label=prompt.label[:45], max_length=prompt.max_length)
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        ctx = replace(self.ctx, responder=InteractionResponder(interaction))
        try:
            await deliver(await self.prompt.then(self.text.value), interaction, ctx)
        except UserError as error:
            await ctx.responder.send(notice(ctx.style.escape(str(error))))


class AppCommandBuilder:
    """Turns declarations into discord.py app commands whose handlers use `services`."""

    def __init__(self, services: Services, front_end: DiscordFrontEnd) -> None:
        self.services = services
        self.front_end = front_end

    def context(self, interaction: discord.Interaction) -> Context:
        return Context(self.services, caller_from(interaction), InteractionResponder(interaction), self.front_end)

    def build(self, declarations: Iterable[Declaration]) -> list[app_commands.Command | app_commands.Group]:
        built = []
        for declaration in declarations:
            if isinstance(declaration, Group):
                built.append(self.group(declaration))
            elif isinstance(declaration, MessageAction):
                built.append(self.message_action(declaration))
            elif "discord" in declaration.front_ends:
                built.append(self.command(declaration))
        return built

    def message_action(self, spec: MessageAction) -> app_commands.ContextMenu:
        async def callback(interaction: discord.Interaction, message: discord.Message) -> None:
            guild_id = message.guild.id if message.guild else None
            target = MessageRef(
                message.id,
                message.channel.id,
                guild_id,
                message.author.id,
                message.content,
                message.jump_url,
                replied_to=await replied_text(message),
            )
            await invoke(spec, interaction, self.context(interaction), {"message": target})

        menu = app_commands.ContextMenu(name=spec.name, callback=callback, extras={"spec": spec})
        return app_commands.guild_only(menu) if spec.guild_only else menu

    def group(self, spec: Group) -> app_commands.Group:
        shown_to = discord.Permissions(**dict.fromkeys(spec.shown_to, True)) if spec.shown_to else None
        group = app_commands.Group(
            name=spec.name, description=spec.description, guild_only=spec.guild_only, default_permissions=shown_to
        )
        for command in spec.commands:
            if "discord" in command.front_ends:
                self.command(command, parent=group)
        return group

    def command(self, spec: Command, parent: app_commands.Group | None = None) -> app_commands.Command:
        spec = spec.on("discord")

        async def callback(interaction: discord.Interaction, **values: Any) -> None:
            await invoke(spec, interaction, self.context(interaction), values)

        parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        for option in spec.options:
            default = inspect.Parameter.empty if option.required else option.default
            kind = inspect.Parameter.KEYWORD_ONLY
            parameters.append(inspect.Parameter(option.name, kind, default=default, annotation=_annotation(option)))
        callback.__signature__ = inspect.Signature(parameters)
        command = app_commands.Command(
            name=spec.name,
            description=spec.description,
            callback=callback,
            parent=parent,
            extras={"spec": spec},
        )
        if spec.guild_only and parent is None:
            app_commands.guild_only(command)
        app_commands.describe(**{option.name: option.description for option in spec.options})(command)
        for option in spec.options:
            if option.autocomplete is not None:
                command.autocomplete(option.name)(self._suggestions(option.autocomplete))
        if parent is not None:
            parent.add_command(command)
        return command

    def _suggestions(self, suggest: Callable) -> Callable:
        async def autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
            found = await suggest(self.context(interaction), current)
            return [
                app_commands.Choice(name=choice.name[:CHOICE_NAME_LIMIT], value=choice.value)
                for choice in found[:AUTOCOMPLETE_LIMIT]
            ]

        return autocomplete
