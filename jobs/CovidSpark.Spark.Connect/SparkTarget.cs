using System.Globalization;
using System.Text.RegularExpressions;

namespace CovidSpark.Spark.Connect;

/// <summary>
/// The Spark version plans are compiled for and the session settings our plans rely on. The engine asks the server
/// once per session (<c>AnalyzePlan.spark_version</c>); a dry run uses <see cref="SparkConnectOptions.SparkVersion"/>.
/// </summary>
/// <remarks>
/// What differs: Spark 4 gets <c>Cast.eval_mode = LEGACY</c> (the library's non-ANSI cast under Spark 4's ANSI default);
/// Spark 3.5 has no such field, so the session is set to <c>spark.sql.ansi.enabled=false</c> instead, which makes its
/// plain cast the same non-ANSI cast. Both get <c>spark.sql.legacy.timeParserPolicy=CORRECTED</c>: Spark 3.5's default
/// (EXCEPTION) makes even <c>try_to_timestamp</c> throw <c>SparkUpgradeException</c> for text the old parser accepted.
/// </remarks>
public sealed partial record SparkTarget
{
    private SparkTarget(Version version) => Version = version;

    /// <summary>Spark 3.5 (EMR 7.x).</summary>
    public static SparkTarget Spark35 { get; } = new(new Version(3, 5, 0));

    /// <summary>Spark 4.0 (EMR 8.x).</summary>
    public static SparkTarget Spark40 { get; } = new(new Version(4, 0, 0));

    /// <summary>What a dry run compiles for unless told otherwise.</summary>
    public static SparkTarget Default => Spark40;

    /// <summary>Major.minor.patch of the server (vendor suffixes such as <c>-amzn-0</c> dropped).</summary>
    public Version Version { get; }

    /// <summary>Spark 4 knows <c>Cast.eval_mode</c> (field 4); it is never sent to an older server.</summary>
    public bool HasCastEvalMode => Version.Major >= 4;

    /// <summary>Session settings sent once, before the first plan (<c>Config.Set</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SessionConfig =>
        HasCastEvalMode
            ? [new("spark.sql.legacy.timeParserPolicy", "CORRECTED")]
            : [new("spark.sql.legacy.timeParserPolicy", "CORRECTED"), new("spark.sql.ansi.enabled", "false")];

    /// <summary>Parses a version as Spark reports it (<c>3.5.1</c>, <c>3.5.1-amzn-0</c>, <c>4.0</c>).</summary>
    /// <exception cref="ArgumentException">Not a version, or older than 3.4 (no Spark Connect).</exception>
    public static SparkTarget Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var m = VersionPattern().Match(version.Trim());
        if (!m.Success)
            throw new ArgumentException($"'{version}' is not a Spark version such as 3.5 or 4.0.", nameof(version));
        var parsed = new Version(Number(m.Groups[1]), Number(m.Groups[2]), m.Groups[3].Success ? Number(m.Groups[3]) : 0);
        if (parsed < new Version(3, 4))
            throw new ArgumentException($"Spark {parsed} has no Spark Connect server; 3.5 or 4.x is needed.", nameof(version));
        return new SparkTarget(parsed);
    }

    private static int Number(Group g) => int.Parse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$")]
    private static partial Regex VersionPattern();

    /// <summary>The version, e.g. <c>Spark 3.5.1</c>.</summary>
    public override string ToString() => $"Spark {Version}";
}
