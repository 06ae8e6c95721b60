using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

/// <summary>The template's Glue database, Athena workgroup and the IAM of the catalog sync and of analysts (docs/catalog.md).</summary>
public sealed class TemplateCatalogTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    private CfnTemplate T => fixture.Template;

    private static readonly string[] CatalogReads =
    [
        "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions",
        "glue:BatchGetPartition", "glue:GetUserDefinedFunctions",
    ];

    [Fact]
    public void The_Glue_database_is_the_one_the_instance_role_and_the_steps_use()
    {
        var db = T.Properties("GlueDatabase");
        Assert.Contains("GlueDatabaseName", IamInspector.References(db["DatabaseInput"]!["Name"]));
        Assert.Contains("AWS::AccountId", IamInspector.References(db["CatalogId"]));
        var config = File.ReadAllText(RepoRoot.EmrConfig);
        Assert.Equal(2, config.Split("\"--catalog-database\", \"covidspark\"").Length - 1);   // both step templates; the parameter's default
        Assert.Equal("covidspark", (string?)T.Root["Parameters"]!["GlueDatabaseName"]!["Default"]);
    }

    [Fact]
    public void The_Athena_workgroup_runs_engine_3_and_keeps_encrypted_results_in_the_lake_bucket_for_30_days()
    {
        var wg = T.Properties("AthenaWorkGroup")["WorkGroupConfiguration"]!;
        Assert.Equal("Athena engine version 3", (string?)wg["EngineVersion"]!["SelectedEngineVersion"]);
        Assert.True((bool?)wg["EnforceWorkGroupConfiguration"]);
        Assert.True((long?)wg["BytesScannedCutoffPerQuery"] > 0);
        var results = wg["ResultConfiguration"]!;
        Assert.Equal("s3://${LakeBucket}/athena-results/", (string?)results["OutputLocation"]!["Fn::Sub"]);
        Assert.Contains((string?)results["EncryptionConfiguration"]!["EncryptionOption"], new[] { "SSE_S3", "SSE_KMS" });
        var rules = T.Properties("LakeBucket")["LifecycleConfiguration"]!["Rules"]!.AsArray();
        var expiry = Assert.Single(rules, r => (string?)r!["Prefix"] == "athena-results/")!;
        Assert.Equal("Enabled", (string?)expiry["Status"]);
        Assert.Equal(30, (int?)expiry["ExpirationInDays"]);
    }

    [Fact]
    public void The_EMR_instance_role_reads_the_catalog_and_registers_tables_but_never_creates_databases_or_deletes()
    {
        var allows = IamInspector.Allows(T, "EmrInstanceRole");
        var glue = allows.SelectMany(s => s.Actions).Where(a => a.StartsWith("glue:", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(CatalogReads.Append("glue:CreateTable").Append("glue:UpdateTable").Order(), glue.Order());
        var register = Assert.Single(allows, s => s.Actions.Contains("glue:CreateTable"));
        Assert.Equal(new[] { "glue:CreateTable", "glue:UpdateTable" }, register.Actions);
        Assert.All(register.Resources, r => Assert.DoesNotContain("database/default", (string)r["Fn::Sub"]!, StringComparison.Ordinal));
        Assert.DoesNotContain(allows, s => s.Actions.Any(a => a.StartsWith("athena:", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_analyst_policy_grants_exactly_queries_in_the_stack_workgroup_the_sync_and_the_lake_reads()
    {
        var allows = IamInspector.Allows(T, "AnalystPolicy");
        var athena = Assert.Single(allows, s => s.Actions.Any(a => a.StartsWith("athena:", StringComparison.Ordinal)));
        Assert.Equal(new[] { "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup", "athena:StartQueryExecution", "athena:StopQueryExecution" },
            athena.Actions.Order());
        Assert.Equal(["AthenaWorkGroup"], athena.Resources.SelectMany(r => IamInspector.References(r)).Where(r => !r.StartsWith("AWS::", StringComparison.Ordinal)));
        var glue = Assert.Single(allows, s => s.Actions.Any(a => a.StartsWith("glue:", StringComparison.Ordinal)));
        Assert.Equal(new[] { "glue:BatchGetPartition", "glue:CreateDatabase", "glue:CreateTable", "glue:DeleteTable", "glue:GetDatabase", "glue:GetDatabases",
            "glue:GetPartition", "glue:GetPartitions", "glue:GetTable", "glue:GetTables", "glue:UpdateTable" }, glue.Actions.Order());
        Assert.All(glue.Resources, r => Assert.Matches(@":glue:\$\{AWS::Region\}:\$\{AWS::AccountId\}:(catalog|(database|table)/\$\{GlueDatabaseName\})", (string)r["Fn::Sub"]!));
        var writes = Assert.Single(allows, s => s.Actions.Contains("s3:PutObject"));
        Assert.Equal(["${LakeBucket.Arn}/athena-results/*"], writes.Resources.Select(r => (string?)r["Fn::Sub"]));
        var reads = allows.Where(s => s.Actions.Contains("s3:GetObject")).SelectMany(s => s.Resources).Select(r => (string?)r["Fn::Sub"]).Order();
        Assert.Equal(new[] { "${LakeBucket.Arn}/athena-results/*", "${LakeBucket.Arn}/refined/*", "${LakeBucket.Arn}/trusted/*" }, reads);
        Assert.Contains("AnalystPolicy", IamInspector.References(T.Root["Outputs"]!["AnalystPolicyArn"]!["Value"]));
    }
}
