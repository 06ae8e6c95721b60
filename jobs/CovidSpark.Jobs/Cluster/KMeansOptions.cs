namespace CovidSpark.Jobs.Cluster;

/// <summary>
/// KMeans settings: k, the indicator columns used as features (standardised), seed and stopping rule.
/// <see cref="PlanOnly"/> (dry runs) sends the queries of one iteration without needing their answers.
/// </summary>
public sealed record KMeansOptions(
    int K = 4,
    IReadOnlyList<string>? Features = null,
    int Seed = 42,
    int MaxIterations = 50,
    double Tolerance = 1e-6,
    bool PlanOnly = false)
{
    public static readonly IReadOnlyList<string> DefaultFeatures = ["human_development_index", "gdp_per_capita", "population_density"];

    public IReadOnlyList<string> FeatureColumns => Features ?? DefaultFeatures;
}
