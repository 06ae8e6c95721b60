namespace CovidSpark.Deploy.Upload;

/// <summary>
/// Where deployment puts things in the data-lake bucket. The template's IAM policies and the bootstrap action rely on
/// these keys; docs/deploy.md shows the layout.
/// </summary>
public static class S3Layout
{
    /// <summary>The lake's zones; each gets a folder marker so the layout is visible in the console from the first deploy.</summary>
    public static IReadOnlyList<string> Zones { get; } = ["raw/", "trusted/", "refined/", "quarantine/", "scripts/"];

    /// <summary>Immutable copy of a release: <c>scripts/releases/&lt;release-id&gt;/&lt;file&gt;</c> (the Lambdas' code keys).</summary>
    public static string Release(string releaseId, string fileName) => $"scripts/releases/{releaseId}/{fileName}";

    /// <summary>
    /// The functions bundle the Lambdas run: the release's bundle with the stack's emr-config.json inside,
    /// <c>scripts/releases/&lt;release-id&gt;/configured/&lt;zip-sha256-prefix&gt;/&lt;file&gt;</c>.
    /// </summary>
    public static string ConfiguredFunctions(string releaseId, string zipSha256, string fileName) =>
        $"scripts/releases/{releaseId}/configured/{zipSha256[..16]}/{fileName}";

    /// <summary>The job bundle new EMR clusters install: <c>scripts/current/&lt;file&gt;</c> (bootstrap action argument <c>s3://&lt;bucket&gt;/scripts/current</c>).</summary>
    public static string Current(string fileName) => $"scripts/current/{fileName}";

    /// <summary>EMR bootstrap actions: <c>scripts/bootstrap/&lt;script&gt;</c>.</summary>
    public static string Bootstrap(string scriptName) => $"scripts/bootstrap/{scriptName}";

    /// <summary>The cluster and step definition deployed with the launcher (a reference copy; the Lambda reads the one in its bundle).</summary>
    public const string EmrConfig = "scripts/emr-config.json";
}
