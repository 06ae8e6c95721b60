using Apache.Arrow;
using A = Apache.Arrow.Types;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect.Errors;
using CovidSpark.Spark.Connect.Proto;
using S = CovidSpark.Spark.Sql.Types;
using Grpc.Core;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Connect.Tests;

public class TransportTests : ConnectTestBase
{
    [Fact]
    public async Task Execute_carries_session_user_client_type_reattach_option_and_connection_headers()
    {
        Server.Answer = _ => [ArrowData.Rows("k string, v bigint", ["a", 1L])];
        await using var spark = Session(";token=tok123;use_ssl=false;x-aws-proxy-auth=proxy-token");

        var rows = await spark.Read().Schema("k string, v bigint").Csv("s3://bucket/cases.csv").CollectAsync();

        Assert.Single(rows);
        var execute = Assert.Single(Server.Requests<ExecutePlanRequest>());
        Assert.Equal(Server.SessionId.ToString(), execute.SessionId);
        Assert.Equal("tester", execute.UserContext.UserId);
        Assert.Equal("covidspark-dotnet", execute.ClientType);
        Assert.True(Guid.TryParse(execute.OperationId, out _));
        Assert.True(Assert.Single(execute.RequestOptions).ReattachOptions.Reattachable);
        Assert.Equal(["s3://bucket/cases.csv"], execute.Plan.Root.Read.DataSource.Paths);
        var headers = Server.Calls[0].Headers;
        Assert.Equal("Bearer tok123", headers["authorization"]);
        Assert.Equal("proxy-token", headers["x-aws-proxy-auth"]);
        var release = Assert.Single(Server.Requests<ReleaseExecuteRequest>());
        Assert.Equal(execute.OperationId, release.OperationId);
        Assert.NotNull(release.ReleaseAll);
        Assert.Equal("proxy-token", Server.Calls[^1].Headers["x-aws-proxy-auth"]);
    }

    [Fact]
    public async Task Batches_are_decoded_and_normalised_like_the_duckdb_engine()
    {
        var schema = new Apache.Arrow.Schema.Builder()
            .Field(f => f.Name("small").DataType(A.Int16Type.Default))
            .Field(f => f.Name("i").DataType(A.Int32Type.Default))
            .Field(f => f.Name("total").DataType(A.Int64Type.Default))
            .Field(f => f.Name("rate").DataType(new A.Decimal128Type(10, 2)))
            .Field(f => f.Name("ratio").DataType(A.FloatType.Default))
            .Field(f => f.Name("day").DataType(A.Date32Type.Default))
            .Field(f => f.Name("at").DataType(new A.TimestampType(A.TimeUnit.Microsecond, "UTC")))
            .Field(f => f.Name("name").DataType(A.StringType.Default))
            .Field(f => f.Name("flag").DataType(A.BooleanType.Default))
            .Build();
        RecordBatch Batch(short s, int? i, long t, decimal r, float f, DateOnly d, string? n) => new(schema,
        [
            new Int16Array.Builder().Append(s).Build(),
            i is null ? new Int32Array.Builder().AppendNull().Build() : new Int32Array.Builder().Append(i.Value).Build(),
            new Int64Array.Builder().Append(t).Build(),
            new Decimal128Array.Builder(new A.Decimal128Type(10, 2)).Append(r).Build(),
            new FloatArray.Builder().Append(f).Build(),
            new Date32Array.Builder().Append(d).Build(),
            new TimestampArray.Builder(new A.TimestampType(A.TimeUnit.Microsecond, "UTC")).Append(new DateTimeOffset(2020, 3, 1, 12, 30, 0, TimeSpan.Zero)).Build(),
            n is null ? new StringArray.Builder().AppendNull().Build() : new StringArray.Builder().Append(n).Build(),
            new BooleanArray.Builder().Append(true).Build(),
        ], 1);
        Server.Answer = _ => [ArrowData.Response(Batch(7, 1, 10_000_000_000L, 12.34m, 0.5f, new DateOnly(2020, 3, 1), "DEU")),
            ArrowData.Response(Batch(8, null, 2, 0.01m, 1.5f, new DateOnly(2020, 3, 2), null))];
        await using var spark = Session();

        var result = await spark.Sql("SELECT * FROM t").ExecuteAsync();

        Assert.Equal(["small", "i", "total", "rate", "ratio", "day", "at", "name", "flag"], result.Schema.Names);
        Assert.Equal([S.IntegerType.Instance, S.IntegerType.Instance, S.LongType.Instance, S.DoubleType.Instance, S.DoubleType.Instance,
            S.DateType.Instance, S.TimestampType.Instance, S.StringType.Instance, S.BooleanType.Instance], result.Schema.Fields.Select(f => f.DataType));
        Assert.Equal(2, result.Rows.Count);
        var first = result.Rows[0];
        Assert.Equal(7, Assert.IsType<int>(first["small"]));
        Assert.Equal(10_000_000_000L, Assert.IsType<long>(first["total"]));
        Assert.Equal(12.34, Assert.IsType<double>(first["rate"]));
        Assert.Equal(0.5, Assert.IsType<double>(first["ratio"]));
        Assert.Equal(new DateOnly(2020, 3, 1), Assert.IsType<DateOnly>(first["day"]));
        Assert.Equal(new DateTime(2020, 3, 1, 12, 30, 0), Assert.IsType<DateTime>(first["at"]));
        Assert.Equal("DEU", first["name"]);
        Assert.Equal(true, first["flag"]);
        Assert.Null(result.Rows[1]["i"]);
        Assert.Null(result.Rows[1]["name"]);
    }

