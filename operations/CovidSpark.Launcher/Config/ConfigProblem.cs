using CovidSpark.Aws;
namespace CovidSpark.Launcher.Config;

/// <summary>One problem found in a configuration file.</summary>
/// <param name="File">The file, as given.</param>
/// <param name="Path">JSON path of the offending value, e.g. <c>$.cluster.instanceGroups[1].count</c>.</param>
/// <param name="Reason">What is wrong and what is expected.</param>
public sealed record ConfigProblem(string File, string Path, string Reason)
{
    public override string ToString() => $"{File}: {Path}: {Reason}";
}

/// <summary>emr-config.json could not be used; <see cref="Problems"/> lists every problem found, not just the first.</summary>
public sealed class EmrConfigException(string file, IReadOnlyList<ConfigProblem> problems)
    : CovidSparkOperationsException($"{file} has {problems.Count} problem(s):{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    /// <summary>The configuration file.</summary>
    public string File { get; } = file;

    /// <summary>Every problem, in document order.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
