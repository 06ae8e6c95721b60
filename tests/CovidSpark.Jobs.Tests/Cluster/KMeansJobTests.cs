using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Cluster;

/// <summary>KMeans on synthetic countries with four known, well-separated groups.</summary>
public sealed class KMeansJobTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateOnly Day = new(2021, 3, 1);

    /// <summary>Four groups of six: low/high HDI and GDP crossed with sparse/dense population, a little jitter inside each.</summary>
    private static readonly (string Group, SyntheticCountry Country)[] Points =
    [
        .. new (string Group, double Hdi, double Gdp, double Density)[]
            { ("A", 0.40, 2_000, 20), ("B", 0.40, 2_000, 600), ("C", 0.90, 60_000, 20), ("D", 0.90, 60_000, 600) }
            .SelectMany(g => Enumerable.Range(0, 6).Select(i => (g.Group, new SyntheticCountry($"{g.Group}{(char)('A' + i)}X",
                "Europe", g.Hdi + 0.004 * (i - 2.5), g.Gdp + 150 * (i % 3 - 1), g.Density + 3 * (i - 2.5), 1_000_000 + 1000 * i)))),
        // Countries missing a feature are left out of clustering.
        ("-", new SyntheticCountry("NOH", "Asia", null, 5_000, 100, 1_000_000)),
    ];

    private async Task<string> LakeAsync(string name)
    {
        var lake = _dir.Folder(name);
        await using var spark = Lake.NewSession();
        await SyntheticLake.WriteCountriesAsync(spark, lake, Points.Select(p => p.Country));
        await SyntheticLake.WriteDailyAsync(spark, lake, Points.Select(p => (Day, p.Country, 1000L * p.Country.Iso3[0], 10L, (long?)null, (double?)null)));
        return lake;
    }

    /// <summary>The run's dates: <see cref="Day"/>, as the lake lists it.</summary>
    private static Task<RunDates> DatesAsync(Spark.Sql.SparkSession spark, string lake) =>
        RunDates.FromLakeAsync(spark, new CovidSpark.Jobs.Storage.LocalFileStore(), new LakeLayout(lake), new RunWindow(Day, Day), CancellationToken.None);

    private static async Task<(KMeansResult Result, Dictionary<string, int> Clusters)> RunAsync(string lake, KMeansOptions options)
    {
        await using var spark = Lake.NewSession();
        var result = await new KMeansJob(spark, new LakeLayout(lake)).RunAsync(options, await DatesAsync(spark, lake), null, CancellationToken.None);
        var rows = await Lake.ReadAsync(lake, "refined/clusters");
        return (result, rows.ToDictionary(r => r.GetAs<string>("iso3")!, r => r.GetAs<int>("cluster")));
    }

    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    [InlineData(2021)]
    public async Task Recovers_four_well_separated_groups(int seed)
    {
        var lake = await LakeAsync("lake");

        var (result, clusters) = await RunAsync(lake, new KMeansOptions(K: 4, Seed: seed));

        Assert.Equal(24, result.Points);
        Assert.True(result.Converged);
        Assert.DoesNotContain("NOH", clusters.Keys);
        var groups = Points.Where(p => p.Group != "-").GroupBy(p => p.Group).ToList();
        // Each known group is one cluster, and the four clusters are different.
        Assert.All(groups, g => Assert.Single(g.Select(p => clusters[p.Country.Iso3]).Distinct()));
        Assert.Equal(4, groups.Select(g => clusters[g.First().Country.Iso3]).Distinct().Count());
        Assert.Equal([0, 1, 2, 3], clusters.Values.Distinct().Order());
    }

    [Fact]
    public async Task Summary_has_each_cluster_with_its_size_feature_averages_and_inertia()
    {
        var lake = await LakeAsync("lake");

        var (result, clusters) = await RunAsync(lake, new KMeansOptions());

        var summary = await Lake.ReadAsync(lake, "refined/cluster_summary");
        var rows = await Lake.ReadAsync(lake, "refined/clusters");
        Assert.Equal(4, summary.Count);
        Assert.All(summary, s => Assert.Equal(6, s.GetAs<long>("countries")));
        var c = clusters[Points.First(p => p.Group == "D").Country.Iso3];
        var d = summary.Single(s => s.GetAs<int>("cluster") == c);
        Assert.Equal(0.90, d.GetAs<double>("avg_human_development_index"), 9);
        Assert.Equal(60_000, d.GetAs<double>("avg_gdp_per_capita"), 6);
        Assert.Equal(600, d.GetAs<double>("avg_population_density"), 9);
        Assert.Equal(Enumerable.Range(0, 6).Average(i => 1000.0 * 'D' * 1000 / (1_000_000 + 1000 * i)), d.GetAs<double>("avg_cases_per_thousand"), 9);
        Assert.Equal(rows.Sum(r => Math.Pow(r.GetAs<double>("distance"), 2)), result.Inertia, 9);
        Assert.Equal(summary.Sum(s => s.GetAs<double>("inertia")), result.Inertia, 9);
        Assert.InRange(result.Inertia, 0, 0.5); // the groups are tight: almost all variance is between them
        Assert.Equal(24, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.GetAs<double?>("cases_per_thousand")));
    }

    [Fact]
    public async Task The_same_input_and_seed_give_the_same_clusters_and_the_same_bytes()
    {
        var (lake1, lake2) = (await LakeAsync("one"), await LakeAsync("two"));

        var (r1, c1) = await RunAsync(lake1, new KMeansOptions(Seed: 5));
        var (r2, c2) = await RunAsync(lake2, new KMeansOptions(Seed: 5));

        Assert.Equal(c1, c2);
        Assert.Equal(r1.Iterations, r2.Iterations);
        Assert.Equal(r1.Centroids.SelectMany(x => x), r2.Centroids.SelectMany(x => x));
        Assert.Equal(Lake.Hashes(Path.Combine(lake1, "refined")), Lake.Hashes(Path.Combine(lake2, "refined")));
    }

    [Fact]
    public async Task K_larger_than_the_number_of_countries_is_a_clear_error()
    {
        var lake = await LakeAsync("lake");
        await using var spark = Lake.NewSession();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await
            new KMeansJob(spark, new LakeLayout(lake)).RunAsync(new KMeansOptions(K: 30), await DatesAsync(spark, lake), null, CancellationToken.None));

        Assert.Contains("k=30", e.Message);
        Assert.Contains("found 24", e.Message);
        Assert.Contains("human_development_index", e.Message);
        Assert.False(Directory.Exists(Path.Combine(lake, "refined", "clusters")));
    }

    [Fact]
    public async Task In_a_run_k_too_large_fails_before_any_job_with_exit_code_1_and_the_reason_in_the_manifest()
    {
        var lake = await LakeAsync("lake");
        var input = _dir.Folder("empty-input");

        var outcome = await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Stats | PipelineJobs.Cluster) with { KMeans = new KMeansOptions(K: 30) });

        Assert.Equal(ExitCodes.Failure, outcome.Manifest.ExitCode);
        Assert.Contains("--k 30: KMeans needs at least k=30 countries", outcome.Manifest.Error);
        Assert.Contains("found 24", outcome.Manifest.Error);
        // Checked before the statistics ran, not after.
        Assert.Empty(outcome.Manifest.Jobs);
        Assert.False(Directory.Exists(Path.Combine(lake, "refined")));
    }

    [Fact]
    public void KMeansPlusPlus_is_deterministic_for_a_seed_and_picks_distinct_far_apart_centres()
    {
        var pts = Enumerable.Range(0, 40).Select(i => new[] { (double)(i / 10 * 100) + i % 10 * 0.01, 0.0 }).ToList();

        var a = KMeansJob.KMeansPlusPlus(pts, 4, 3);
        var b = KMeansJob.KMeansPlusPlus(pts, 4, 3);

        Assert.Equal(a.SelectMany(x => x), b.SelectMany(x => x));
        Assert.Equal(4, a.Select(c => Math.Round(c[0] / 100)).Distinct().Count());
    }
}
