using System.Text.Json;
using System.Text.RegularExpressions;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect.Proto;
using static CovidSpark.Spark.Connect.Proto.Expression.Types;

namespace CovidSpark.Connect.Tests.Pipeline;

/// <summary>
/// The whole pipeline on Spark Connect (issue 3): every request the ETL, statistics and KMeans send is well-formed for a
/// Spark 3.5 server, and every answer the server gives flows back into the jobs and the run manifest.
/// </summary>
public sealed partial class PipelineOverSparkConnectTests(PipelineRun run) : IClassFixture<PipelineRun>
{
    private static readonly string[] PartitionedByDate =
    [
        "trusted/daily_region", "trusted/daily_country", "refined/continent_stats", "refined/numeric_summary", "refined/top_countries",
        "refined/correlation_analysis", "refined/hdi_analysis", "refined/global_daily", "refined/country_trends",
        "refined/clusters", "refined/cluster_summary",
    ];

    private static readonly string[] Unpartitioned = ["trusted/countries"];

    private static readonly string[] SqlTables =
        ["continent_stats", "numeric_summary", "top_countries", "correlation_analysis", "hdi_analysis", "global_daily"];

    [Fact]
    public void Every_request_is_in_one_session_as_the_user_and_every_execution_is_released()
    {
        var calls = run.Server.Calls;
        Assert.Equal(["AnalyzePlan", "Config", "ExecutePlan", "ReleaseExecute"], calls.Select(c => c.Method).Distinct().Order());
        // The session starts once: the server's version, then the settings the plans rely on (Spark 3.5 here).
        Assert.Equal(["AnalyzePlan", "Config"], calls.Take(2).Select(c => c.Method));
        Assert.Single(run.Server.Requests<AnalyzePlanRequest>());
        Assert.Equal([KeyValuePair.Create("spark.sql.legacy.timeParserPolicy", "CORRECTED"), KeyValuePair.Create("spark.sql.ansi.enabled", "false")],
            run.Server.SessionConfig);
        var sessions = calls.Select(c => c.Request switch
        {
            ExecutePlanRequest e => (e.SessionId, e.UserContext?.UserId, e.ClientType),
            ReleaseExecuteRequest r => (r.SessionId, r.UserContext?.UserId, r.ClientType),
            AnalyzePlanRequest a => (a.SessionId, a.UserContext?.UserId, a.ClientType),
            ConfigRequest config => (config.SessionId, config.UserContext?.UserId, config.ClientType),
            var other => throw new InvalidOperationException($"unexpected request {other.Descriptor.Name}"),
        }).ToList();
        var session = Assert.Single(sessions.Select(s => s.SessionId).Distinct());
        Assert.True(Guid.TryParse(session, out var id), $"session id '{session}' is not a UUID");
        Assert.Equal(run.Server.SessionId, id);
        Assert.All(sessions, s => Assert.Equal("tester", s.UserId));
        Assert.All(sessions, s => Assert.False(string.IsNullOrEmpty(s.ClientType)));

        var executes = run.Server.Requests<ExecutePlanRequest>().ToList();
        Assert.All(executes, e =>
        {
            Assert.True(Guid.TryParse(e.OperationId, out _), $"operation id '{e.OperationId}' is not a UUID");
            Assert.True(e.RequestOptions.Single().ReattachOptions.Reattachable);
            Assert.NotEqual(Plan.OpTypeOneofCase.None, e.Plan.OpTypeCase);
        });
        Assert.Equal(executes.Count, executes.Select(e => e.OperationId).Distinct().Count());
        var released = run.Server.Requests<ReleaseExecuteRequest>().Where(r => r.ReleaseAll is not null).Select(r => r.OperationId).ToHashSet();
        Assert.All(executes, e => Assert.Contains(e.OperationId, released));
    }

