using System.Text.Json.Serialization;

namespace CovidSpark.Launcher.Config;

/// <summary>Source-generated JSON metadata for emr-config.json (camelCase, comments and trailing commas allowed).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmrConfig))]
internal sealed partial class EmrConfigJsonContext : JsonSerializerContext;
