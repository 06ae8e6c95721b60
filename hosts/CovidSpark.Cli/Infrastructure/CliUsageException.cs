using CovidSpark.Aws;
namespace CovidSpark.Cli.Infrastructure;

/// <summary>An argument the parser accepted but the command cannot use (e.g. an endpoint URL that is not a URL).</summary>
public sealed class CliUsageException(string message) : CovidSparkOperationsException(message)
{
    /// <inheritdoc/>
    public override bool IsUsageError => true;
}
