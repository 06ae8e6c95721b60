using System.Text.Json.Nodes;
using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

/// <summary>The template's security posture: a private TLS-only bucket, no wildcard grants, PassRole and every function's role limited to what it calls.</summary>
public sealed class TemplateSecurityTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    private CfnTemplate T => fixture.Template;

    [Fact]
    public void Bucket_blocks_every_kind_of_public_access_and_is_encrypted_and_versioned()
    {
        var bucket = T.Properties("LakeBucket");
        var block = bucket["PublicAccessBlockConfiguration"]!.AsObject();
        foreach (var setting in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
            Assert.True((bool?)block[setting] == true, $"PublicAccessBlockConfiguration.{setting} must be true");
        Assert.Null(bucket["AccessControl"]);
        Assert.Null(bucket["WebsiteConfiguration"]);
        Assert.Equal("BucketOwnerEnforced", (string?)bucket["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]);
        var sse = bucket["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!;
        Assert.Contains((string?)sse["SSEAlgorithm"], new[] { "AES256", "aws:kms" });
        Assert.Equal("Enabled", (string?)bucket["VersioningConfiguration"]!["Status"]);
        Assert.Equal("Retain", (string?)T.Resource("LakeBucket")["DeletionPolicy"]);
    }

    [Fact]
    public void Bucket_policy_denies_plain_http_on_bucket_and_objects_and_grants_nothing_to_everyone()
    {
        var (_, policy) = Assert.Single(T.OfType("AWS::S3::BucketPolicy"));
        Assert.Contains("LakeBucket", IamInspector.References(policy["Properties"]!["Bucket"]));
        var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.DoesNotContain(statements, s => (string?)s["Effect"] == "Allow");
        var tls = Assert.Single(statements, s => s["Condition"]?["Bool"]?["aws:SecureTransport"] is { } v && (string?)v == "false");
        Assert.Equal("Deny", (string?)tls["Effect"]);
        Assert.Equal("*", (string?)tls["Principal"]);
        Assert.Equal("s3:*", (string?)tls["Action"]);
        var resources = IamInspector.Flatten(tls["Resource"]!).ToList();
        Assert.Equal(2, resources.Count);
        Assert.Contains(resources, r => r["Fn::GetAtt"] is not null);                              // the bucket itself
        Assert.Contains(resources, r => ((string?)r["Fn::Sub"])?.EndsWith("/*") == true);         // every object
    }

    [Fact]
    public void No_allow_statement_uses_wildcard_actions_or_star_resources_where_a_resource_is_known()
    {
        Assert.Empty(IamInspector.Violations(T));
    }

    [Fact]
    public void The_wildcard_check_catches_a_star_action_and_a_star_resource()
    {
        var broken = T.Clone();
        var statements = broken.Properties("TrackerRole")["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();
        statements.Add(new JsonObject { ["Effect"] = "Allow", ["Action"] = "dynamodb:*", ["Resource"] = "*" });
        statements.Add(new JsonObject { ["Effect"] = "Allow", ["Action"] = "sqs:SendMessage", ["Resource"] = "*" });
        var violations = IamInspector.Violations(broken);
        Assert.Contains(violations, v => v.Contains("wildcard action 'dynamodb:*'"));
        Assert.Contains(violations, v => v.Contains("'sqs:SendMessage' on Resource \"*\""));
    }

    [Theory]
    [InlineData("LauncherRole", new[]
    {
        "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
        "elasticmapreduce:ListClusters", "elasticmapreduce:DescribeCluster", "elasticmapreduce:ListSteps", "elasticmapreduce:DescribeStep",
        "elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:CancelSteps", "elasticmapreduce:RunJobFlow", "elasticmapreduce:AddTags", "iam:PassRole",
    })]
    [InlineData("TrackerRole", new[] { "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:PutItem" })]
    [InlineData("NotifierRole", new[]
    {
        "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
        "dynamodb:ListStreams", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "ssm:GetParameter", "kms:Decrypt", "sqs:SendMessage",
    })]
    public void Each_function_role_grants_exactly_the_actions_its_function_calls(string role, string[] expected)
    {
        var granted = IamInspector.Allows(T, role).SelectMany(s => s.Actions).ToHashSet();
        Assert.Equal(expected.Order(), granted.Order());
        Assert.Null(T.Properties(role)["ManagedPolicyArns"]);
    }

    [Theory]
    [InlineData("LauncherRole", "LauncherLogGroup")]
    [InlineData("TrackerRole", "TrackerLogGroup")]
    [InlineData("NotifierRole", "NotifierLogGroup")]
    public void Each_function_writes_only_its_own_log_group_and_data_actions_name_stack_resources(string role, string logGroup)
    {
        var allows = IamInspector.Allows(T, role);
        var logs = Assert.Single(allows, s => s.Actions.Any(a => a.StartsWith("logs:", StringComparison.Ordinal)));
        Assert.Equal(new[] { logGroup }, logs.Resources.SelectMany(r => IamInspector.References(r)).Distinct());
        foreach (var s in allows.Where(s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))))
            Assert.All(s.Resources, r => Assert.Contains("LedgerTable", IamInspector.References(r)));
        foreach (var s in allows.Where(s => s.Actions.Any(a => a.StartsWith("s3:", StringComparison.Ordinal))))
            Assert.All(s.Resources, r => Assert.Contains("LakeBucket", IamInspector.References(r)));
    }

    [Fact]
    public void EMR_instances_write_only_the_lake_zones_and_their_logs_never_the_deployed_code()
    {
        var allows = IamInspector.Allows(T, "EmrInstanceRole");
        var writes = Assert.Single(allows, s => s.Actions.Contains("s3:PutObject"));
        var prefixes = writes.Resources.Select(r => (string?)r["Fn::Sub"]).ToList();
        Assert.Equal(new[] { "trusted", "refined", "quarantine", "_runs", "_staging", "emr-logs" }.Select(z => $"${{LakeBucket.Arn}}/{z}/*"), prefixes);
        Assert.DoesNotContain(allows, s => s.Actions.Any(a => a is "s3:PutObject" or "s3:DeleteObject") && s.Resources.Any(r => ((string?)r["Fn::Sub"])?.Contains("scripts") == true));
        var glue = allows.Where(s => s.Actions.Any(a => a.StartsWith("glue:", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(glue);
        Assert.All(glue.SelectMany(s => s.Resources), r => Assert.Matches(@":glue:\$\{AWS::Region\}:\$\{AWS::AccountId\}:(catalog|database/default|(database|table|userDefinedFunction)/\$\{GlueDatabaseName\})", (string)r["Fn::Sub"]!));
        Assert.Equal(new[] { "dynamodb:GetItem", "dynamodb:PutItem" }, allows.Single(s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))).Actions);
    }

    [Fact]
    public void EMR_instances_read_only_the_Spark_Connect_token_and_only_when_one_is_configured()
    {
        // EMR 8.x (Spark 4): bootstrap/start-spark-connect.sh --token-parameter reads the token with ssm:GetParameter (+ kms:Decrypt
        // for a customer key); without these grants the bootstrap action fails and the cluster never starts.
        var allows = IamInspector.Allows(T, "EmrInstanceRole");
        var read = Assert.Single(allows, s => s.Actions.Contains("ssm:GetParameter"));
        Assert.Equal(new[] { "ssm:GetParameter" }, read.Actions);
        Assert.Equal(new[] { "SparkConnectTokenParameterName" }, read.Resources.SelectMany(r => IamInspector.References(r)).Distinct());
        var decrypt = Assert.Single(allows, s => s.Actions.Contains("kms:Decrypt"));
        Assert.Equal(new[] { "SparkConnectTokenKmsKeyArn" }, decrypt.Resources.SelectMany(r => IamInspector.References(r)));
        Assert.NotNull(decrypt.Condition!["StringEquals"]!["kms:ViaService"]);

        // Both grants exist only when the parameter (and the key) are given: on EMR 7.x the role reads no parameter at all.
        var statements = T.Properties("EmrInstanceRole")["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();
        string? ConditionOf(string sid) => statements.Select(s => s!["Fn::If"]).OfType<JsonArray>()
            .Where(f => (string?)f[1]!["Sid"] == sid).Select(f => (string?)f[0]).SingleOrDefault();
        Assert.Equal("HasSparkConnectToken", ConditionOf(read.Sid));
        Assert.Equal("HasSparkConnectTokenKey", ConditionOf(decrypt.Sid));
        Assert.Contains("SparkConnectTokenKmsKeyArn", IamInspector.References(T.Root["Conditions"]!["HasSparkConnectTokenKey"]));

        // Session Manager port forwarding (the documented way to reach Spark Connect from outside) only when asked for.
        var managed = Assert.Single(T.Properties("EmrInstanceRole")["ManagedPolicyArns"]!.AsArray())!["Fn::If"]!.AsArray();
        Assert.Equal("HasSsmSessions", (string?)managed[0]);
        Assert.EndsWith(":iam::aws:policy/AmazonSSMManagedInstanceCore", (string?)managed[1]!["Fn::Sub"]);
    }

    [Fact]
    public void PassRole_is_granted_only_for_the_EMR_roles()
    {
        var passRoles = IamInspector.Statements(T).Where(s => s.Effect == "Allow" && s.Actions.Contains("iam:PassRole")).ToList();
        Assert.Equal(new[] { "EmrServiceRole", "LauncherRole" }, passRoles.Select(s => s.Role).Order());
        var launcher = passRoles.Single(s => s.Role == "LauncherRole");
        Assert.Equal(new[] { "EmrInstanceRole", "EmrServiceRole" }, launcher.Resources.SelectMany(r => IamInspector.References(r)).Order());
        var emr = passRoles.Single(s => s.Role == "EmrServiceRole");
        Assert.Equal(new[] { "EmrInstanceRole" }, emr.Resources.SelectMany(r => IamInspector.References(r)));
        Assert.Equal("ec2.amazonaws.com", (string?)emr.Condition!["StringEquals"]!["iam:PassedToService"]);
    }

    [Theory]
    [InlineData("EmrInstanceRole")]
    [InlineData("TrackerRole")]
    public void Job_and_tracker_write_only_job_items_and_ledger_attributes_never_leases_or_sent_marks(string role)
    {
        var ledger = Assert.Single(IamInspector.Allows(T, role), s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)));
        var condition = ledger.Condition!;
        Assert.Equal(new[] { "*#????-??-??" }, Values(condition["ForAllValues:StringLike"]!["dynamodb:LeadingKeys"]!));
        Assert.Equal(new[] { "lock#*", "notify#*" }, Values(condition["ForAllValues:StringNotLike"]!["dynamodb:LeadingKeys"]!));
        var attributes = Values(condition["ForAllValues:StringEquals"]!["dynamodb:Attributes"]!);
        foreach (var a in new[] { "pk", "state", "version", "attempt", "step_id", "submit_token", "lease_expires_at", "manifest", "previous_attempts" })
            Assert.Contains(a, attributes);
        Assert.DoesNotContain("owner", attributes);
    }

    [Fact]
    public void The_launcher_passes_the_EMR_roles_to_EMR_only_and_the_failed_steps_log_accepts_only_its_rule()
    {
        var pass = Assert.Single(IamInspector.Allows(T, "LauncherRole"), s => s.Actions.Contains("iam:PassRole"));
        Assert.Equal("elasticmapreduce.amazonaws.com", (string?)pass.Condition!["StringEquals"]!["iam:PassedToService"]);
        var logPolicy = (string)T.Properties("FailedStepsLogPolicy")["PolicyDocument"]!["Fn::Sub"]!;
        Assert.Contains("\"aws:SourceArn\":\"${FailedStepsRule.Arn}\"", logPolicy);
    }

    private static string[] Values(JsonNode node) => node is JsonArray a ? a.Select(v => (string)v!).ToArray() : [(string)node!];

    [Fact]
    public void Launcher_changes_only_clusters_tagged_with_the_cluster_name()
    {
        var allows = IamInspector.Allows(T, "LauncherRole");
        var submit = Assert.Single(allows, s => s.Actions.Contains("elasticmapreduce:AddJobFlowSteps"));
        Assert.Equal("ClusterName", (string?)submit.Condition!["StringEquals"]!["elasticmapreduce:ResourceTag/covidspark:cluster"]!["Ref"]);
        var create = Assert.Single(allows, s => s.Actions.Contains("elasticmapreduce:RunJobFlow"));
        Assert.Equal("ClusterName", (string?)create.Condition!["StringEquals"]!["elasticmapreduce:RequestTag/covidspark:cluster"]!["Ref"]);
    }

    [Fact]
    public void Webhook_urls_stay_in_SSM_SecureStrings_the_user_creates_and_are_read_by_name()
    {
        Assert.Empty(T.OfType("AWS::SSM::Parameter"));
        var env = T.Properties("NotifierFunction")["Environment"]!["Variables"]!.AsObject();
        Assert.Contains("SlackWebhookParameterName", IamInspector.References(env["COVIDSPARK_SLACK_WEBHOOK_PARAM"]));
        Assert.Contains("ChimeWebhookParameterName", IamInspector.References(env["COVIDSPARK_CHIME_WEBHOOK_PARAM"]));
        Assert.Contains("TeamsWebhookParameterName", IamInspector.References(env["COVIDSPARK_TEAMS_WEBHOOK_PARAM"]));
        Assert.Contains("SlackBotTokenParameterName", IamInspector.References(env["COVIDSPARK_SLACK_BOT_TOKEN_PARAM"]));
        Assert.DoesNotContain(env, v => v.Key.EndsWith("_URL", StringComparison.Ordinal));
        var read = Assert.Single(IamInspector.Allows(T, "NotifierRole"), s => s.Actions.Contains("ssm:GetParameter"));
        Assert.Equal(new[] { "ChimeWebhookParameterName", "SlackBotTokenParameterName", "SlackWebhookParameterName", "TeamsWebhookParameterName" },
            read.Resources.SelectMany(r => IamInspector.References(r)).Order());
    }
}