    [Fact]
    public void Every_relation_command_expression_and_literal_kind_is_one_a_Spark_3_5_server_knows()
    {
        var used = new SortedSet<string>();
        foreach (var plan in run.Plans)
        {
            Check<Relation>(plan, Spark35Protocol.RelationKinds, "relation");
            Check<Command>(plan, Spark35Protocol.CommandKinds, "command");
            Check<Expression>(plan, Spark35Protocol.ExpressionKinds, "expression");
            Check<Literal>(plan, Spark35Protocol.LiteralKinds, "literal");
        }
        // Not vacuous: the walk saw the kinds the three jobs are built from.
        Assert.Superset(new SortedSet<string>
        {
            "relation read", "relation sql", "relation filter", "relation aggregate", "relation join", "relation sort", "relation with_columns",
            "relation project", "command write_operation", "command create_dataframe_view", "expression window", "expression cast",
            "literal double", "literal date",
        }, used);

        void Check<T>(Plan plan, IReadOnlyDictionary<string, int> known, string what) where T : Google.Protobuf.IMessage
        {
            foreach (var message in ProtoWalk.All<T>(plan))
            {
                var kind = ProtoWalk.Case(message);
                Assert.True(kind is not null, $"a {what} without a kind: {message}");
                Assert.True(known.TryGetValue(kind.Name, out var number) && number == kind.FieldNumber,
                    $"{what} kind {kind.Name} = {kind.FieldNumber} is not Spark 3.5's");
                used.Add($"{what} {kind.Name}");
            }
        }
    }

    [Fact]
    public void Every_relation_has_a_plan_id_that_names_one_relation_in_the_session()
    {
        var relations = run.Plans.SelectMany(ProtoWalk.All<Relation>).ToList();
        Assert.All(relations, r => Assert.True(r.Common?.HasPlanId == true, $"relation without plan id: {r.RelTypeCase}"));
        // A relation that occurs twice in a plan keeps its id; different relations never share one, in a plan or across plans.
        foreach (var group in relations.GroupBy(r => r.Common.PlanId))
            Assert.True(group.Distinct().Count() == 1, $"plan id {group.Key} names {group.Distinct().Count()} different relations");
        foreach (var plan in run.Plans)
        {
            var inPlan = ProtoWalk.All<Relation>(plan).ToList();
            Assert.Equal(inPlan.Distinct().Count(), inPlan.Select(r => r.Common.PlanId).Distinct().Count());
        }
    }

    [Fact]
    public void Writes_are_parquet_overwrites_partitioned_by_report_date_with_dynamic_overwrite_except_countries()
    {
        Assert.Equal(
            ["quarantine/daily_reports", "trusted/countries", "trusted/daily_region", "trusted/daily_country", .. SqlTables.Select(t => "refined/" + t),
                "refined/country_trends", "refined/clusters", "refined/cluster_summary"],
            run.Writes.Select(w => Path.GetRelativePath(run.Lake, w.Path)));
        Assert.All(run.Writes, w =>
        {
            Assert.Equal("delta", w.Source); // every lake table is a Delta table (LakeTable)
            Assert.Equal(WriteOperation.Types.SaveMode.Overwrite, w.Mode);
        });
        foreach (var table in PartitionedByDate)
        {
            var w = run.Write(table);
            Assert.Equal(["report_date"], w.PartitioningColumns);
            Assert.Equal("dynamic", w.Options.GetValueOrDefault("partitionOverwriteMode"));
        }
        foreach (var table in Unpartitioned)
        {
            var w = run.Write(table);
            Assert.Empty(w.PartitioningColumns);
            Assert.False(w.Options.ContainsKey("partitionOverwriteMode"), table);
        }
        // The quarantine records replace every date of the run, also a date without records now: Delta's replaceWhere
        // (never together with dynamic overwrite, which Delta refuses).
        var quarantine = run.Write("quarantine/daily_reports");
        Assert.Equal(["report_date"], quarantine.PartitioningColumns);
        Assert.Equal($"report_date IN ({string.Join(", ", PipelineRun.Dates.Select(d => $"'{d:yyyy-MM-dd}'"))})", quarantine.Options["replaceWhere"]);
        Assert.False(quarantine.Options.ContainsKey("partitionOverwriteMode"));
    }

    [Fact]
    public void The_ETL_sends_its_staging_CSVs_with_their_schema_and_they_exist_when_Spark_reads_them()
    {
        var csv = run.Plans.SelectMany(ProtoWalk.All<Read.Types.DataSource>).Where(s => s.Format == "csv").ToList();
        var staging = Path.Combine(run.Lake, "_staging", run.Outcome.Manifest.RunId);
        Assert.Equal([Path.Combine(staging, "countries.csv"), Path.Combine(staging, "quarantine.csv"), Path.Combine(staging, "regions.csv")],
            csv.SelectMany(s => s.Paths).Distinct().Order());
        Assert.All(csv, s =>
        {
            Assert.Equal("true", s.Options["header"]);
            Assert.False(string.IsNullOrEmpty(s.Schema));
        });
        Assert.Empty(run.Answers.MissingInputs);
        Assert.False(Directory.Exists(staging), "the staging folder outlives the run");
        Assert.Equal([Path.Combine(staging, "regions.csv")], ProtoWalk.All<Read.Types.DataSource>(run.Write("trusted/daily_region").Input).Single().Paths);
        Assert.Equal([Path.Combine(staging, "countries.csv")], ProtoWalk.All<Read.Types.DataSource>(run.Write("trusted/countries").Input).Single().Paths);
        var quarantine = ProtoWalk.All<Read.Types.DataSource>(run.Write("quarantine/daily_reports").Input).Single();
        Assert.Equal([Path.Combine(staging, "quarantine.csv")], quarantine.Paths);
        Assert.Equal("true", quarantine.Options["multiLine"]); // a raw line may hold a quoted line break
    }

