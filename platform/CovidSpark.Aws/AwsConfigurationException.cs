namespace CovidSpark.Aws;

/// <summary>The client cannot be set up: no region, an invalid endpoint URL or no credentials anywhere in the chain.</summary>
public sealed class AwsConfigurationException(string setting, string message, Exception? inner = null)
    : CovidSparkOperationsException($"{setting}: {message}", inner)
{
    /// <summary>The setting at fault, e.g. <c>region</c> or <c>AWS_ENDPOINT_URL</c>.</summary>
    public string Setting { get; } = setting;
}
