using System.Text.Json.Serialization;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>JSON of <c>ledger init</c>.</summary>
public sealed record TableDocument(string Table, bool Created, string? StreamArn, string Status, bool Ttl);

/// <summary>JSON of <c>status</c>: the items and a count per state.</summary>
public sealed record StatusDocument(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<CovidSpark.Launcher.Reporting.JobDocument> Jobs)
{
    /// <summary>What was searched: the report dates and states (the default window is the last 30 days).</summary>
    public string? Searched { get; init; }
}

/// <summary>Source-generated JSON for CLI-only documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TableDocument))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(CovidSpark.Launcher.Reporting.LaunchDocument))]
[JsonSerializable(typeof(IReadOnlyList<CovidSpark.Launcher.Reporting.LaunchDocument>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
