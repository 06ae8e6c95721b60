namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>Plain statistics in C#, for checking the engine's aggregates.</summary>
internal static class Reference
{
    public static double Pearson(IReadOnlyList<(double X, double Y)> pairs)
    {
        var (mx, my) = (pairs.Average(p => p.X), pairs.Average(p => p.Y));
        var cov = pairs.Sum(p => (p.X - mx) * (p.Y - my));
        var vx = pairs.Sum(p => (p.X - mx) * (p.X - mx));
        var vy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return cov / Math.Sqrt(vx * vy);
    }

    public static double StddevSample(IReadOnlyList<double> xs)
    {
        var m = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1));
    }

    /// <summary>The HDI bands of the issue: Very High ≥ 0.8, High 0.7–0.8, Medium 0.55–0.7, Low &lt; 0.55.</summary>
    public static string HdiBand(double hdi) => hdi >= 0.8 ? "Very High" : hdi >= 0.7 ? "High" : hdi >= 0.55 ? "Medium" : "Low";
}
