using System.Diagnostics;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests;

/// <summary>A cancelled token surfaces as <see cref="OperationCanceledException"/>, before or while DuckDB runs.</summary>
public class CancellationTests : SparkTest
{
    /// <summary>A cross product of 10^11 rows: minutes of work unless interrupted.</summary>
    private DataFrame Endless() => Spark.Sql("SELECT sum(a.range * b.range) AS s FROM range(1000000) AS a, range(100000) AS b");

    [Fact]
    public async Task A_token_cancelled_before_the_call_cancels_every_action()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reports().CollectAsync(cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reports().CountAsync(cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reports().SchemaAsync(cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reports().ShowAsync(output: TextWriter.Null, cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reports().Write().ParquetAsync(Temp["out"], cts.Token));
        Assert.False(Directory.Exists(Temp["out"]));
    }

    [Fact]
    public async Task Cancelling_a_running_query_interrupts_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Endless().CollectAsync(cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Cancellation took {clock.Elapsed}.");
        // The session stays usable after an interrupted query.
        Assert.Equal(5L, await Reports().CountAsync());
    }

    [Fact]
    public async Task A_token_cancelled_after_compiling_but_before_the_query_starts_still_cancels()
    {
        // DuckDB ignores an interrupt that arrives before a statement starts, so the engine must check the token itself.
        using var cts = new CancellationTokenSource();
        await using var spark = SparkSession.Builder().LoggerFactory(new CancelOnQueryLog(cts))
            .Engine(lf => new DuckDbEngine(new DuckDbOptions(Threads: 2), lf)).GetOrCreate();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => spark.Sql("SELECT sum(a.range * b.range) AS s FROM range(1000000) AS a, range(100000) AS b").CollectAsync(cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Cancellation took {clock.Elapsed}.");
    }

    /// <summary>Cancels the token when the engine logs that it is about to run a query (EventId 1001), i.e. after compiling.</summary>
    private sealed class CancelOnQueryLog(CancellationTokenSource cts) : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1001) cts.Cancel();
        }
    }

    [Fact]
    public async Task Cancelling_a_running_write_interrupts_it_and_leaves_the_old_data()
    {
        var dir = Temp["out"];
        await Continents().Write().ParquetAsync(dir);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Endless().Write().Mode("overwrite").ParquetAsync(dir, cts.Token));
        Assert.Equal(3L, await Spark.Read().Parquet(dir).CountAsync());
    }
}
