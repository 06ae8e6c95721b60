namespace CovidSpark.Architecture.Tests;

/// <summary>
/// Tests never write the process environment: test classes run in parallel in one process, so a variable one test sets is
/// seen by the others. Code under test takes its environment as a lookup (<c>Func&lt;string, string?&gt;</c>) instead, and a
/// child process gets its own (<c>ProcessStartInfo.Environment</c>).
/// </summary>
public sealed class TestEnvironmentTests
{
    // Spelled in two parts so this file does not find itself.
    private const string Setter = "SetEnvironment" + "Variable(";

    [Fact]
    public void No_test_sets_a_process_environment_variable()
    {
        var tests = RepoRoot.Combine("tests");
        var hits = SourceTree.Files(tests, "*.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(Setter, StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(RepoRoot.Path, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "Tests that write the process environment (pass an environment lookup instead):\n" + string.Join("\n", hits));
    }
}
