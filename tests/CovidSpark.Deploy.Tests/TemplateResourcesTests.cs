using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

/// <summary>The template builds what the pipeline expects: the ledger of docs/ledger.md, three functions, the rules, the stream mapping, alarms, outputs.</summary>
public sealed class TemplateResourcesTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    private CfnTemplate T => fixture.Template;

    [Fact]
    public void Ledger_table_follows_the_ledger_contract()
    {
        var table = T.Properties("LedgerTable");
        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
        Assert.Equal("covidspark-jobs", (string?)T.Root["Parameters"]!["LedgerTableName"]!["Default"]);
        Assert.Equal("pk", (string?)Assert.Single(table["KeySchema"]!.AsArray())!["AttributeName"]);
        Assert.Equal("NEW_AND_OLD_IMAGES", (string?)table["StreamSpecification"]!["StreamViewType"]);
        var gsi = Assert.Single(table["GlobalSecondaryIndexes"]!.AsArray())!;
        Assert.Equal("by_state", (string?)gsi["IndexName"]);
        Assert.Equal(new[] { "state:HASH", "data_date:RANGE" },
            gsi["KeySchema"]!.AsArray().Select(k => $"{(string?)k!["AttributeName"]}:{(string?)k["KeyType"]}"));
        Assert.Equal("expires_at", (string?)table["TimeToLiveSpecification"]!["AttributeName"]);
        Assert.True((bool?)table["TimeToLiveSpecification"]!["Enabled"]);
        Assert.True((bool?)table["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]);
    }

    [Theory]
    [InlineData("LauncherFunction", "launcher", "LauncherRole", "LauncherLogGroup")]
    [InlineData("TrackerFunction", "step-status", "TrackerRole", "TrackerLogGroup")]
    [InlineData("NotifierFunction", "notifier", "NotifierRole", "NotifierLogGroup")]
    public void Functions_share_one_bundle_on_provided_al2023_with_their_own_role_handler_and_log_group(string function, string handler, string role, string logGroup)
    {
        var f = T.Properties(function);
        Assert.Equal("provided.al2023", (string?)f["Runtime"]);
        Assert.Equal(handler, (string?)f["Handler"]);
        Assert.Equal("Architecture", (string?)Assert.Single(f["Architectures"]!.AsArray())!["Ref"]);
        Assert.Equal(new[] { role }, IamInspector.References(f["Role"]));
        Assert.Equal("LakeBucket", (string?)f["Code"]!["S3Bucket"]!["Ref"]);
        Assert.Equal("FunctionsBundleKey", (string?)f["Code"]!["S3Key"]!["Ref"]);
        var name = (string?)f["FunctionName"]!["Fn::Sub"];
        Assert.Equal($"/aws/lambda/{name}", (string?)T.Properties(logGroup)["LogGroupName"]!["Fn::Sub"]);
        Assert.Equal("LogRetentionDays", (string?)T.Properties(logGroup)["RetentionInDays"]!["Ref"]);
        Assert.Null(f["Environment"]!["Variables"]!["_HANDLER"]); // reserved: Lambda sets it from Handler
    }

    [Fact]
    public void Architecture_parameter_offers_x86_64_and_arm64()
    {
        var p = T.Root["Parameters"]!["Architecture"]!;
        Assert.Equal(new[] { "arm64", "x86_64" }, p["AllowedValues"]!.AsArray().Select(v => (string)v!).Order());
        Assert.Equal("x86_64", (string?)p["Default"]);
    }

    [Fact]
    public void Daily_schedule_runs_early_UTC_and_invokes_the_launcher()
    {
        var rule = T.Properties("DailyScheduleRule");
        Assert.Equal("ScheduleExpression", (string?)rule["ScheduleExpression"]!["Ref"]);
        var cron = (string)T.Root["Parameters"]!["ScheduleExpression"]!["Default"]!;
        var m = Regex.Match(cron, @"^cron\((\d+) (\d+) \* \* \? \*\)$");
        Assert.True(m.Success, $"default schedule '{cron}' is not a daily cron");
        Assert.InRange(int.Parse(m.Groups[2].Value), 0, 8);
        Assert.Equal(new[] { "LauncherFunction" }, IamInspector.References(Assert.Single(rule["Targets"]!.AsArray())!["Arn"]));
        AssertInvokePermission("LauncherFunction", "DailyScheduleRule");
    }

    [Fact]
    public void EMR_step_status_changes_of_covidspark_steps_go_to_the_tracker()
    {
        var rule = T.Properties("StepStatusRule");
        var pattern = rule["EventPattern"]!;
        Assert.Equal("aws.emr", (string?)pattern["source"]![0]);
        Assert.Equal("EMR Step Status Change", (string?)pattern["detail-type"]![0]);
        Assert.Equal("covidspark:", (string?)pattern["detail"]!["name"]![0]!["prefix"]);
        Assert.Equal(new[] { "TrackerFunction" }, IamInspector.References(Assert.Single(rule["Targets"]!.AsArray())!["Arn"]));
        AssertInvokePermission("TrackerFunction", "StepStatusRule");
    }

    [Fact]
    public void Stream_mapping_reports_partial_batches_bisects_retries_boundedly_and_keeps_what_fails()
    {
        var (_, mapping) = Assert.Single(T.OfType("AWS::Lambda::EventSourceMapping"));
        var p = mapping["Properties"]!;
        Assert.Equal(new[] { "LedgerTable" }, IamInspector.References(p["EventSourceArn"]));
        Assert.Equal("StreamArn", (string?)p["EventSourceArn"]!["Fn::GetAtt"]![1]);
        Assert.Equal(new[] { "NotifierFunction" }, IamInspector.References(p["FunctionName"]));
        Assert.Equal("ReportBatchItemFailures", (string?)Assert.Single(p["FunctionResponseTypes"]!.AsArray()));
        Assert.True((bool?)p["BisectBatchOnFunctionError"]);
        Assert.InRange((int)p["MaximumRetryAttempts"]!, 1, 100);
        Assert.Equal(new[] { "NotifierDeadLetterQueue" }, IamInspector.References(p["DestinationConfig"]!["OnFailure"]!["Destination"]));
        var filter = JsonNode.Parse((string)p["FilterCriteria"]!["Filters"]![0]!["Pattern"]!)!;
        Assert.NotNull(filter["dynamodb"]!["NewImage"]!["state"]); // sent marks (no state attribute) do not invoke the notifier
    }

    [Fact]
    public void Alarms_watch_failed_jobs_notifier_errors_and_dead_letters()
    {
        var alarms = T.OfType("AWS::CloudWatch::Alarm").ToDictionary(a => a.Id, a => a.Resource["Properties"]!);
        var failed = alarms["FailedJobsAlarm"];
        Assert.Equal("TriggeredRules", (string?)failed["MetricName"]);
        Assert.Equal(new[] { "FailedStepsRule" }, IamInspector.References(failed["Dimensions"]));
        Assert.Equal("FAILED", (string?)T.Properties("FailedStepsRule")["EventPattern"]!["detail"]!["state"]![0]);
        var notifier = alarms["NotifierErrorsAlarm"];
        Assert.Equal(("AWS/Lambda", "Errors"), ((string?)notifier["Namespace"], (string?)notifier["MetricName"]));
        Assert.Equal(new[] { "NotifierFunction" }, IamInspector.References(notifier["Dimensions"]));
        Assert.Equal(new[] { "NotifierDeadLetterQueue" }, IamInspector.References(alarms["NotifierDeadLettersAlarm"]["Dimensions"]));
        Assert.All(alarms.Values, a => Assert.Equal(new[] { "AlarmTopic" }, IamInspector.References(a["AlarmActions"])));
    }

    [Fact]
    public void Every_log_group_has_a_retention()
    {
        Assert.All(T.OfType("AWS::Logs::LogGroup"), g => Assert.NotNull(g.Resource["Properties"]!["RetentionInDays"]));
    }

    [Fact]
    public void Outputs_name_bucket_table_and_functions()
    {
        var outputs = T.Root["Outputs"]!.AsObject();
        foreach (var name in new[] { "BucketName", "LedgerTableName", "LauncherFunctionName", "TrackerFunctionName", "NotifierFunctionName", "EmrServiceRoleName", "EmrInstanceProfileName" })
            Assert.True(outputs.ContainsKey(name), $"output {name} is missing");
    }

    private void AssertInvokePermission(string function, string rule)
    {
        Assert.Contains(T.OfType("AWS::Lambda::Permission"), p =>
            IamInspector.References(p.Resource["Properties"]!["FunctionName"]).Contains(function)
            && IamInspector.References(p.Resource["Properties"]!["SourceArn"]).Contains(rule)
            && (string?)p.Resource["Properties"]!["Principal"] == "events.amazonaws.com");
    }
}
