using System.Text.RegularExpressions;

namespace CovidSpark.Architecture.Tests;

/// <summary>
/// One exception root per side, so a host catches one type and a retry asks one <c>IsTransient</c>: every exception type of
/// the jobs side derives from <c>SparkJobsException</c>, every one of the operations side from <c>CovidSparkOperationsException</c>.
/// </summary>
public sealed partial class ExceptionRootTests
{
    private const string JobsRoot = "SparkJobsException";
    private const string OperationsRoot = "CovidSparkOperationsException";

    /// <summary>The roots a project's exceptions may derive from: by wing, and for hosts and adapters by the side they serve.</summary>
    private static string[] RootsFor(ProjectFile project) => project.Wing switch
    {
        "jobs" => [JobsRoot],
        "platform" or "operations" => [OperationsRoot],
        "hosts" when project.Name == "CovidSpark.Jobs.Cli" => [JobsRoot],
        "hosts" => [OperationsRoot],
        "adapters" => [JobsRoot, OperationsRoot],
        _ => [],
    };

    [Fact]
    public void Every_exception_type_of_a_product_assembly_derives_from_its_sides_root()
    {
        var projects = ProjectFile.All(RepoRoot.Path).Where(p => RootsFor(p).Length > 0).ToList();
        var declared = projects.SelectMany(p => Declarations(p)).ToList();
        var bases = declared.GroupBy(d => d.Type).ToDictionary(g => g.Key, g => g.First().Base);
        Assert.Contains(declared, d => d.Type == "DeltaException");
        var problems = new List<string>();
        foreach (var d in declared.Where(d => d.Type is not (JobsRoot or OperationsRoot)))
        {
            var chain = new List<string> { d.Type };
            var current = d.Base;
            while (current is not (JobsRoot or OperationsRoot) && bases.TryGetValue(current, out var next) && !chain.Contains(current))
            {
                chain.Add(current);
                current = next;
            }
            var roots = RootsFor(d.Project);
            if (!roots.Contains(current))
                problems.Add($"{d.Where}: {string.Join(" : ", chain)} : {current} does not derive from {string.Join(" or ", roots)}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<(ProjectFile Project, string Type, string Base, string Where)> Declarations(ProjectFile project)
    {
        var folder = Path.GetDirectoryName(Path.Combine(RepoRoot.Path, project.RelativePath))!;
        foreach (var file in SourceTree.Files(folder, "*.cs"))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in ClassWithBase().Matches(text))
            {
                var (type, baseType) = (m.Groups["type"].Value, m.Groups["base"].Value.Split('.')[^1]);
                if (type.EndsWith("Exception", StringComparison.Ordinal) || baseType.EndsWith("Exception", StringComparison.Ordinal))
                    yield return (project, type, baseType, $"{Path.GetRelativePath(RepoRoot.Path, file)}:{text[..m.Index].Count(c => c == '\n') + 1}");
            }
        }
    }

    /// <summary><c>class Name(…) : Base</c> or <c>class Name : Base</c>, the base up to its argument list or the body.</summary>
    [GeneratedRegex(@"\bclass\s+(?<type>\w+)(?:<[^>]*>)?\s*(?:\([^)]*\))?\s*:\s*(?<base>[\w.]+)")]
    private static partial Regex ClassWithBase();
}
