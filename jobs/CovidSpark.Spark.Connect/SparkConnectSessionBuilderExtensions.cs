using CovidSpark.Spark.Sql;

namespace CovidSpark.Spark.Connect;

/// <summary>Chooses the Spark Connect engine for a session.</summary>
public static class SparkConnectSessionBuilderExtensions
{
    /// <summary>
    /// Runs the session's jobs on Spark through Spark Connect:
    /// <c>SparkSession.Builder().UseSparkConnect("sc://emr-primary:15002").GetOrCreate()</c>.
    /// Nothing connects until the first action.
    /// </summary>
    /// <param name="builder">The session builder.</param>
    /// <param name="connectionString"><c>sc://host:port/;token=...;use_ssl=...;user_id=...;session_id=&lt;uuid&gt;;header=value</c>.</param>
    /// <param name="configure">Adjusts the options (retry policy, plan recorder, dry run).</param>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static SparkSessionBuilder UseSparkConnect(this SparkSessionBuilder builder, string connectionString,
        Func<SparkConnectOptions, SparkConnectOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = SparkConnectOptions.FromConnectionString(connectionString);
        if (configure is not null) options = configure(options);
        return builder.Engine(lf => new SparkConnectEngine(options, lf));
    }

    /// <summary>Runs the session's jobs on Spark with ready-made options.</summary>
    public static SparkSessionBuilder UseSparkConnect(this SparkSessionBuilder builder, SparkConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.Engine(lf => new SparkConnectEngine(options, lf));
    }
}