    [Fact]
    public void The_statistics_SQL_reaches_the_server_as_SQL_relations_after_the_temp_views_it_reads()
    {
        var registered = new Dictionary<string, CreateDataFrameViewCommand>(StringComparer.OrdinalIgnoreCase);
        foreach (var plan in run.Plans)
        {
            foreach (var sql in ProtoWalk.All<SQL>(plan))
                foreach (var view in ViewsRead(sql.Query))
                    Assert.True(registered.ContainsKey(view), $"SQL reads view '{view}' before it was registered:\n{sql.Query}");
            if (plan.Command?.CreateDataframeView is { } v)
            {
                Assert.True(v.Replace && !v.IsGlobal, $"view {v.Name} is not a replaceable local temp view");
                registered[v.Name] = v;
            }
        }
        Assert.Equal(["countries", "dc", "facts", "place_facts"], registered.Keys.Order());

        var from = $"DATE '{PipelineRun.Dates[0]:yyyy-MM-dd}'";
        foreach (var table in SqlTables)
        {
            var query = run.Write("refined/" + table).Input.Sql?.Query;
            Assert.True(query is not null, $"refined/{table} is not written from a SQL relation");
            Assert.DoesNotContain("{from}", query);
        }
        Assert.Contains(from, registered["place_facts"].Input.Sql.Query);
        Assert.Contains(from, run.Write("refined/global_daily").Input.Sql.Query);
        // dc: trusted daily_country (the Delta table) filtered to the dates of the window the table has (here the run's own
        // dates), then from 21 days before the first date (trends) up to the last date.
        var dc = registered["dc"].Input;
        AssertReadsPartitions(ProtoWalk.All<Read.Types.DataSource>(dc).Single(), "daily_country", PipelineRun.Dates);
        Assert.Equal([PipelineRun.Dates[0].AddDays(-21), .. PipelineRun.Dates], DateLiterals(dc));
    }

    [Fact]
    public void The_run_succeeds_on_engine_spark_and_records_what_the_server_answered()
    {
        var m = run.Outcome.Manifest;
        Assert.True(m.Error is null, m.Error);
        Assert.Equal("spark", m.Engine);
        Assert.Equal((0, "SUCCEEDED"), (m.ExitCode, m.Status));
        // The dates come from the partitions the daily_country write created in the lake.
        Assert.Equal(PipelineRun.Dates.Select(d => d.ToString("yyyy-MM-dd")), m.Dates);
        Assert.Equal(["etl", "stats", "cluster"], m.Jobs.Select(j => j.Job));
        Assert.All(m.Jobs, j => Assert.Equal("SUCCEEDED", j.Status));
        Assert.Equal(3, m.Jobs[0].Counts["files"]);
        Assert.Equal(PipelineAnswers.NegativeNewCaseRows, m.Jobs[0].Counts["negative_new_case_rows_flagged"]);

        var cluster = m.Jobs[2];
        Assert.Equal(PipelineAnswers.Points.Length, cluster.RowsIn);
        Assert.Equal(PipelineAnswers.IterationAverages.Count, cluster.Counts["iterations"]);
        Assert.Equal(PipelineRun.K, cluster.Counts["k"]);
        Assert.Equal("true", cluster.Details!["converged"]);
        Assert.Equal("12.5", cluster.Details["inertia"]);

        using var written = JsonDocument.Parse(File.ReadAllText(run.Outcome.ManifestPath));
        Assert.Equal("spark", written.RootElement.GetProperty("engine").GetString());
        Assert.Empty(run.Answers.Unexpected);
        // the dates of daily_country (listed once, after the ETL: the statistics take their window from the run's dates),
        // count, standardisation, k-means++ points, three iterations, inertia.
        Assert.Equal(8, run.Plans.Count(p => p.Root is not null));
    }

