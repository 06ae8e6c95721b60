using System.Text.Json.Serialization;

namespace CovidSpark.Lambda.Runtime;

/// <summary>Source-generated JSON for the Runtime API's own documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LambdaError))]
internal sealed partial class LambdaRuntimeJsonContext : JsonSerializerContext;
