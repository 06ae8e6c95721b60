using System.Text.Json.Serialization;

namespace CovidSpark.Functions.Handlers;

/// <summary>
/// Fields of the launcher's manual (direct-invoke) event that <see cref="Lambda.Events.BackfillPayload"/> does not carry, read
/// from the same payload, e.g. <c>{"from":"2020-11-04","to":"2020-11-17","rerun":true}</c>.
/// </summary>
internal sealed record ManualLaunchOptions
{
    /// <summary>Also resubmit dates that already SUCCEEDED or PARTIAL (absent or null = false); active dates are never resubmitted.</summary>
    [JsonPropertyName("rerun")] public bool? Rerun { get; init; }
}

/// <summary>Source-generated (trim/AOT-safe) JSON metadata for <see cref="ManualLaunchOptions"/>.</summary>
[JsonSerializable(typeof(ManualLaunchOptions))]
internal sealed partial class FunctionEventJsonContext : JsonSerializerContext;
