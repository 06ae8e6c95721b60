using CovidSpark.Rehearsal.Iam;

namespace CovidSpark.Rehearsal.Tests;

/// <summary>
/// The shared rehearsal ran every function with credentials holding exactly its template role, moto enforcing IAM, and every
/// call recorded: nothing a function called is missing from its role, and the calls that were missing before are now granted.
/// </summary>
[Collection(RehearsalCollection.Name)]
public sealed class IamRehearsalTests(RehearsalRun run)
{
    [Fact]
    public void Every_function_ran_under_its_own_role_and_called_nothing_its_role_lacks()
    {
        var permissions = Assert.IsAssignableFrom<IReadOnlyList<FunctionPermissions>>(run.Report.Permissions);
        Assert.Equal(new[] { "launcher", "tracker", "notifier", "job" }, permissions.Select(p => p.Function));
        foreach (var p in permissions)
        {
            Assert.Empty(p.Missing);
            Assert.Equal(0, p.DeniedByMoto);
            Assert.NotEmpty(p.Called);
        }
    }

    [Fact]
    public void The_launcher_batch_reads_the_ledger_takes_the_cluster_lease_and_passes_the_EMR_roles()
    {
        var launcher = run.Report.Permissions!.Single(p => p.Function == "launcher");
        foreach (var action in new[] { "dynamodb:BatchGetItem", "dynamodb:UpdateItem", "elasticmapreduce:RunJobFlow", "elasticmapreduce:AddTags", "iam:PassRole" })
            Assert.True(launcher.Called.ContainsKey(action), $"launcher did not call {action}: {string.Join(", ", launcher.Called.Keys)}");
        var job = run.Report.Permissions!.Single(p => p.Function == "job");
        Assert.True(job.Called.ContainsKey("s3:GetObject"));
        Assert.True(job.Called.ContainsKey("dynamodb:PutItem"));
    }

    [Fact]
    public void Granted_actions_the_rehearsal_cannot_call_are_reported_with_the_reason()
    {
        var tracker = run.Report.Permissions!.Single(p => p.Function == "tracker");
        Assert.Contains(tracker.Unused, u => u.StartsWith("logs:PutLogEvents (Lambda writes", StringComparison.Ordinal));
        Assert.Contains(run.Report.Timeline, e => e.Text.StartsWith("IAM launcher (LauncherRole): called", StringComparison.Ordinal));
    }
}
