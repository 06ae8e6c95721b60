using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Cluster;

/// <summary>What clustering produced.</summary>
public sealed record KMeansResult(int Points, int Iterations, bool Converged, double Inertia, IReadOnlyList<double[]> Centroids, long ClusterRows);

/// <summary>
/// KMeans over country indicators (default HDI, GDP per capita, population density), standardised with the engine's mean and
/// sample standard deviation. k-means++ initialisation with a fixed seed on the driver (countries are few); each Lloyd iteration is
/// one aggregate query run by the engine — assign every point to its nearest centroid, average per cluster — and the driver stops
/// when no centroid moves more than the tolerance. Same input and seed, same clusters, on every engine. The clusters and their
/// summary are written as the partition of the run's latest report date (<c>refined/clusters/report_date=…</c>).
/// </summary>
public sealed class KMeansJob(SparkSession spark, LakeLayout lake)
{
    /// <summary>Clusters the countries and writes the partition of the run's last date (<see cref="RunDates.Latest"/>).</summary>
    public async Task<KMeansResult> RunAsync(KMeansOptions options, RunDates dates, IProgress<string>? progress, CancellationToken ct)
    {
        var latest = dates.Latest;
        var features = options.FeatureColumns;
        if (options.K < 1) throw new ArgumentOutOfRangeException(nameof(options), $"k must be at least 1, got {options.K}.");
        var countries = Eligible(LakeTable.Read(spark, lake.Trusted("countries")), features);

        var statsRows = await countries.Agg(Count("*").Alias("n"),
            [.. features.SelectMany(f => new[] { Avg(f).Alias("mean_" + f), StddevSamp(Col(f)).Alias("sd_" + f) })]).CollectAsync(ct);
        if (options.PlanOnly && statsRows.Count == 0)
            return await PlanOnlyAsync(countries, options, latest, ct);
        var stats = statsRows[0];
        var n = stats.GetAs<long>("n");
        if (n < options.K) throw new InvalidOperationException(TooFewCountries(options, n));
        var means = features.Select(f => stats.GetAs<double>("mean_" + f)).ToArray();
        var sds = features.Select(f => stats.GetAs<double?>("sd_" + f) is double s && s > 0 ? s : 1.0).ToArray();

        var points = Standardise(countries, features, means, sds);

        var initial = await points.OrderBy("iso3").Select([.. Enumerable.Range(0, features.Count).Select(i => Col("z" + i))]).CollectAsync(ct);
        var centroids = KMeansPlusPlus(initial.Select(r => Enumerable.Range(0, features.Count).Select(i => r.GetAs<double>(i)).ToArray()).ToList(),
            options.K, options.Seed);

        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations && !converged)
        {
            ct.ThrowIfCancellationRequested();
            iterations++;
            var rows = await Iteration(points, centroids, features.Count).CollectAsync(ct);
            var next = centroids.Select(c => (double[])c.Clone()).ToList();
            foreach (var r in rows)
                next[r.GetAs<int>("cluster")] = Enumerable.Range(0, features.Count).Select(i => r.GetAs<double>("c" + i)).ToArray();
            var shift = centroids.Zip(next, (a, b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum())).Max();
            centroids = next;
            converged = shift <= options.Tolerance;
            progress?.Report($"kmeans iteration {iterations}: max centroid shift {shift:G4}");
        }

        var written = await WriteByDateAsync(Clusters(points, centroids, features, latest), "clusters", ct);

