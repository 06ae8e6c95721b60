namespace CovidSpark.Deploy.Artifacts;

/// <summary>CPU architecture of the Lambda functions (and of the bundle deployed to them).</summary>
public enum LambdaArchitecture
{
    /// <summary>x86_64, bundle runtime id <c>linux-x64</c>.</summary>
    X64,
    /// <summary>Graviton, bundle runtime id <c>linux-arm64</c>.</summary>
    Arm64,
}

/// <summary>Names of a <see cref="LambdaArchitecture"/> in .NET and CloudFormation.</summary>
public static class LambdaArchitectureNames
{
    /// <summary>The .NET runtime identifier, e.g. <c>linux-arm64</c>.</summary>
    public static string RuntimeIdentifier(this LambdaArchitecture architecture) =>
        architecture == LambdaArchitecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>The value of the template's <c>Architecture</c> parameter (<c>x86_64</c> or <c>arm64</c>).</summary>
    public static string CloudFormationValue(this LambdaArchitecture architecture) =>
        architecture == LambdaArchitecture.Arm64 ? "arm64" : "x86_64";

    /// <summary>Parses <c>x64</c>/<c>x86_64</c>/<c>amd64</c> or <c>arm64</c>/<c>aarch64</c> (case-insensitive).</summary>
    /// <exception cref="FormatException">Any other text.</exception>
    public static LambdaArchitecture Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "x64" or "x86_64" or "amd64" => LambdaArchitecture.X64,
        "arm64" or "aarch64" => LambdaArchitecture.Arm64,
        _ => throw new FormatException($"unknown architecture '{text}' (use x64 or arm64)"),
    };
}
