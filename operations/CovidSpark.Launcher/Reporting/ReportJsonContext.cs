using System.Text.Json.Serialization;

namespace CovidSpark.Launcher.Reporting;

/// <summary>Source-generated JSON (camelCase) for the documents the Lambda functions return and the CLI prints with <c>--json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(LaunchDocument))]
[JsonSerializable(typeof(TrackDocument))]
[JsonSerializable(typeof(ReconcileDocument))]
[JsonSerializable(typeof(IReadOnlyList<JobDocument>))]
[JsonSerializable(typeof(JobDocument))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
