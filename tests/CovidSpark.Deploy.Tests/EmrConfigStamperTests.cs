using System.Text.Json.Nodes;
using CovidSpark.Deploy.Upload;

namespace CovidSpark.Deploy.Tests;

public sealed class EmrConfigStamperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("covidspark-stamp-").FullName;
    private static readonly StackNames Names = new("lake-bucket", "jobs-table", "cs-emr-service", "cs-emr-instance");

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "emr-config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Fills_in_the_stack_names_keeps_everything_else_and_reports_only_real_changes()
    {
        var source = Write("""
            // comments are allowed in emr-config.json
            { "bucket": "example", "ledgerTable": "jobs-table",
              "cluster": { "name": "covidspark", "serviceRole": "EMR_DefaultRole", "instanceGroups": [ { "role": "MASTER" } ] },
              "jobs": { "pipeline": { "args": [ "s3://{bucket}/raw/" ] } }, }
            """);
        var target = Path.Combine(_dir, "out", "stamped.json");

        var changes = EmrConfigStamper.Stamp(source, target, Names);

        Assert.Equal(new[] { ("bucket", "example"), ("cluster.serviceRole", "EMR_DefaultRole"), ("cluster.jobFlowRole", (string?)null) },
            changes.Select(c => (c.Path, c.Before)));
        var stamped = JsonNode.Parse(File.ReadAllText(target))!;
        Assert.Equal("lake-bucket", (string?)stamped["bucket"]);
        Assert.Equal("cs-emr-instance", (string?)stamped["cluster"]!["jobFlowRole"]);
        Assert.Equal("MASTER", (string?)stamped["cluster"]!["instanceGroups"]![0]!["role"]);
        Assert.Equal("s3://{bucket}/raw/", (string?)stamped["jobs"]!["pipeline"]!["args"]![0]);   // placeholders stay for the launcher
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("""{ "bucket": "x" }""", "has no 'cluster' object")]
    public void A_file_that_is_not_an_emr_config_is_refused_with_the_reason(string json, string expected)
    {
        var e = Assert.Throws<ArtifactException>(() => EmrConfigStamper.Stamp(Write(json), Path.Combine(_dir, "out.json"), Names));
        Assert.Contains(expected, e.Message);
        Assert.EndsWith("emr-config.json", e.Path);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
