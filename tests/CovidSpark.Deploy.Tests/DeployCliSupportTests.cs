using System.Text.Json.Nodes;
using CovidSpark.Cli.Commands.Deploy;
using CovidSpark.Deploy.Upload;

namespace CovidSpark.Deploy.Tests;

/// <summary>The pieces behind <c>covidspark deploy</c>'s options and output.</summary>
public sealed class DeployCliSupportTests
{
    [Fact]
    public void Parameter_overrides_split_on_the_first_equals_sign_and_keep_the_value_verbatim()
    {
        var parsed = ParameterOverrides.Parse(["ScheduleExpression=cron(30 5 * * ? *)", "NotifyStates=FAILED,PARTIAL", "AlarmEmail=a=b@example.com", "BucketName="]);
        Assert.Equal("cron(30 5 * * ? *)", parsed["ScheduleExpression"]);
        Assert.Equal("a=b@example.com", parsed["AlarmEmail"]);
        Assert.Equal("", parsed["BucketName"]);
    }

    [Fact]
    public void Every_bad_parameter_is_reported_at_once()
    {
        var e = Assert.Throws<ArgumentException>(() => ParameterOverrides.Parse(["NoEquals", "A=1", "A=2", "Architecture=arm64", "bad-key=1"]));
        Assert.Contains("'NoEquals' is not Key=Value", e.Message);
        Assert.Contains("'A' is given more than once", e.Message);
        Assert.Contains("'Architecture' is set by the deployment itself (use --arch", e.Message);
        Assert.Contains("'bad-key=1' is not Key=Value", e.Message);
    }

    private static DeployReport Report() => new("covidspark", "lake-bucket", "0123456789abcdef", "scripts/releases/0123456789abcdef/configured/aa/covidspark-functions-linux-x64.zip",
        CreatedInfrastructureFirst: true,
        new UploadReport("lake-bucket",
        [
            new UploadedObject("scripts/releases/0123456789abcdef/covidspark-jobs-linux-x64.zip", UploadOutcome.Uploaded, 1234567),
            new UploadedObject("scripts/current/covidspark-jobs-linux-x64.zip", UploadOutcome.Copied, 1234567),
            new UploadedObject("scripts/bootstrap/install-bundle.sh", UploadOutcome.Unchanged, 5000),
            new UploadedObject("raw/", UploadOutcome.Uploaded, 0),
        ]),
        [new StampedValue("bucket", "covidspark-data-example", "lake-bucket")],
        new Dictionary<string, string> { ["LedgerTableName"] = "covidspark-jobs", ["BucketName"] = "lake-bucket" });

    [Fact]
    public void Text_report_names_release_code_location_uploads_config_changes_and_outputs()
    {
        var text = new StringWriter();
        DeployReportWriter.WriteText(Report(), text);
        var s = text.ToString();
        Assert.Contains("Stack covidspark deployed (created: bucket, table and roles first, then the functions).", s);
        Assert.Contains("functions code s3://lake-bucket/scripts/releases/0123456789abcdef/configured/aa/covidspark-functions-linux-x64.zip", s);
        Assert.Contains("2 uploaded, 1 copied, 1 unchanged", s);
        Assert.Contains("copied    scripts/current/covidspark-jobs-linux-x64.zip (1,234,567 bytes)", s);
        Assert.DoesNotContain("install-bundle.sh", s);
        Assert.Contains("emr-config.json bucket: 'covidspark-data-example' -> 'lake-bucket'", s);
        Assert.Contains("BucketName       lake-bucket", s);
    }

    [Fact]
    public void Json_report_is_one_parsable_document_with_every_object()
    {
        var text = new StringWriter();
        DeployReportWriter.WriteJson(Report(), text);
        var json = JsonNode.Parse(text.ToString())!;
        Assert.Equal("lake-bucket", (string?)json["bucket"]);
        Assert.Equal(4, json["objects"]!.AsArray().Count);
        Assert.Equal("copied", (string?)json["objects"]![1]!["outcome"]);
        Assert.Equal("covidspark-jobs", (string?)json["outputs"]!["LedgerTableName"]);
        Assert.Equal("covidspark-data-example", (string?)json["configChanges"]![0]!["before"]);
    }
}