    [Theory]
    [InlineData(StreamFault.Unavailable)]
    [InlineData(StreamFault.Abort)]
    [InlineData(StreamFault.EndEarly)]
    public async Task A_cut_stream_is_resumed_after_the_last_response_without_losing_or_repeating_rows(StreamFault fault)
    {
        Server.Answer = _ => [.. Enumerable.Range(1, 4).Select(i => ArrowData.Rows("n int", [i]))];
        Server.InjectFault(fault, afterResponses: 2);
        await using var spark = Session();

        var rows = await spark.Sql("SELECT n FROM numbers").CollectAsync();

        Assert.Equal([1, 2, 3, 4], rows.Select(r => (int)r["n"]!));
        var execute = Assert.Single(Server.Requests<ExecutePlanRequest>());
        var reattach = Assert.Single(Server.Requests<ReattachExecuteRequest>());
        Assert.Equal(execute.OperationId, reattach.OperationId);
        if (fault == StreamFault.Abort)
        {
            // A reset stream may discard responses already on the wire: resume after whatever was processed.
            Assert.True(!reattach.HasLastResponseId || reattach.LastResponseId is var id && (id == $"{execute.OperationId}/0" || id == $"{execute.OperationId}/1"));
        }
        else
        {
            Assert.Equal($"{execute.OperationId}/1", reattach.LastResponseId);
        }
        Assert.Equal(Server.SessionId.ToString(), reattach.SessionId);
        Assert.Equal("tester", reattach.UserContext.UserId);
        Assert.Equal(nameof(SparkConnectService.SparkConnectServiceBase.ReleaseExecute), Server.Calls[^1].Method);
    }

    [Fact]
    public async Task An_ExecutePlan_that_never_reached_the_server_is_sent_again()
    {
        Server.Answer = _ => [ArrowData.Rows("n int", [1])];
        Server.FailWith("ExecutePlan", new RpcException(new Status(StatusCode.Unavailable, "no route")));
        await using var spark = Session();

        var rows = await spark.Sql("SELECT 1 AS n").CollectAsync();

        Assert.Single(rows);
        Assert.Equal(["ExecutePlan", "ReattachExecute", "ExecutePlan", "ReleaseExecute"], Server.PlanCalls.Select(c => c.Method));
        var executes = Server.Requests<ExecutePlanRequest>().ToList();
        Assert.Equal(executes[0].OperationId, executes[1].OperationId);
    }

    [Fact]
    public async Task Retries_stop_after_the_policy_and_the_failure_is_marked_transient()
    {
        Server.Answer = _ => [ArrowData.Rows("n int", [1])];
        Server.InjectFault(StreamFault.Unavailable, afterResponses: 0, times: 10);
        await using var spark = Session();

        var e = await Assert.ThrowsAsync<SparkConnectServerException>(() => spark.Sql("SELECT 1").CollectAsync());

        Assert.True(e.IsTransient);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(FastRetry.MaxRetries, Server.Requests<ReattachExecuteRequest>().Count());
    }

