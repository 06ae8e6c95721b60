using CovidSpark.Spark.Errors;

namespace CovidSpark.Spark.Connect.Errors;

/// <summary>
/// The Spark Connect server never answered the first, trivial request of the session (its Spark version) within
/// <see cref="SparkConnectOptions.StartupTimeout"/>: it is not running, not reachable, or failed to start. The message
/// names the endpoint, how long the client waited and where the server's log is when that was given
/// (<see cref="SparkConnectOptions.ServerLogHint"/>); the last failure is the inner exception.
/// </summary>
public sealed class SparkConnectUnavailableException : SparkJobsException
{
    internal SparkConnectUnavailableException(string endpoint, TimeSpan waited, string? serverLogHint, Exception inner)
        : base($"The Spark Connect server at {endpoint} did not answer within {waited.TotalSeconds:0} s ({inner.Message})."
            + (serverLogHint is null ? "" : $" See {serverLogHint} for why the server is not running."), inner)
    {
        Endpoint = endpoint;
    }

    /// <summary>The server address (no secrets).</summary>
    public string Endpoint { get; }

    /// <summary>False: the client already waited as long as it was told to.</summary>
    public override bool IsTransient => false;
}
