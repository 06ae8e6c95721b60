using System.Text.Json.Serialization;

namespace CovidSpark.Notifier.Routing;

/// <summary>The notifier configuration file as written by users (see docs/notifier.md).</summary>
public sealed class NotifierConfigDocument
{
    /// <summary>See <see cref="NotifierOptions.DigestThreshold"/>.</summary>
    public int? DigestThreshold { get; init; }

    /// <summary>See <see cref="NotifierOptions.DigestSize"/>.</summary>
    public int? DigestSize { get; init; }

    /// <summary>See <see cref="NotifierOptions.DefaultRegion"/>.</summary>
    public string? Region { get; init; }

    /// <summary>See <see cref="NotifierOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>The "daily run missing" check (see <see cref="MissingRunOptions"/>).</summary>
    public MissingRunDocument? MissingRun { get; init; }

    /// <summary>The rooms.</summary>
    public List<DestinationDocument>? Destinations { get; init; }
}

/// <summary>One room in the configuration file.</summary>
public sealed class DestinationDocument
{
    /// <summary>Short name (letters, digits, '-', '_').</summary>
    public string? Name { get; init; }

    /// <summary><c>teams</c>, <c>slack</c> or <c>chime</c> (end of support 2026-02-20).</summary>
    public string? Type { get; init; }

    /// <summary><c>ssm:&lt;parameter&gt;</c> or <c>env:&lt;VARIABLE&gt;</c>.</summary>
    public string? Webhook { get; init; }

    /// <summary>Slack only: <c>ssm:&lt;parameter&gt;</c> or <c>env:&lt;VARIABLE&gt;</c> holding a bot token; with <see cref="Channel"/>, one thread per run.</summary>
    public string? BotToken { get; init; }

    /// <summary>Slack only: the channel id the bot posts to.</summary>
    public string? Channel { get; init; }

    /// <summary>See <see cref="Destination.Mention"/>.</summary>
    public string? Mention { get; init; }

    /// <summary>States posted to this room; omitted or empty means all.</summary>
    public List<string>? States { get; init; }

    /// <summary>Minimum milliseconds between two posts (default 1000).</summary>
    public int? MinIntervalMs { get; init; }
}

/// <summary>The "daily run missing" check in the configuration file.</summary>
public sealed class MissingRunDocument
{
    /// <summary>Hour (UTC, 0–23) by which the scheduled date must have succeeded.</summary>
    public int? HourUtc { get; init; }

    /// <summary>The scheduled jobs (default <c>pipeline</c>).</summary>
    public List<string>? Jobs { get; init; }
}

/// <summary>Source-generated JSON metadata for the configuration file (trim-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(NotifierConfigDocument))]
internal sealed partial class NotifierConfigJsonContext : JsonSerializerContext;
