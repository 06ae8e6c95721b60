namespace CovidSpark.Architecture.Tests;

/// <summary>
/// A rule lives in one place: the date format <c>yyyy-MM-dd</c> is written once per side — <c>IsoDate</c> on the jobs side,
/// <c>LedgerFormats</c> on the operations side — and everything else formats and parses dates through them.
/// </summary>
public sealed class DateFormatTests
{
    private static readonly string[] ProductWings = ["jobs", "platform", "operations", "adapters", "hosts", "bench"];

    /// <summary>The one home of each side.</summary>
    private static readonly string[] Helpers = [Path.Combine("jobs", "CovidSpark.Spark", "Sql", "IsoDate.cs"), Path.Combine("platform", "CovidSpark.Ledger", "LedgerFormats.cs")];

    /// <summary>The format as a string literal and as an interpolation's format; prose such as "in yyyy-MM-dd form" is not code.</summary>
    private static readonly string[] Spellings = ["\"yyyy-MM-dd\"", ":yyyy-MM-dd}"];

    [Fact]
    public void The_date_format_literal_appears_only_in_each_sides_helper()
    {
        var problems = new List<string>();
        foreach (var wing in ProductWings)
        {
            foreach (var file in SourceTree.Files(Path.Combine(RepoRoot.Path, wing), "*.cs"))
            {
                var relative = Path.GetRelativePath(RepoRoot.Path, file);
                if (Helpers.Contains(relative)) continue;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                    if (Spellings.Any(s => lines[i].Contains(s, StringComparison.Ordinal)) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                        problems.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(problems.Count == 0, "format dates with IsoDate (jobs side) or LedgerFormats (operations side):\n" + string.Join("\n", problems));
        Assert.All(Helpers, h => Assert.Contains(Spellings[0], File.ReadAllText(Path.Combine(RepoRoot.Path, h))));
    }
}
