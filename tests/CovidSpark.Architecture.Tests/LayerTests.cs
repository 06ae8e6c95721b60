namespace CovidSpark.Architecture.Tests;

/// <summary>Every project reference points down the layers of docs/architecture.md; the job library's wing has no AWS in it.</summary>
public sealed class LayerTests
{
    private static readonly IReadOnlyList<ProjectFile> Projects = ProjectFile.All(RepoRoot.Path);

    [Fact]
    public void The_repository_has_every_wing_it_is_checked_for()
    {
        var wings = Projects.Select(p => p.Wing).ToHashSet();
        foreach (var wing in new[] { "jobs", "platform", "operations", "adapters", "hosts", "tests" })
            Assert.Contains(wing, wings);
    }

    [Fact]
    public void Every_project_sits_in_a_known_wing()
    {
        var unknown = Projects.Where(p => !Layers.WingMayReference.ContainsKey(p.Wing)).Select(p => p.RelativePath).ToList();
        Assert.True(unknown.Count == 0, "Projects outside the layered folders (see docs/architecture.md): " + string.Join(", ", unknown));
    }

    [Fact]
    public void Project_references_never_cross_a_layer_the_wrong_way()
    {
        var wrong = Projects
            .Where(p => Layers.WingMayReference.ContainsKey(p.Wing))
            .SelectMany(p => p.Projects.Where(r => !Layers.WingMayReference[p.Wing].Contains(r.Wing))
                .Select(r => $"{p.RelativePath} ({p.Wing}) -> {r.Name} ({r.Wing})"))
            .ToList();
        Assert.True(wrong.Count == 0, "References that point up or across the layers:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Inside_jobs_the_api_is_below_the_engines_and_the_jobs_know_no_engine()
    {
        var problems = new List<string>();
        foreach (var p in Projects.Where(p => p.Wing == "jobs"))
        {
            if (!Layers.JobsMayReference.TryGetValue(p.Name, out var allowed))
            {
                problems.Add($"{p.RelativePath}: not placed in Layers.JobsMayReference");
                continue;
            }
            problems.AddRange(p.Projects.Where(r => !allowed.Contains(r.Name)).Select(r => $"{p.RelativePath} -> {r.Name}"));
        }
        Assert.True(problems.Count == 0, "Job library references against its layering:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Benchmarks_use_product_code_and_the_fixtures_kit_never_a_test_project()
    {
        var wrong = Projects.Where(p => p.Wing == "bench")
            .SelectMany(p => p.Projects.Where(r => r.Wing == "tests" && !Layers.BenchMayReferenceInTests.Contains(r.Name)).Select(r => $"{p.RelativePath} -> {r.Name}"))
            .ToList();
        Assert.True(wrong.Count == 0, "Benchmarks referencing test projects:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_job_library_wing_references_no_aws_package()
    {
        var aws = Projects.Where(p => p.Wing == "jobs")
            .SelectMany(p => p.Packages.Where(pkg => Layers.PackagesForbiddenInJobs.Any(f => pkg.StartsWith(f, StringComparison.Ordinal)))
                .Select(pkg => $"{p.RelativePath} -> {pkg}"))
            .ToList();
        Assert.True(aws.Count == 0, "AWS packages in jobs/ (put AWS adapters in adapters/):\n" + string.Join("\n", aws));
    }

    [Fact]
    public void The_api_assembly_carries_no_engine_package()
    {
        var api = Assert.Single(Projects, p => p.Name == "CovidSpark.Spark");
        Assert.DoesNotContain(api.Packages, pkg => pkg.StartsWith("DuckDB", StringComparison.Ordinal) || pkg.StartsWith("Grpc", StringComparison.Ordinal));
    }
}
