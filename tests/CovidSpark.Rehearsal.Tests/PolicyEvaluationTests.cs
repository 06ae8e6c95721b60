using CovidSpark.Rehearsal.Iam;
using CovidSpark.Testing;

namespace CovidSpark.Rehearsal.Tests;

/// <summary>The template's role policies, resolved as a stack would hold them, evaluated the way IAM does (no moto needed).</summary>
public sealed class PolicyEvaluationTests
{
    private static readonly RehearsalStack Stack = new("st", "us-east-1", RehearsalStack.MotoAccount, "jobs", "arn:aws:dynamodb:us-east-1:123456789012:table/jobs/stream/x",
        "lake-bucket", "covidspark", "/covidspark/slack");

    private const string Table = "arn:aws:dynamodb:us-east-1:123456789012:table/jobs";

    private static RolePolicy Role(string role, string? template = null) =>
        new TemplatePolicies(template ?? RepoRoot.Combine("deploy", "template.yaml"), Stack.Values(), RehearsalStack.Conditions).Role(role);

    private static AwsAuthorization Item(string action, string pk, params string[] attributes) => new(action, Table, new Dictionary<string, IReadOnlyList<string>>
    {
        ["dynamodb:LeadingKeys"] = [pk],
        ["dynamodb:Attributes"] = attributes.Length == 0 ? ["pk", "state", "version"] : attributes,
    });

    [Fact]
    public void The_launcher_may_batch_read_the_ledger_and_update_only_cluster_leases()
    {
        var launcher = Role("LauncherRole");
        Assert.True(PolicyEvaluator.Evaluate(launcher.Statements, Item("dynamodb:BatchGetItem", "pipeline#2020-11-08")).Allowed);
        Assert.True(PolicyEvaluator.Evaluate(launcher.Statements, Item("dynamodb:UpdateItem", "lock#cluster#covidspark", "cluster_id", "owner")).Allowed);
        var other = PolicyEvaluator.Evaluate(launcher.Statements, Item("dynamodb:UpdateItem", "pipeline#2020-11-08", "state"));
        Assert.False(other.Allowed);
        Assert.Contains("dynamodb:LeadingKeys", other.Reason);
    }

    [Fact]
    public void A_role_without_an_action_denies_it_and_says_why()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(copy, File.ReadAllText(RepoRoot.Combine("deploy", "template.yaml")).Replace("                  - dynamodb:BatchGetItem\n", "", StringComparison.Ordinal));
        try
        {
            var decision = PolicyEvaluator.Evaluate(Role("LauncherRole", copy).Statements, Item("dynamodb:BatchGetItem", "pipeline#2020-11-08"));
            Assert.False(decision.Allowed);
            Assert.Equal("no statement allows this action on this resource", decision.Reason);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Resources_conditions_and_wildcards_are_evaluated_as_IAM_does()
    {
        var launcher = Role("LauncherRole");
        var tagged = new Dictionary<string, IReadOnlyList<string>> { ["elasticmapreduce:ResourceTag/covidspark:cluster"] = ["covidspark"] };
        var foreign = new Dictionary<string, IReadOnlyList<string>> { ["elasticmapreduce:ResourceTag/covidspark:cluster"] = ["someone-else"] };
        const string cluster = "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1";
        Assert.True(PolicyEvaluator.Evaluate(launcher.Statements, new("elasticmapreduce:AddJobFlowSteps", cluster, tagged)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(launcher.Statements, new("elasticmapreduce:AddJobFlowSteps", cluster, foreign)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(launcher.Statements, AwsAuthorization.Of("elasticmapreduce:AddJobFlowSteps", cluster)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(launcher.Statements, Item("dynamodb:GetItem", "x") with { Resource = "arn:aws:dynamodb:us-east-1:123456789012:table/other" }).Allowed);
        Assert.True(PolicyEvaluator.Evaluate(launcher.Statements, Item("DynamoDB:query", "x") with { Resource = $"{Table}/index/by_state" }).Allowed);
        Assert.True(PolicyEvaluator.Like("arn:aws:s3:::b/trusted/*", "arn:aws:s3:::b/trusted/x/part-0.parquet", ignoreCase: false));
        Assert.False(PolicyEvaluator.Like("arn:aws:s3:::b/trusted/*", "arn:aws:s3:::b/scripts/x", ignoreCase: false));
        Assert.True(PolicyEvaluator.Like("*#????-??-??", "pipeline#2020-11-08", ignoreCase: false));
    }

    [Fact]
    public void Every_function_role_of_the_template_resolves()
    {
        foreach (var role in RehearsedFunctions.Roles.Values)
            Assert.NotEmpty(Role(role).Statements);
    }
}
