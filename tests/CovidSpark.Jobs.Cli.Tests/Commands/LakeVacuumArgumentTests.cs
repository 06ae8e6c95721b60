
namespace CovidSpark.Jobs.Cli.Tests.Commands;

/// <summary>
/// <c>lake vacuum</c>'s safety window, the rule <c>DeltaTable.VacuumAsync</c> applies too (one rule, in
/// <c>DeltaTable.RetentionProblem</c>): below 168 hours only with <c>--force</c>, never below 0.
/// </summary>
public sealed class LakeVacuumArgumentTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_retention_below_the_window_is_refused_without_force_with_the_same_words_as_before()
    {
        var r = await JobsCli.RunAsync("lake", "--lake", _dir.Path, "vacuum", "--retain", "1");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("error: --retain 1 is below the safety window of 168 hours; a concurrent run or a reader of a recent version may " +
            "still need those files. Add --force to do it anyway", r.Error.Trim());
    }

    [Fact]
    public async Task A_negative_retention_is_refused_even_with_force()
    {
        var r = await JobsCli.RunAsync("lake", "--lake", _dir.Path, "vacuum", "--retain", "-1", "--force");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("error: --retain -1 must be 0 hours or more", r.Error.Trim());
    }
}