    [Fact]
    public void The_negative_count_asks_about_exactly_the_dates_loaded()
    {
        var count = Assert.Single(run.Plans, p => p.Root?.Aggregate?.AggregateExpressions.Select(PipelineAnswers.OutputName).SequenceEqual(["count"]) == true);
        AssertReadsPartitions(ProtoWalk.All<Read.Types.DataSource>(count.Root).Single(), "daily_country", PipelineRun.Dates);
    }

    /// <summary>A read of the Delta table (its committed snapshot); the dates are chosen by a filter on report_date.</summary>
    private void AssertReadsPartitions(Read.Types.DataSource source, string table, IEnumerable<DateOnly> dates)
    {
        _ = dates;
        Assert.Equal("delta", source.Format);
        Assert.Equal([Path.Combine(run.Lake, "trusted", table)], source.Paths);
    }

    [Fact]
    public void KMeans_standardises_with_the_mean_and_deviation_the_server_returned()
    {
        var points = Assert.Single(run.Plans, p => p.Root?.Project is not null).Root;
        Assert.All(new[] { points }.Concat(run.Answers.Iterations.Select(i => i.Root)).Append(run.Write("refined/clusters").Input), rel =>
        {
            for (var i = 0; i < 3; i++)
                Assert.Equal([PipelineAnswers.Means[i], PipelineAnswers.Sds[i]], DoublesOf(AliasNamed(rel, "z" + i)));
        });
    }

    [Fact]
    public void Each_Lloyd_iteration_starts_from_the_centroids_the_previous_answer_gave()
    {
        var iterations = run.Answers.Iterations.Select(p => Centroids(p.Root)).ToList();
        Assert.Equal(3, iterations.Count);
        var averages = PipelineAnswers.IterationAverages;

        // k-means++ picks K distinct points among those the server returned.
        Assert.Equal(PipelineRun.K, iterations[0].Count);
        Assert.All(iterations[0], c => Assert.Contains(PipelineAnswers.Points, p => p.SequenceEqual(c)));
        Assert.Equal(PipelineRun.K, iterations[0].Select(c => string.Join(",", c)).Distinct().Count());
        // Iteration 2: the averages of iteration 1; cluster 1 had no row, so it keeps its centroid.
        Assert.Equal([averages[0][0], iterations[0][1], averages[0][2]], iterations[1]);
        Assert.Equal([averages[1][0], averages[1][1], averages[1][2]], iterations[2]);
        // The final assignment written to refined/clusters uses the converged centroids.
        Assert.Equal([averages[2][0], averages[2][1], averages[2][2]], Centroids(run.Write("refined/clusters").Input));
        Assert.Equal([PipelineRun.Dates[^1]], DateLiterals(run.Write("refined/clusters").Input));
    }

    /// <summary>The tables a SQL text reads (FROM/JOIN followed by a name, not a subquery).</summary>
    private static IEnumerable<string> ViewsRead(string sql) => TableNames().Matches(sql).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)", RegexOptions.IgnoreCase)]
    private static partial Regex TableNames();

    private static List<DateOnly> DateLiterals(Google.Protobuf.IMessage m) =>
        [.. ProtoWalk.All<Literal>(m).Where(l => l.LiteralTypeCase == Literal.LiteralTypeOneofCase.Date)
            .Select(l => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + l.Date)).Distinct().Order()];

    private static Alias AliasNamed(Relation rel, string name) =>
        Assert.Single(ProtoWalk.All<Alias>(rel).Where(a => a.Name.SequenceEqual([name])).Distinct());

    private static List<double> DoublesOf(Google.Protobuf.IMessage m) =>
        [.. ProtoWalk.All<Literal>(m).Where(l => l.LiteralTypeCase == Literal.LiteralTypeOneofCase.Double).Select(l => l.Double)];

    /// <summary>The centroids an assignment was built with: the literal subtracted from z0..z2 in each squared distance d0..d(K-1).</summary>
    private static List<double[]> Centroids(Relation rel) =>
        [.. Enumerable.Range(0, PipelineRun.K).Select(k => ProtoWalk.All<UnresolvedFunction>(AliasNamed(rel, "d" + k))
            .Where(f => f.FunctionName == "-").Select(f => f.Arguments[1].Literal.Double).ToArray())];
}
