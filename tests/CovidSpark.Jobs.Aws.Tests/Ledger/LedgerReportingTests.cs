using Amazon.DynamoDBv2;
using CovidSpark.Aws;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Jobs.Aws.Tests.Ledger;

/// <summary>The jobs report their own state and counts to a real (moto) DynamoDB ledger when given <c>--ledger-table</c>.</summary>
public sealed class LedgerReportingTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private AwsClientOptions Aws => MotoAws.Options(moto);

    /// <summary>A new ledger table on moto and an input folder with the 11-09 and 11-10 sample reports.</summary>
    private async Task<(string Table, string Input)> LedgerAndInputAsync(TempDir dir)
    {
        var table = "jobs-" + Guid.NewGuid().ToString("N")[..8];
        await using (var handle = JobLedgerFactory.Open(table, Aws))
            await new LedgerTable(handle.DynamoDb).EnsureCreatedAsync(table);
        var input = dir.Folder("in");
        foreach (var d in new[] { "11-09", "11-10" }) File.Copy(TestData.Report(d), Path.Combine(input, $"{d}-2020.csv"));
        return (table, input);
    }

    [Fact]
    public async Task A_run_with_a_ledger_table_records_each_date_with_state_and_counts()
    {
        using var dir = new TempDir();
        var (table, input) = await LedgerAndInputAsync(dir);
        var result = await JobsCli.RunAsync(MotoAws.Environment, "run", "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators,
            "--lake", dir.Combine("lake"), "--from", "2020-11-09", "--to", "2020-11-10", "--jobs", "etl", "--no-report", "-q",
            "--ledger-table", table, "--region", MotoServer.Region, "--endpoint-url", moto.Endpoint.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        await using var ledger = JobLedgerFactory.Open(table, Aws);
        foreach (var date in new[] { new DateOnly(2020, 11, 9), new DateOnly(2020, 11, 10) })
        {
            var item = await ledger.Ledger.GetAsync(new JobKey("pipeline", date));
            Assert.NotNull(item);
            Assert.Equal(JobState.Succeeded, item.State);
            Assert.NotNull(item.StartedAt);
            Assert.NotNull(item.Counts);
            Assert.True(item.Counts.RowsIn > 7000, $"rows in {item.Counts.RowsIn}");
            Assert.Contains("\"engine\":\"duckdb\"", item.Manifest);
        }
    }

    [Fact]
    public async Task A_re_run_that_changes_a_date_records_the_later_dates_to_refresh_in_the_ledger()
    {
        using var dir = new TempDir();
        var (table, input) = await LedgerAndInputAsync(dir);
        var lake = dir.Combine("lake");
        string[] Run(string date) => ["run", "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators,
            "--lake", lake, "--from", date, "--to", date, "--jobs", "etl", "--no-report", "-q",
            "--ledger-table", table, "--region", MotoServer.Region, "--endpoint-url", moto.Endpoint.ToString()];
        Assert.Equal(0, (await JobsCli.RunAsync(MotoAws.Environment, Run("2020-11-09"))).ExitCode);
        Assert.Equal(0, (await JobsCli.RunAsync(MotoAws.Environment, Run("2020-11-10"))).ExitCode);
        // JHU re-issues 11-09 with one more case in the first US county row: 11-10's new cases were computed from the old one.
        var lines = File.ReadAllLines(Path.Combine(input, "11-09-2020.csv"));
        var us = Array.FindIndex(lines, l => l.Contains(",US,", StringComparison.Ordinal));
        var raw = RawReport.Load(Path.Combine(input, "11-09-2020.csv"));
        var confirmed = raw.Confirmed(raw.Rows[us - 1]);
        lines[us] = lines[us].Replace($",{confirmed},", $",{confirmed + 1},");
        File.WriteAllLines(Path.Combine(input, "11-09-2020.csv"), lines);

        var rerun = await JobsCli.RunAsync(MotoAws.Environment, Run("2020-11-09"));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("Refresh them: run --from 2020-11-10 --to 2020-11-10", rerun.Out);
        Assert.Contains("covidspark backfill --from 2020-11-10 --to 2020-11-10 --rerun", rerun.Out);
        await using var ledger = JobLedgerFactory.Open(table, Aws);
        var item = await ledger.Ledger.GetAsync(new JobKey("pipeline", new DateOnly(2020, 11, 9)));
        Assert.Contains("\"refresh_from\":\"2020-11-10\"", item!.Manifest);
        Assert.Contains("\"refresh_to\":\"2020-11-10\"", item.Manifest);
        var later = await ledger.Ledger.GetAsync(new JobKey("pipeline", new DateOnly(2020, 11, 10)));
        Assert.DoesNotContain("refresh_from", later!.Manifest);
    }

    [Fact]
    public async Task The_ledger_records_the_range_the_manifest_records_and_names_the_dates_without_a_report()
    {
        using var dir = new TempDir();
        var (table, input) = await LedgerAndInputAsync(dir);
        var lake = dir.Combine("lake");
        var result = await JobsCli.RunAsync(MotoAws.Environment, "run", "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators,
            "--lake", lake, "--from", "2020-11-08", "--to", "2020-11-10", "--jobs", "etl", "--no-report", "-q",
            "--ledger-table", table, "--region", MotoServer.Region, "--endpoint-url", moto.Endpoint.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No report for 1 of the 3 dates asked for (--from 2020-11-08 --to 2020-11-10): 2020-11-08; the run covers the others", result.Out);
        var manifest = await ManifestReader.LatestAsync(lake);
        var (from, to) = (DateOnly.Parse(manifest.Root.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(manifest.Root.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        await using var ledger = JobLedgerFactory.Open(table, Aws);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var item = await ledger.Ledger.GetAsync(new JobKey("pipeline", date));
            Assert.NotNull(item);
            Assert.Equal((from, to), (item.RangeFrom, item.RangeTo));
            Assert.Equal(JobState.Succeeded, item.State);
            Assert.Contains("\"dates_missing\":\"2020-11-08\"", item.Manifest);
        }
    }

    [Fact]
    public async Task A_manual_run_is_refused_on_a_date_an_EMR_step_holds_and_the_steps_own_run_records_its_attempt()
    {
        using var dir = new TempDir();
        var (table, input) = await LedgerAndInputAsync(dir);
        var key = new JobKey("pipeline", new DateOnly(2020, 11, 9));
        await using var ledger = JobLedgerFactory.Open(table, Aws);
        var claim = await ledger.Ledger.ClaimAsync(new JobClaim(key, key.DataDate, key.DataDate, "j-1", SubmitToken: "0123456789ab"));
        var pending = await ledger.Ledger.AttachStepAsync(claim, "j-1", "s-PENDING", null);
        string[] Run(params string[] extra) => ["run", "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators,
            "--lake", dir.Combine("lake"), "--from", "2020-11-09", "--to", "2020-11-09", "--jobs", "etl", "--no-report", "-q",
            "--ledger-table", table, "--region", MotoServer.Region, "--endpoint-url", moto.Endpoint.ToString(), .. extra];

        var manual = await JobsCli.RunAsync(MotoAws.Environment, Run());

        Assert.True(manual.ExitCode == 1, manual.ToString());
        Assert.Contains("pipeline#2020-11-09 is SUBMITTED as attempt 1, held by EMR step s-PENDING on j-1", manual.Error);
        Assert.Contains("A manual run does not take over", manual.Error);
        Assert.DoesNotContain("   at ", manual.Error);
        Assert.False(Directory.Exists(Path.Combine(dir.Combine("lake"), "trusted")), "nothing may run");
        var untouched = await ledger.Ledger.GetAsync(key);
        Assert.Equal((JobState.Submitted, pending.Version), (untouched!.State, untouched.Version));

        var step = await JobsCli.RunAsync(MotoAws.Environment, Run("--ledger-token", "0123456789ab"));

        Assert.True(step.ExitCode == 0, step.ToString());
        var done = await ledger.Ledger.GetAsync(key);
        Assert.Equal((JobState.Succeeded, 1, "s-PENDING"), (done!.State, done.Attempt, done.StepId));
        Assert.NotNull(done.Counts);
    }

    [Fact]
    public async Task A_ledger_table_without_dates_is_refused_before_anything_runs()
    {
        using var dir = new TempDir();
        var result = await JobsCli.RunAsync("run", "--lake", dir.Combine("lake"), "--ledger-table", "t", "-q");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--ledger-table needs --from and --to", result.Error);
        Assert.False(Directory.Exists(dir.Combine("lake")));
    }
}
