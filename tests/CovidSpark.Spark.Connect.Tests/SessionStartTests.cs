using System.Net;
using System.Net.Sockets;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Connect.Errors;
using CovidSpark.Spark.Connect.Proto;
using CovidSpark.Spark.Sql;
using Grpc.Core;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Connect.Tests;

/// <summary>
/// The session starts once: the server's Spark version (AnalyzePlan.spark_version, also the readiness check), then the
/// settings the plans rely on; plans are compiled for that version (issue 12, findings 5, 7 and 8).
/// </summary>
public sealed class SessionStartTests : ConnectTestBase
{
    private static DataFrame CastQuery(SparkSession spark) => spark.Sql("SELECT '10.5' AS t").Select(Col("t").Cast("int").Alias("n"));

    [Fact]
    public async Task A_spark_3_5_server_gets_no_cast_eval_mode_and_a_non_ansi_session_with_the_corrected_time_parser()
    {
        Server.SparkVersion = "3.5.2-amzn-1";
        await using var spark = Session();

        await CastQuery(spark).CollectAsync();
        await CastQuery(spark).CollectAsync();

        Assert.Single(Server.Requests<AnalyzePlanRequest>()); // once per session
        Assert.Equal([KeyValuePair.Create("spark.sql.legacy.timeParserPolicy", "CORRECTED"), KeyValuePair.Create("spark.sql.ansi.enabled", "false")],
            Server.SessionConfig);
        Assert.Equal(["AnalyzePlan", "Config", "ExecutePlan"], Server.Calls.Select(c => c.Method).Take(3));
        Assert.All(Server.Requests<ExecutePlanRequest>(), e => Assert.DoesNotContain("evalMode", e.Plan.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_spark_4_server_gets_legacy_casts_and_keeps_its_ansi_default()
    {
        Server.SparkVersion = "4.0.1";
        await using var spark = Session();

        await CastQuery(spark).CollectAsync();

        Assert.Equal([KeyValuePair.Create("spark.sql.legacy.timeParserPolicy", "CORRECTED")], Server.SessionConfig);
        var cast = Server.Requests<ExecutePlanRequest>().Single().Plan.Root.Project.Expressions[0].Alias.Expr.Cast;
        Assert.Equal(Expression.Types.Cast.Types.EvalMode.Legacy, cast.EvalMode);
    }

    [Fact]
    public async Task A_server_that_is_still_starting_is_waited_for_up_to_the_startup_timeout()
    {
        Server.FailWith("AnalyzePlan", new RpcException(new Status(StatusCode.Unavailable, "starting")), times: 8);
        await using var spark = Session(configure: o => o with { StartupTimeout = TimeSpan.FromSeconds(30) });

        var rows = await spark.Sql("SELECT 1 AS n").CollectAsync();

        Assert.Equal(9, Server.Requests<AnalyzePlanRequest>().Count()); // more than the retry policy's 3 retries
        Assert.Single(Server.Requests<ExecutePlanRequest>());
        Assert.Empty(rows);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_first_action_naming_the_server_log_and_nothing_is_sent()
    {
        var deadPort = FreePort();
        var options = SparkConnectOptions.FromConnectionString($"sc://127.0.0.1:{deadPort}/;user_id=t") with
        {
            Retry = FastRetry, StartupTimeout = TimeSpan.FromMilliseconds(300),
            ServerLogHint = "/var/log/covidspark/spark-connect.log",
        };
        await using var spark = SparkSession.Builder().UseSparkConnect(options).GetOrCreate();

        var e = await Assert.ThrowsAsync<SparkConnectUnavailableException>(() => spark.Sql("SELECT 1").CollectAsync());

        Assert.Contains($"The Spark Connect server at http://127.0.0.1:{deadPort}/ did not answer within 0 s", e.Message);
        Assert.Contains("See /var/log/covidspark/spark-connect.log", e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task A_token_reaches_a_loopback_server_as_a_bearer_header_without_tls()
    {
        await using var spark = Session(";token=s3cr3t");

        await spark.Sql("SELECT 1 AS n").CollectAsync();

        Assert.All(Server.Calls, c => Assert.Equal("Bearer s3cr3t", c.Headers["authorization"]));
    }

    [Theory]
    [InlineData("3.5.1", 3, 5, false)]
    [InlineData("3.5.2-amzn-1", 3, 5, false)]
    [InlineData("4.0", 4, 0, true)]
    [InlineData("4.1.0-SNAPSHOT", 4, 1, true)]
    public void Spark_versions_parse_with_vendor_suffixes(string text, int major, int minor, bool evalMode)
    {
        var target = SparkTarget.Parse(text);

        Assert.Equal((major, minor), (target.Version.Major, target.Version.Minor));
        Assert.Equal(evalMode, target.HasCastEvalMode);
    }

    [Theory]
    [InlineData("3.3.2", "has no Spark Connect server")]
    [InlineData("latest", "is not a Spark version")]
    public void Unusable_versions_are_refused_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => SparkTarget.Parse(text)).Message);

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
