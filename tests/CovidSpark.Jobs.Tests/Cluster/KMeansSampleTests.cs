using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Cluster;

/// <summary>The engine-run Lloyd iterations of the sample run, replayed in plain C# from the same k-means++ start.</summary>
[Collection(SampleLakeCollection.Name)]
public sealed class KMeansSampleTests(SampleLakeFixture lake)
{
    [Fact]
    public async Task The_clusters_of_the_sample_run_are_those_of_lloyds_algorithm_in_csharp()
    {
        var features = KMeansOptions.DefaultFeatures;
        var countries = (await Lake.ReadAsync(lake.LakePath, "trusted/countries"))
            .Where(r => r.GetAs<string>("continent") is not null && features.All(f => r.GetAs<double?>(f) is not null))
            .OrderBy(r => r.GetAs<string>("iso3"), StringComparer.Ordinal).ToList();
        var raw = countries.Select(r => features.Select(f => r.GetAs<double>(f)).ToArray()).ToList();
        var means = Enumerable.Range(0, features.Count).Select(i => raw.Average(p => p[i])).ToArray();
        var sds = Enumerable.Range(0, features.Count).Select(i => Reference.StddevSample([.. raw.Select(p => p[i])])).ToArray();
        var z = raw.Select(p => p.Select((v, i) => (v - means[i]) / sds[i]).ToArray()).ToList();

        var centroids = KMeansJob.KMeansPlusPlus(z, 4, 42);
        int[] assign = [];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            assign = z.Select(p => Enumerable.Range(0, 4).MinBy(k => Dist2(p, centroids[k]))).ToArray();
            var next = Enumerable.Range(0, 4).Select(k => assign.Any(a => a == k)
                ? Enumerable.Range(0, features.Count).Select(i => z.Where((_, j) => assign[j] == k).Average(p => p[i])).ToArray()
                : centroids[k]).ToList();
            var shift = centroids.Zip(next, (a, b) => Math.Sqrt(Dist2(a, b))).Max();
            centroids = next;
            if (shift <= 1e-6) break;
        }
        assign = z.Select(p => Enumerable.Range(0, 4).MinBy(k => Dist2(p, centroids[k]))).ToArray();

        var clusters = (await Lake.ReadAsync(lake.LakePath, "refined/clusters")).ToDictionary(r => r.GetAs<string>("iso3")!, r => r.GetAs<int>("cluster"));

        Assert.Equal(countries.Count, clusters.Count);
        var mismatches = countries.Select((c, j) => (Iso: c.GetAs<string>("iso3")!, Expected: assign[j]))
            .Where(x => clusters[x.Iso] != x.Expected).Select(x => $"{x.Iso}: {clusters[x.Iso]} not {x.Expected}").ToList();
        Assert.True(mismatches.Count == 0, string.Join(", ", mismatches));
        var inertia = z.Select((p, j) => Dist2(p, centroids[assign[j]])).Sum();
        var summary = await Lake.ReadAsync(lake.LakePath, "refined/cluster_summary");
        Assert.Equal(inertia, summary.Sum(s => s.GetAs<double>("inertia")), 6);
    }

    private static double Dist2(double[] a, double[] b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Sum();
}
