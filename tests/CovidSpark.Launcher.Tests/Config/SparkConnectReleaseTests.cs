using System.Text.Json.Nodes;
using CovidSpark.Launcher.Config;

namespace CovidSpark.Launcher.Tests.Config;

/// <summary>
/// The Spark Connect bootstrap action checked against the release label (issue 12): EMR 7.x needs the connect jar built
/// for exactly that release's Spark 3.5.x; EMR 8.x (Spark 4) ships it and needs the token parameter instead.
/// </summary>
public sealed class SparkConnectReleaseTests
{
    /// <summary>The shipped emr-config.json with another release label and start-spark-connect.sh arguments.</summary>
    private static string Config(string release, params string[] connectArgs)
    {
        var root = JsonNode.Parse(File.ReadAllText(RepoRoot.EmrConfig))!;
        root["cluster"]!["releaseLabel"] = release;
        var action = root["cluster"]!["bootstrapActions"]!.AsArray()
            .Single(b => b!["path"]!.GetValue<string>().EndsWith("/start-spark-connect.sh", StringComparison.Ordinal))!;
        action["args"] = new JsonArray([.. connectArgs.Select(a => JsonValue.Create(a))]);
        return root.ToJsonString();
    }

    private static IReadOnlyList<ConfigProblem> Problems(string json)
    {
        try
        {
            EmrConfigLoader.Parse(json, "emr-config.json");
            return [];
        }
        catch (EmrConfigException e)
        {
            return e.Problems;
        }
    }

    [Theory]
    [InlineData("emr-7.5.0", "3.5.2")]
    [InlineData("emr-7.2.0", "3.5.1")]
    [InlineData("emr-7.9.0", "3.5.5")]
    public void An_emr_7_label_with_the_jar_of_its_spark_version_is_valid(string release, string spark) =>
        Assert.Empty(Problems(Config(release, "--connect-jar", $"s3://{{bucket}}/jars/spark-connect_2.12-{spark}.jar", "--port", "15002")));

    [Fact]
    public void An_emr_7_label_with_another_releases_jar_is_a_config_error_naming_the_right_coordinates()
    {
        var problem = Assert.Single(Problems(Config("emr-7.8.0", "--connect-jar", "s3://{bucket}/jars/spark-connect_2.12-3.5.2.jar")));

        Assert.Equal("$.cluster.bootstrapActions[1].args", problem.Path);
        Assert.Contains("does not match emr-7.8.0, which runs Spark 3.5.4: use spark-connect_2.12-3.5.4.jar (org.apache.spark:spark-connect_2.12:3.5.4)", problem.Reason);
    }

    [Fact]
    public void An_emr_7_label_without_the_jar_is_a_config_error() =>
        Assert.Contains("does not ship the Spark Connect server", Assert.Single(Problems(Config("emr-7.5.0", "--port", "15002"))).Reason);

    [Fact]
    public void An_emr_7_label_missing_from_the_table_cannot_be_checked_and_says_so() =>
        Assert.Contains("is not in the table", Assert.Single(Problems(Config("emr-7.99.0", "--connect-jar", "s3://b/spark-connect_2.12-3.5.9.jar"))).Reason);

    [Fact]
    public void Emr_8_needs_the_token_parameter_and_no_jar()
    {
        Assert.Empty(Problems(Config("emr-8.0.0", "--token-parameter", "/covidspark/spark-connect-token")));

        var reasons = Problems(Config("emr-8.0.0", "--connect-jar", "s3://b/spark-connect_2.12-3.5.2.jar")).Select(p => p.Reason).ToList();
        Assert.Contains(reasons, r => r.Contains("remove --connect-jar", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("pass --token-parameter", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_emr_7_release_in_the_table_runs_spark_3_5() =>
        Assert.All(SparkConnectReleaseRules.Emr7SparkVersions, kv => Assert.StartsWith("3.5.", kv.Value));
}
