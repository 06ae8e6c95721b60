using CovidSpark.Aws;
namespace CovidSpark.Rehearsal;

/// <summary>The rehearsal could not be set up or run: moto_server missing, jobs binary not built, sample data absent, webhook port busy.</summary>
/// <param name="stage">What was being prepared, e.g. <c>moto_server</c> or <c>jobs binary</c>.</param>
/// <param name="message">What went wrong and what to do about it.</param>
/// <param name="inner">The underlying failure, if any.</param>
public sealed class RehearsalException(string stage, string message, Exception? inner = null) : CovidSparkOperationsException($"{stage}: {message}", inner)
{
    /// <summary>What was being prepared when it failed.</summary>
    public string Stage { get; } = stage;
}
