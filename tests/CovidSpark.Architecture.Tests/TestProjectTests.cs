namespace CovidSpark.Architecture.Tests;

/// <summary>
/// Tests mirror the product (docs/architecture.md, "Tests mirror the product"): each test project is named after the product
/// project it tests and references it, and every product project has its test project. The fixtures kit
/// (CovidSpark.Testing) and test tools (CovidSpark.Delta.TestWriter) are not test projects: they reference no test SDK.
/// </summary>
public sealed class TestProjectTests
{
    private const string Suffix = ".Tests";

    private static readonly IReadOnlyList<ProjectFile> Projects = ProjectFile.All(RepoRoot.Path);

    private static IEnumerable<ProjectFile> TestProjects => Projects.Where(p => p.Wing == "tests"
        && p.Packages.Contains("Microsoft.NET.Test.Sdk") && !Layers.TestProjectsOfTheWholeRepository.Contains(p.Name));

    private static IReadOnlyDictionary<string, ProjectFile> ProductProjects =>
        Projects.Where(p => Layers.ProductWings.Contains(p.Wing)).ToDictionary(p => p.Name);

    [Fact]
    public void Every_test_project_is_named_after_a_product_project_and_references_it()
    {
        var products = ProductProjects;
        var problems = new List<string>();
        foreach (var test in TestProjects)
        {
            var product = test.Name.EndsWith(Suffix, StringComparison.Ordinal) ? test.Name[..^Suffix.Length] : null;
            if (product is null || !products.TryGetValue(product, out var tested))
                problems.Add($"{test.RelativePath}: named after no product project (expected <product project>{Suffix}, e.g. CovidSpark.Ledger{Suffix})");
            else if (!test.Projects.Any(r => r.Wing == tested.Wing && r.Name == tested.Name))
                problems.Add($"{test.RelativePath}: does not reference {tested.RelativePath}, the project it is named after");
        }
        Assert.True(problems.Count == 0, "Test projects that do not mirror the product:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_product_project_has_its_test_project()
    {
        var tests = TestProjects.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var untested = ProductProjects.Values.Where(p => !tests.Contains(p.Name + Suffix)).Select(p => $"{p.RelativePath}: no tests/{p.Name}{Suffix}").ToList();
        Assert.True(untested.Count == 0, "Product projects without their test project:\n" + string.Join("\n", untested));
    }
}
