using System.Text.RegularExpressions;

namespace CovidSpark.Architecture.Tests;

/// <summary>
/// A name means one thing: no two top-level types of the product share a simple name (a reader who meets
/// <c>ExitCodes</c> or <c>RetryPolicy</c> should not have to look at the usings to know which table or policy it is).
/// Partial declarations of one type and types nested inside another (private helpers such as <c>Outcome</c>) do not count.
/// </summary>
public sealed partial class TypeNameTests
{
    private static readonly string[] ProductWings = ["jobs", "platform", "operations", "adapters", "hosts"];

    [Fact]
    public void No_two_product_types_share_a_name()
    {
        var declared = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var wing in ProductWings)
            foreach (var file in SourceTree.Files(Path.Combine(RepoRoot.Path, wing), "*.cs"))
                foreach (Match m in TopLevelType().Matches(File.ReadAllText(file)))
                {
                    if (m.Groups["modifiers"].Value.Contains("partial", StringComparison.Ordinal)) continue;
                    var name = m.Groups["name"].Value;
                    if (!declared.TryGetValue(name, out var files)) declared[name] = files = [];
                    files.Add(Path.GetRelativePath(RepoRoot.Path, file));
                }

        var shared = declared.Where(d => d.Value.Count > 1).Select(d => $"{d.Key}: {string.Join(", ", d.Value)}").ToList();
        Assert.True(shared.Count == 0, "these names each name more than one type; give each its own name:\n" + string.Join("\n", shared));
        Assert.True(declared.Count > 300, $"only {declared.Count} types found: the scan is broken");
    }

    /// <summary>A type declared at the start of a line without indentation: a top-level type of a file-scoped namespace.</summary>
    [GeneratedRegex(@"^(?<modifiers>(?:(?:public|internal|sealed|static|abstract|readonly|partial|file|ref|unsafe)\s+)*)(?:class|record(?:\s+struct|\s+class)?|struct|interface|enum)\s+(?<name>[A-Z][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
