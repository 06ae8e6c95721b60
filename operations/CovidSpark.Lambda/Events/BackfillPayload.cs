using System.Text.Json.Serialization;

namespace CovidSpark.Lambda.Events;

/// <summary>
/// Direct-invoke payload of the launcher for a manual backfill, e.g.
/// <c>{"from":"2020-03-01","to":"2020-06-30","jobs":["pipeline"],"dryRun":false}</c>. Dates are strings parsed strictly
/// (yyyy-MM-dd) by the launcher so errors name the field.
/// </summary>
public sealed record BackfillPayload
{
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("to")] public string? To { get; init; }
    /// <summary>Jobs to run; null = the configured scheduled jobs.</summary>
    [JsonPropertyName("jobs")] public IReadOnlyList<string>? Jobs { get; init; }
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
    /// <summary>Dates per step; null = configuration.</summary>
    [JsonPropertyName("chunkDays")] public int? ChunkDays { get; init; }
    /// <summary>Also resubmit dates that already SUCCEEDED or PARTIAL (absent or null = no); active dates are never resubmitted.</summary>
    [JsonPropertyName("rerun")] public bool? Rerun { get; init; }
}
