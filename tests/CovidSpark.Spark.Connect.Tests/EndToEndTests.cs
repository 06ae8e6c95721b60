using Apache.Arrow.Ipc;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect.Proto;
using CovidSpark.Spark.Connect.Recording;
using CovidSpark.Spark.Sql;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Connect.Tests;

/// <summary>
/// A small multi-step job against the fake server: schema, SQL over a temp view, driver-side rows built from a
/// result and sent back, a join, a partitioned write and a count. Every request must be well-formed, every
/// result must flow into the next step, and --plan-out must capture exactly what was sent.
/// </summary>
public sealed class EndToEndTests : ConnectTestBase
{
    private static IReadOnlyList<ExecutePlanResponse> Answer(Plan plan) => plan switch
    {
        { Command: not null } => [],
        { Root.Sql: not null } => [ArrowData.Rows("iso3 string, confirmed bigint", ["DEU", 120L], ["FRA", 80L]),
            ArrowData.Rows("iso3 string, confirmed bigint", ["ITA", 60L])],
        { Root.Aggregate: not null } => [ArrowData.Rows("count bigint", [3L])],
        _ => [ArrowData.Rows("ok boolean")],
    };

    [Fact]
    public async Task A_multi_step_job_sends_well_formed_requests_and_uses_every_result()
    {
        Server.Answer = Answer;
        Server.Analyze = _ => new AnalyzePlanResponse
        {
            Schema = new AnalyzePlanResponse.Types.Schema
            {
                Schema_ = new DataType
                {
                    Struct = new DataType.Types.Struct
                    {
                        Fields =
                        {
                            new DataType.Types.StructField { Name = "iso3", DataType = new DataType { String = new() } },
                            new DataType.Types.StructField { Name = "report_date", DataType = new DataType { Date = new() } },
                            new DataType.Types.StructField { Name = "confirmed", DataType = new DataType { Long = new() } },
                        },
                    },
                },
            },
        };
        var planDir = Path.Combine(Path.GetTempPath(), "covidspark-plans-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var spark = Session(configure: o => o with { PlanRecorder = new DirectoryPlanRecorder(planDir) });

            // 1. Read, clean, register.
            var daily = spark.Read().Option("header", "true").Schema("iso3 string, date_text string, confirmed bigint, deaths bigint")
                .Csv("s3://covid/raw/2020-03-01.csv")
                .Filter(Col("confirmed").Geq(0))
                .WithColumn("report_date", ToDate(Col("date_text"), "M/d/yy"))
                .Drop("date_text");
            var schema = await daily.Select("iso3", "report_date", "confirmed").SchemaAsync();
            Assert.Equal("iso3 string, report_date date, confirmed bigint", schema.ToDdl());
            daily.CreateOrReplaceTempView("daily");

            // 2. SQL over the view; the result comes back to the driver.
            var totals = await spark.Sql("SELECT iso3, sum(confirmed) AS confirmed FROM daily GROUP BY iso3 ORDER BY confirmed DESC").CollectAsync();
            Assert.Equal(["DEU", "FRA", "ITA"], totals.Select(r => (string)r["iso3"]!));

            // 3. Driver-side rows from that result go back as a LocalRelation and drive a join and a write.
            var top = spark.CreateDataFrame(totals.Take(2).Select(r => new object?[] { r["iso3"], r.GetAs<long>("confirmed") }),
                Spark.Sql.Types.StructType.FromDdl("iso3 string, total bigint"));
            var report = daily.Join(top, "iso3").WithColumn("cfr", Col("deaths") / Col("confirmed"));
            await report.Write().Mode("overwrite").Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date").ParquetAsync("s3://covid/report");

            // 4. A count.
            Assert.Equal(3L, await report.CountAsync());

            // Every request is in the session, as the user, reattachable, with a fresh operation id.
            var executes = Server.Requests<ExecutePlanRequest>().ToList();
            Assert.All(executes, e =>
            {
                Assert.Equal(Server.SessionId.ToString(), e.SessionId);
                Assert.Equal("tester", e.UserContext.UserId);
                Assert.True(e.RequestOptions.Single().ReattachOptions.Reattachable);
            });
            Assert.Equal(executes.Count, executes.Select(e => e.OperationId).Distinct().Count());
            Assert.Equal(["AnalyzePlan", "ExecutePlan", "ExecutePlan", "ExecutePlan", "ExecutePlan"],
                Server.PlanCalls.Where(c => c.Method != "ReleaseExecute").Select(c => c.Method));
            Assert.Equal(executes.Count, Server.Requests<ReleaseExecuteRequest>().Count());
            Assert.Equal("daily", executes[0].Plan.Command.CreateDataframeView.Name);
            Assert.NotNull(executes[1].Plan.Root.Sql);

            // The write carries the job's rows from step 2 as Arrow data.
            var write = executes[2].Plan.Command.WriteOperation;
            Assert.Equal(["report_date"], write.PartitioningColumns);
            var local = write.Input.WithColumns.Input.Join.Right.LocalRelation;
            using (var reader = new ArrowStreamReader(local.Data.Memory))
            {
                var batch = reader.ReadNextRecordBatch();
                Assert.Equal(2, batch.Length);
                Assert.Equal("DEU", ((Apache.Arrow.StringArray)batch.Column(0)).GetString(0));
                Assert.Equal(80L, ((Apache.Arrow.Int64Array)batch.Column(1)).GetValue(1));
            }
            Assert.Equal(["iso3"], write.Input.WithColumns.Input.Join.UsingColumns);

            // --plan-out: one .bin per plan sent, decodable as spark.connect.Plan, plus readable JSON.
            var sent = Server.Requests<AnalyzePlanRequest>().Where(a => a.Schema is not null).Select(a => a.Schema.Plan).Concat(executes.Select(e => e.Plan)).ToList();
            var bins = Directory.GetFiles(planDir, "*.bin").Order().ToList();
            Assert.Equal(["0001-schema.bin", "0002-command.bin", "0003-query.bin", "0004-command.bin", "0005-query.bin"], bins.Select(Path.GetFileName));
            Assert.Equal(sent, bins.Select(b => Plan.Parser.ParseFrom(File.ReadAllBytes(b))));
            Assert.Contains("\"createDataframeView\"", File.ReadAllText(Path.Combine(planDir, "0002-command.json")));
        }
        finally
        {
            if (Directory.Exists(planDir)) Directory.Delete(planDir, recursive: true);
        }
    }
}
