
namespace CovidSpark.Jobs.Cli.Tests.Commands;

/// <summary>The <c>run</c> command, invoked in-process, refusing bad input with exit code 1 and a message that names what is wrong.</summary>
public sealed class RunCommandArgumentTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LakePath => _dir.Combine("lake");

    private async Task<CliResult> Run(params string[] args) => await JobsCli.RunAsync(["run", "--lake", LakePath, "--quiet", .. args]);

    [Theory]
    [InlineData(new[] { "--from", "2020-11-05", "--to", "2020-11-01" }, "--from 2020-11-05 is after --to 2020-11-01")]
    [InlineData(new[] { "--jobs", "etl,sql" }, "--jobs: unknown job 'sql'")]
    [InlineData(new[] { "--jobs", "2" }, "--jobs: unknown job '2'")]
    [InlineData(new[] { "--from", "2020-02-30" }, "--from '2020-02-30' is not a date")]
    [InlineData(new[] { "--to", "11/10/2020" }, "--to '11/10/2020' is not a date")]
    [InlineData(new[] { "--k", "0" }, "--k must be at least 1")]
    [InlineData(new[] { "--k", "abc" }, "--k 'abc' is not a whole number")]
    [InlineData(new[] { "--threads", "0" }, "--threads must be at least 1, got 0")]
    [InlineData(new[] { "--threads", "two" }, "--threads 'two' is not a whole number")]
    [InlineData(new[] { "--memory-limit", "foo" }, "--memory-limit 'foo' is not a size such as 512MB or 2GB")]
    public async Task Bad_arguments_exit_1_with_a_message_naming_the_option_and_touch_nothing(string[] args, string message)
    {
        var r = await Run(args);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(message, r.Error);
        Assert.False(Directory.Exists(LakePath), "nothing should be written for bad arguments");
        // One line per problem (and a pointer to the help), no help text dumped, no type names, nothing on standard output.
        Assert.True(r.Error.Trim().Split('\n').Length <= 2, r.Error);
        Assert.DoesNotContain("System.", r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task A_lake_that_is_a_file_or_cannot_be_written_is_refused_before_any_work()
    {
        var file = _dir.Write("lake-file", "not a folder");
        var asFile = await JobsCli.RunAsync("run", "--lake", file, "--quiet");
        // /proc refuses new folders even to root.
        var readOnly = await JobsCli.RunAsync("run", "--lake", "/proc/covidspark-lake", "--quiet");

        Assert.True(asFile.ExitCode == 1, asFile.ToString());
        Assert.Equal($"error: --lake {file} is a file, not a folder", asFile.Error.Trim());
        Assert.True(readOnly.ExitCode == 1, readOnly.ToString());
        Assert.StartsWith("error: --lake /proc/covidspark-lake cannot be written to: ", readOnly.Error.Trim());
        Assert.Equal("", asFile.Out + readOnly.Out);
    }

    [Fact]
    public async Task K_larger_than_the_countries_fails_before_the_etl_runs()
    {
        var r = await Run("--k", "1000", "--from", "2020-11-10", "--to", "2020-11-10");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("--k 1000: KMeans needs at least k=1000 countries", r.Error);
        var m = await ManifestReader.LatestAsync(LakePath);
        Assert.Equal(0, m.Root.GetProperty("jobs").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(LakePath, "trusted")));
        // The error once, on standard error; no empty job table on standard output.
        Assert.Single(r.Error.Split('\n'), l => l.Contains("KMeans needs"));
        Assert.DoesNotContain("KMeans needs", r.Out);
        Assert.DoesNotContain("rows in", r.Out);
    }

    [Fact]
    public async Task An_option_that_does_not_exist_is_refused()
    {
        var r = await Run("--form", "2020-11-01");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--form", r.Out + r.Error);
    }

    [Fact]
    public async Task A_missing_input_folder_exits_1_naming_the_folder_and_records_a_failed_run()
    {
        var missing = _dir.Combine("no-such-folder");

        var r = await Run("--input", missing);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(missing, r.Out + r.Error);
        Assert.Contains("input folder not found", r.Out + r.Error);
        var m = await ManifestReader.LatestAsync(LakePath);
        Assert.Equal("FAILED", m.Root.GetProperty("status").GetString());
        Assert.Contains(missing, m.Root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_missing_indicators_file_exits_1_naming_the_file()
    {
        var input = _dir.CopyInto("input", TestData.Report("01-22"));
        var missing = _dir.Combine("owid.csv");

        var r = await Run("--input", input, "--indicators", missing, "--jobs", "etl");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(missing, r.Error);
        Assert.Contains("--indicators", r.Error);
    }

    [Fact]
    public async Task A_date_range_without_reports_exits_1_saying_so()
    {
        var r = await Run("--from", "2021-01-01", "--to", "2021-01-31");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("no daily reports", r.Error);
        Assert.Contains("2021-01-01", r.Error);
    }

    [Fact]
    public async Task Help_teaches_the_options_and_exit_codes()
    {
        var r = await JobsCli.RunAsync("run", "--help");

        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--input", "--indicators", "--lake", "--from", "--to", "--jobs", "--k", "Exit codes", "130  interrupted" })
            Assert.Contains(option, r.Out);
    }
}