    [Fact]
    public async Task Spark_errors_become_typed_exceptions_and_are_not_retried()
    {
        Server.FailWith("ExecutePlan", FakeSparkConnectService.SparkError(StatusCode.Internal, "TABLE_OR_VIEW_NOT_FOUND",
            "org.apache.spark.sql.AnalysisException", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `cases` cannot be found.",
            sqlState: "42P01", messageParametersJson: "{\"relationName\":\"`cases`\"}"));
        await using var spark = Session();

        var e = await Assert.ThrowsAsync<SparkConnectServerException>(() => spark.Sql("SELECT * FROM cases").CollectAsync());

        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass);
        Assert.Equal("42P01", e.SqlState);
        Assert.Equal("org.apache.spark.sql.AnalysisException", e.ExceptionClass);
        Assert.Equal("err-TABLE_OR_VIEW_NOT_FOUND", e.ErrorId);
        Assert.Equal("`cases`", e.MessageParameters["relationName"]);
        Assert.Equal("ExecutePlan", e.Operation);
        Assert.False(e.IsTransient);
        Assert.IsType<RpcException>(e.InnerException);
        Assert.Contains("TABLE_OR_VIEW_NOT_FOUND, SQLSTATE 42P01", e.Message);
        Assert.Single(Server.PlanCalls);
    }

    [Fact]
    public async Task Schema_comes_from_AnalyzePlan_and_transient_failures_are_retried()
    {
        Server.FailWith("AnalyzePlan", new RpcException(new Status(StatusCode.Unavailable, "restarting")), times: 2);
        Server.Analyze = r => new AnalyzePlanResponse
        {
            Schema = new AnalyzePlanResponse.Types.Schema
            {
                Schema_ = new DataType
                {
                    Struct = new DataType.Types.Struct
                    {
                        Fields =
                        {
                            new DataType.Types.StructField { Name = "iso3", DataType = new DataType { String = new() }, Nullable = true },
                            new DataType.Types.StructField { Name = "cases", DataType = new DataType { Long = new() } },
                            new DataType.Types.StructField { Name = "rate", DataType = new DataType { Decimal = new() { Precision = 10, Scale = 2 } } },
                            new DataType.Types.StructField { Name = "day", DataType = new DataType { Date = new() } },
                        },
                    },
                },
            },
        };
        await using var spark = Session();

        var schema = await spark.Sql("SELECT * FROM cases").Filter(Col("cases").Gt(0)).SchemaAsync();

        Assert.Equal("iso3 string, cases bigint, rate double, day date", schema.ToDdl());
        // The session's first request (the server version) meets the two failures and is retried; then the schema.
        var requests = Server.Requests<AnalyzePlanRequest>().ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests.Take(3), r => Assert.Equal(AnalyzePlanRequest.AnalyzeOneofCase.SparkVersion, r.AnalyzeCase));
        Assert.Equal("SELECT * FROM cases", requests[3].Schema.Plan.Root.Filter.Input.Sql.Query);
    }

    [Fact]
    public async Task Cancelling_an_action_interrupts_the_operation_on_the_server()
    {
        Server.Answer = _ => [ArrowData.Rows("n int", [1]), ArrowData.Rows("n int", [2])];
        Server.Hang = true;
        await using var spark = Session();
        using var cts = new CancellationTokenSource();

        var action = spark.Sql("SELECT n FROM slow").CollectAsync(cts.Token);
        await Server.HangStarted.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => action);
        var execute = Assert.Single(Server.Requests<ExecutePlanRequest>());
        var interrupt = Assert.Single(Server.Requests<InterruptRequest>());
        Assert.Equal(InterruptRequest.Types.InterruptType.OperationId, interrupt.InterruptType);
        Assert.Equal(execute.OperationId, interrupt.OperationId);
        Assert.Equal(Server.SessionId.ToString(), interrupt.SessionId);
    }

    [Fact]
    public async Task Results_larger_than_grpc_default_4_MB_are_received()
    {
        var big = new string('x', 6 * 1024 * 1024);
        Server.Answer = _ => [ArrowData.Rows("s string", [big])];
        await using var spark = Session();

        var rows = await spark.Sql("SELECT s FROM big").CollectAsync();

        Assert.Equal(big.Length, ((string)rows[0]["s"]!).Length);
    }

    [Fact]
    public async Task Writes_send_a_WriteOperation_with_mode_format_partitioning_and_options()
    {
        Server.Answer = _ => [];
        await using var spark = Session();
        var df = spark.Read().Schema("iso3 string, report_date date, cases bigint").Csv("s3://in/cases.csv");

        var written = await df.Write().Format("delta").Mode("overwrite").Option("partitionOverwriteMode", "dynamic")
            .PartitionBy("report_date").SaveAsync("s3://out/daily");

        Assert.Null(written);
        var write = Assert.Single(Server.Requests<ExecutePlanRequest>()).Plan.Command.WriteOperation;
        Assert.Equal("delta", write.Source);
        Assert.Equal("s3://out/daily", write.Path);
        Assert.Equal(WriteOperation.Types.SaveMode.Overwrite, write.Mode);
        Assert.Equal(["report_date"], write.PartitioningColumns);
        Assert.Equal("dynamic", write.Options["partitionOverwriteMode"]);
        Assert.Equal("csv", write.Input.Read.DataSource.Format);
    }

    [Fact]
    public async Task A_header_provider_is_asked_before_every_call_so_expiring_tokens_are_refreshed()
    {
        Server.Answer = _ => [ArrowData.Rows("n int", [1])];
        var issued = 0;
        await using var spark = Session(configure: o => o with
        {
            HeaderProvider = _ => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(
                new Dictionary<string, string> { ["x-aws-proxy-auth"] = $"token-{Interlocked.Increment(ref issued)}" }),
        });

        await spark.Sql("SELECT 1 AS n").CollectAsync();
        await spark.Sql("SELECT 1 AS n").CollectAsync();

        Assert.Equal(["token-1", "token-2", "token-3", "token-4", "token-5", "token-6"], Server.Calls.Select(c => c.Headers["x-aws-proxy-auth"]));
    }

    [Fact]
    public async Task Sql_commands_run_as_SqlCommand()
    {
        Server.Answer = _ => [];
        await using var spark = Session();

        await ((Spark.Connect.SparkConnectEngine)spark.Engine).ExecuteSqlCommandAsync("VACUUM delta.`s3://out/daily` RETAIN 168 HOURS;");

        Assert.Equal("VACUUM delta.`s3://out/daily` RETAIN 168 HOURS", Assert.Single(Server.Requests<ExecutePlanRequest>()).Plan.Command.SqlCommand.Sql);
    }

    [Fact]
    public async Task Concurrent_actions_do_not_interleave_temp_view_registration_and_the_query_that_reads_it()
    {
        Server.Answer = _ => [ArrowData.Rows("n int", [1])];
        Server.CommandDelay = TimeSpan.FromMilliseconds(50);
        await using var spark = Session();
        spark.Sql("SELECT 1 AS n").CreateOrReplaceTempView("v");
        var first = spark.Sql("SELECT n FROM v");
        spark.Sql("SELECT 2 AS n").CreateOrReplaceTempView("v");
        var second = spark.Sql("SELECT n FROM v");

        await Task.WhenAll(first.CollectAsync(), second.CollectAsync(), first.CollectAsync());

        var kinds = Server.Requests<ExecutePlanRequest>().Select(r => r.Plan.Command is null ? "query" : "view").ToList();
        Assert.Equal(["view", "query", "view", "query", "view", "query"], kinds);
    }

    [Fact]
    public async Task Streams_the_server_closes_cleanly_are_reattached_beyond_the_retry_budget()
    {
        // Spark closes a reattachable stream after 2 minutes even when a long query has no rows yet.
        Server.Answer = _ => [ArrowData.Rows("n int", [1])];
        Server.InjectFault(StreamFault.EndEarly, afterResponses: 0, times: FastRetry.MaxRetries + 3);
        await using var spark = Session();

        var rows = await spark.Sql("SELECT n FROM slow").CollectAsync();

        Assert.Single(rows);
        Assert.Equal(FastRetry.MaxRetries + 3, Server.Requests<ReattachExecuteRequest>().Count());
    }
}