        var summary = LakeTable.Read(spark, lake.Refined("clusters"), latest).GroupBy("report_date", "cluster")
            .Agg(Count("*").Alias("countries"),
                [.. features.Select(f => Avg(f).Alias("avg_" + f)), Avg("cases_per_thousand").Alias("avg_cases_per_thousand"),
                    Sum(Col("distance") * Col("distance")).Alias("inertia")])
            .OrderBy("report_date", "cluster");
        await WriteByDateAsync(summary, "cluster_summary", ct);
        var inertia = (await summary.Agg(Sum("inertia").Alias("total")).CollectAsync(ct))[0].GetAs<double?>("total") ?? 0;
        return new KMeansResult((int)n, iterations, converged, inertia, centroids, written);
    }

    /// <summary>
    /// Writes one date's partition of a refined table, like every other refined table: a run for an earlier date leaves the
    /// clusters of later dates as they were, and each partition says which report date it describes.
    /// </summary>
    private async Task<long> WriteByDateAsync(DataFrame df, string table, CancellationToken ct) =>
        await LakeTable.Write(df, lake).Mode(SaveMode.Overwrite).Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date")
            .SaveAsync(lake.Refined(table), ct) ?? 0;

    /// <summary>The countries clustering uses: a continent and every feature known.</summary>
    private static DataFrame Eligible(DataFrame countries, IReadOnlyList<string> features) =>
        countries.Filter(features.Select(f => Col(f).IsNotNull()).Aggregate(Col("continent").IsNotNull(), (a, b) => a.And(b)));

    private static string TooFewCountries(KMeansOptions options, long n) =>
        $"--k {options.K}: KMeans needs at least k={options.K} countries with all of {string.Join(", ", options.FeatureColumns)}; found {n}.";

    /// <summary>
    /// Fails before any work when k exceeds the countries the lake's <c>trusted/countries</c> has for clustering (a run without
    /// the ETL); the clustering itself checks again.
    /// </summary>
    public async Task EnsureEnoughCountriesAsync(KMeansOptions options, CancellationToken ct)
    {
        var n = await Eligible(LakeTable.Read(spark, lake.Trusted("countries")), options.FeatureColumns).CountAsync(ct);
        if (n < options.K) throw new InvalidOperationException(TooFewCountries(options, n));
    }

    /// <summary>
    /// The same check against the indicators a run's ETL is about to load, so <c>--k 1000</c> fails before the ETL and statistics
    /// run rather than after. Features the indicators file does not carry by these names are left to the clustering's own check.
    /// </summary>
    internal static void EnsureEnoughCountries(KMeansOptions options, IEnumerable<Etl.Raw.CountryIndicators> countries)
    {
        var values = options.FeatureColumns.Select(f => Etl.Raw.CountryIndicators.Feature(f)).ToList();
        if (values.Any(v => v is null)) return;
        var n = countries.Count(c => c.Continent is not null && values.All(v => v!(c) is not null));
        if (n < options.K) throw new InvalidOperationException(TooFewCountries(options, n));
    }

    /// <summary>
    /// A dry run: the same queries with zero means, unit deviations and zero centroids (the real ones need answers), one iteration
    /// and the clusters write, so every kind of query the job sends can be inspected.
    /// </summary>
    private async Task<KMeansResult> PlanOnlyAsync(DataFrame countries, KMeansOptions options, DatePartitions latest, CancellationToken ct)
    {
        var features = options.FeatureColumns;
        var points = Standardise(countries, features, new double[features.Count], [.. Enumerable.Repeat(1.0, features.Count)]);
        var centroids = Enumerable.Range(0, options.K).Select(_ => new double[features.Count]).ToList();
        await Iteration(points, centroids, features.Count).CollectAsync(ct);
        await WriteByDateAsync(Clusters(points, centroids, features, latest), "clusters", ct);
        return new KMeansResult(0, 1, false, 0, centroids, 0);
    }

    /// <summary>Adds <c>z0</c>, <c>z1</c>, ... : each feature minus its mean, over its standard deviation.</summary>
    private static DataFrame Standardise(DataFrame countries, IReadOnlyList<string> features, double[] means, double[] sds)
    {
        var points = countries;
        for (var i = 0; i < features.Count; i++)
            points = points.WithColumn("z" + i, (Col(features[i]) - means[i]) / sds[i]);
        return points;
    }

    /// <summary>One Lloyd iteration as one aggregate query: size and mean point of each cluster.</summary>
    private static DataFrame Iteration(DataFrame points, IReadOnlyList<double[]> centroids, int featureCount) =>
        Assign(points, centroids).GroupBy("cluster")
            .Agg(Count("*").Alias("size"), [.. Enumerable.Range(0, featureCount).Select(i => Avg("z" + i).Alias("c" + i))])
            .OrderBy("cluster");

    /// <summary>
    /// The <c>clusters</c> partition of the run's latest date: that date, each country's cluster, features, cases per thousand on
    /// that date and distance.
    /// </summary>
    private DataFrame Clusters(DataFrame points, IReadOnlyList<double[]> centroids, IReadOnlyList<string> features, DatePartitions latest)
    {
        // The latest date's partition only (it exists: the dates come from the lake), whatever the lake's size.
        var latestDate = latest.Window.Last;
        var cases = LakeTable.Read(spark, lake.Trusted("daily_country"), latest).Select(Col("iso3"), Col("cases_per_thousand"));
        return Assign(points, centroids).Join(cases, "iso3", "left")
            .Select([Lit(latestDate).Alias("report_date"), Col("iso3"), Col("country"), Col("continent"), Col("cluster"), .. features.Select(Col), Col("cases_per_thousand"),
                Sqrt(Col("distance2")).Alias("distance")])
            .OrderBy("cluster", "iso3");
    }

    /// <summary>Adds <c>cluster</c> (nearest centroid, lowest index on ties) and <c>distance2</c> (its squared distance).</summary>
    private static DataFrame Assign(DataFrame points, IReadOnlyList<double[]> centroids)
    {
        var d = centroids.Select(c => c.Select((v, i) => Pow(Col("z" + i) - v, 2)).Aggregate((a, b) => a + b)).ToList();
        var df = points;
        for (var k = 0; k < d.Count; k++) df = df.WithColumn("d" + k, d[k]);
        Column cluster = Lit(d.Count - 1);
        for (var k = d.Count - 2; k >= 0; k--)
        {
            var best = Enumerable.Range(k + 1, d.Count - k - 1).Select(j => Col("d" + k).Leq(Col("d" + j))).Aggregate((a, b) => a.And(b));
            cluster = When(best, k).Otherwise(cluster);
        }
        return df.WithColumn("cluster", cluster)
            .WithColumn("distance2", Least([.. Enumerable.Range(0, d.Count).Select(k => Col("d" + k))]));
    }

    /// <summary>k-means++: the first centre uniformly, each next one with probability proportional to squared distance.</summary>
    internal static List<double[]> KMeansPlusPlus(IReadOnlyList<double[]> points, int k, int seed)
    {
        var random = new Random(seed);
        var centres = new List<double[]> { points[random.Next(points.Count)] };
        while (centres.Count < k)
        {
            var d2 = points.Select(p => centres.Min(c => p.Zip(c, (x, y) => (x - y) * (x - y)).Sum())).ToArray();
            var total = d2.Sum();
            if (total <= 0) { centres.Add(points[random.Next(points.Count)]); continue; }
            var target = random.NextDouble() * total;
            var i = 0;
            for (var acc = d2[0]; acc < target && i < d2.Length - 1; acc += d2[++i]) { }
            centres.Add(points[i]);
        }
        return centres.Select(c => (double[])c.Clone()).ToList();
    }
}
