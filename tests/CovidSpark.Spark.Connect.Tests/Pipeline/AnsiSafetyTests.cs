using System.Text.RegularExpressions;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Connect.Proto;

namespace CovidSpark.Connect.Tests.Pipeline;

/// <summary>
/// Every plan the pipeline sends gives the same answer with <c>spark.sql.ansi.enabled</c> on (Spark 4's default) and off
/// (issue 12, finding 3): the whole pipeline runs against a Spark 3.5 and a Spark 4 server and each plan is checked for
/// the constructs ANSI mode turns into errors — an unguarded division or <c>corr</c>, a cast that follows the session's
/// ANSI setting — in the plan's expressions and in every SQL text it carries.
/// </summary>
public sealed partial class AnsiSafetyTests : IAsyncLifetime
{
    private readonly string _lake = Directory.CreateTempSubdirectory("covidspark-ansi-").FullName;
    private FakeSparkConnectServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSparkConnectServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_lake, recursive: true);
    }

    private async Task<IReadOnlyList<Plan>> RunPipelineAsync(string sparkVersion)
    {
        _server.SparkVersion = sparkVersion;
        _server.Answer = new PipelineAnswers(Path.Combine(_lake, "lake"), PipelineRun.Dates).Answer;
        var outcome = await PipelineRun.RunAsync(_server, Path.Combine(_lake, "lake"), PipelineJobs.All, new KMeansOptions(K: PipelineRun.K));
        Assert.True(outcome.Manifest.Status == "SUCCEEDED", outcome.Manifest.Error);
        return [.. _server.Requests<ExecutePlanRequest>().Select(e => e.Plan)];
    }

    [Theory]
    [InlineData("3.5.2")]
    [InlineData("4.0.1")]
    public async Task Every_plan_is_ansi_safe(string sparkVersion)
    {
        var plans = await RunPipelineAsync(sparkVersion);

        var functions = plans.SelectMany(ProtoWalk.All<Expression.Types.UnresolvedFunction>).ToList();
        Assert.DoesNotContain(functions, f => f.FunctionName is "/" or "divide" or "!="); // try_divide / not(==) instead
        Assert.All(functions.Where(f => f.FunctionName == "when"), GuardsCorrIfItHasOne);
        var corrs = functions.Count(f => f.FunctionName == "corr");
        var guarded = functions.Count(f => f.FunctionName == "when" && f.Arguments.Count == 2 && f.Arguments[1].UnresolvedFunction?.FunctionName == "corr");
        Assert.Equal(corrs, guarded);

        var casts = plans.SelectMany(ProtoWalk.All<Expression.Types.Cast>).ToList();
        Assert.NotEmpty(casts);
        if (sparkVersion.StartsWith('4'))
            Assert.All(casts, c => Assert.Equal(Expression.Types.Cast.Types.EvalMode.Legacy, c.EvalMode));
        else
        {
            // Spark 3.5 has no eval_mode: its casts follow the session, which the client sets to non-ANSI first.
            Assert.All(casts, c => Assert.Equal(Expression.Types.Cast.Types.EvalMode.Unspecified, c.EvalMode));
            Assert.Contains(KeyValuePair.Create("spark.sql.ansi.enabled", "false"), _server.SessionConfig);
        }

        var sql = SqlTexts(plans).ToList();
        Assert.NotEmpty(sql);
        Assert.All(sql, AnsiSafeSql);
    }

    /// <summary>Every SQL relation, SQL command and expression string of the plans.</summary>
    internal static IEnumerable<string> SqlTexts(IEnumerable<Plan> plans) =>
        plans.SelectMany(p => ProtoWalk.All<SQL>(p).Select(s => s.Query)
            .Concat(ProtoWalk.All<SqlCommand>(p).Select(c => c.Sql))
            .Concat(ProtoWalk.All<Expression.Types.ExpressionString>(p).Select(e => e.Expression)));

    private static void GuardsCorrIfItHasOne(Expression.Types.UnresolvedFunction when)
    {
        if (when.Arguments.Count != 2 || when.Arguments[1].UnresolvedFunction?.FunctionName != "corr") return;
        var condition = when.Arguments[0].UnresolvedFunction;
        Assert.Equal("and", condition.FunctionName);
        Assert.Equal(["regr_sxx", "regr_syy"], condition.Arguments.Select(a => a.UnresolvedFunction.Arguments[0].UnresolvedFunction.FunctionName));
    }

    /// <summary>
    /// The SQL rules: every CORR guarded by REGR_SXX/REGR_SYY over the same pair, every division by a NULLIF, every cast
    /// to DOUBLE (a cast of text to a number or date fails under ANSI when the text does not convert).
    /// </summary>
    private static void AnsiSafeSql(string sql)
    {
        // Text inside string literals ('Other / territories') is data, not SQL: blanked out, positions kept.
        var code = StringLiteral().Replace(sql, m => "'" + new string(' ', m.Length - 2) + "'");
        var corr = CorrCall().Matches(code).Count;
        var guardedCorr = GuardedCorr().Matches(code).Count;
        Assert.True(corr == guardedCorr, $"{corr - guardedCorr} CORR call(s) without the zero-variance guard in:\n{sql}");
        foreach (Match division in Division().Matches(code))
            Assert.True(code[(division.Index + division.Length)..].TrimStart().StartsWith("NULLIF(", StringComparison.OrdinalIgnoreCase),
                $"a division without NULLIF at {division.Index} in:\n{sql}");
        foreach (Match cast in CastTarget().Matches(code))
            Assert.True(cast.Groups[1].Value.Equals("DOUBLE", StringComparison.OrdinalIgnoreCase), $"CAST(... AS {cast.Groups[1].Value}) in:\n{sql}");
    }

    [GeneratedRegex(@"\bCORR\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CorrCall();

    [GeneratedRegex(@"CASE WHEN REGR_SXX\((\w+), (\w+)\) > 0 AND REGR_SYY\(\1, \2\) > 0 THEN CORR\(\2, \1\) END")]
    private static partial Regex GuardedCorr();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![/*])/(?![/*])")]
    private static partial Regex Division();

    [GeneratedRegex(@"\bAS\s+(\w+)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CastTarget();

    [Fact]
    public void The_rules_catch_the_unsafe_forms()
    {
        Assert.ThrowsAny<Exception>(() => AnsiSafeSql("SELECT CASE WHEN ISNAN(CORR(a, b)) THEN NULL ELSE CORR(a, b) END FROM t"));
        Assert.ThrowsAny<Exception>(() => AnsiSafeSql("SELECT SUM(a) / SUM(b) FROM t"));
        Assert.ThrowsAny<Exception>(() => AnsiSafeSql("SELECT CAST(t AS INT) FROM t"));
        AnsiSafeSql("SELECT COALESCE(c, 'Other / territories') AS c FROM t");
        AnsiSafeSql("SELECT CASE WHEN REGR_SXX(b, a) > 0 AND REGR_SYY(b, a) > 0 THEN CORR(a, b) END, SUM(a) / NULLIF(SUM(b), 0) FROM t");
    }
}
