using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CovidSpark.Launcher.Config;

/// <summary>
/// What the Spark Connect bootstrap action (bootstrap/start-spark-connect.sh) needs on each EMR release: EMR 7.x runs
/// Spark 3.5.x, which does not ship the Connect server, so <c>--connect-jar</c> must be
/// <c>org.apache.spark:spark-connect_2.12:&lt;that release's Spark version&gt;</c>; EMR 8.x runs Spark 4, which ships it, so
/// no jar, and <c>--token-parameter</c> (the SSM SecureString with the Connect token) is required.
/// </summary>
internal static partial class SparkConnectReleaseRules
{
    /// <summary>
    /// The Spark version of each EMR 7.x release (AWS's "Spark release history" of the EMR Release Guide; the
    /// <c>-amzn-N</c> suffix dropped). A label missing here cannot be checked: add its row from that page.
    /// </summary>
    public static readonly FrozenDictionary<string, string> Emr7SparkVersions = new Dictionary<string, string>
    {
        ["emr-7.0.0"] = "3.5.0", ["emr-7.1.0"] = "3.5.0", ["emr-7.2.0"] = "3.5.1", ["emr-7.3.0"] = "3.5.1",
        ["emr-7.4.0"] = "3.5.2", ["emr-7.5.0"] = "3.5.2", ["emr-7.6.0"] = "3.5.3", ["emr-7.7.0"] = "3.5.3",
        ["emr-7.8.0"] = "3.5.4", ["emr-7.9.0"] = "3.5.5", ["emr-7.10.0"] = "3.5.5", ["emr-7.11.0"] = "3.5.6",
        ["emr-7.12.0"] = "3.5.6", ["emr-7.13.0"] = "3.5.6",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when the bootstrap action runs start-spark-connect.sh.</summary>
    public static bool IsConnectBootstrap(string? path) =>
        path is not null && path.EndsWith("/start-spark-connect.sh", StringComparison.Ordinal);

    /// <summary>The problems of one start-spark-connect.sh bootstrap action on <paramref name="releaseLabel"/>, as (json path suffix, reason).</summary>
    public static IEnumerable<(string Path, string Reason)> Check(string releaseLabel, IReadOnlyList<string> args)
    {
        var major = Major(releaseLabel);
        if (major is null) yield break; // the label itself is reported elsewhere
        var jar = ValueOf(args, "--connect-jar");
        var token = ValueOf(args, "--token-parameter");
        switch (major)
        {
            case < 7:
                yield return ("", $"{releaseLabel} runs Spark older than 3.5; start-spark-connect.sh supports EMR 7.x (Spark 3.5) and 8.x (Spark 4)");
                break;
            case 7:
                if (!Emr7SparkVersions.TryGetValue(releaseLabel, out var spark))
                {
                    yield return ("", $"{releaseLabel}: its Spark version is not in the table of SparkConnectReleaseRules, so the connect jar cannot be checked; add the row from the EMR Release Guide's Spark release history");
                    break;
                }
                var expected = $"spark-connect_2.12-{spark}.jar";
                if (jar is null)
                    yield return (".args", $"{releaseLabel} runs Spark {spark}, which does not ship the Spark Connect server: pass --connect-jar s3://.../{expected} (org.apache.spark:spark-connect_2.12:{spark})");
                else if (!jar.EndsWith("/" + expected, StringComparison.Ordinal) && jar != expected)
                    yield return (".args", $"--connect-jar {jar} does not match {releaseLabel}, which runs Spark {spark}: use {expected} (org.apache.spark:spark-connect_2.12:{spark})");
                break;
            default:
                if (jar is not null)
                    yield return (".args", $"{releaseLabel} runs Spark 4, which ships the Spark Connect server: remove --connect-jar {jar}");
                if (token is null)
                    yield return (".args", $"{releaseLabel} runs Spark 4: pass --token-parameter with the SSM SecureString that holds spark.connect.authenticate.token");
                break;
        }
    }

    private static int? Major(string label)
    {
        var m = Label().Match(label);
        return m.Success ? int.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture) : null;
    }

    private static string? ValueOf(IReadOnlyList<string> args, string name)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    [GeneratedRegex(@"^emr-(\d+)\.\d+\.\d+$")]
    private static partial Regex Label();
}
