using System.Diagnostics;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Tooling;

/// <summary><c>scripts/trx-summary.py</c>, the last line of <c>scripts/test.sh</c> and <c>.ci/run</c>, on TRX files as VSTest writes them.</summary>
public sealed class TestSummaryScriptTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A TRX as the VSTest logger writes one with a skipped xunit test: outcome NotExecuted, counters notExecuted="0".</summary>
    private static string Trx(params string[] outcomes) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
        {string.Join("\n", outcomes.Select((o, i) => $"    <UnitTestResult testId=\"{i}\" testName=\"T{i}\" outcome=\"{o}\" />"))}
          </Results>
          <ResultSummary outcome="Completed">
            <Counters total="{outcomes.Length}" executed="{outcomes.Count(o => o != "NotExecuted")}" passed="{outcomes.Count(o => o == "Passed")}" failed="{outcomes.Count(o => o == "Failed")}" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="0" />
          </ResultSummary>
        </TestRun>
        """;

    [Fact]
    public async Task Skipped_tests_are_counted_from_their_outcomes_not_from_the_counters()
    {
        _dir.Write(Path.Combine("results", "a.trx"), Trx("Passed", "Passed", "NotExecuted"));
        _dir.Write(Path.Combine("results", "sub", "b.trx"), Trx("Passed", "Failed"));

        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestData.RepoRoot, "scripts", "trx-summary.py"));
        psi.ArgumentList.Add(_dir.Combine("results"));
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();

        Assert.True(p.ExitCode == 0, await p.StandardError.ReadToEndAsync());
        Assert.Equal("3 passed, 1 failed, 1 skipped", output.Trim());
    }
}
