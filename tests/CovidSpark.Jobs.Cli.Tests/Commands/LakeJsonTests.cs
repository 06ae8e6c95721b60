using System.Text.Json;

namespace CovidSpark.Jobs.Cli.Tests.Commands;

/// <summary><c>lake … --json</c>: each maintenance command prints one JSON document a script can parse, and nothing else.</summary>
public sealed class LakeJsonTests
{
    [Fact]
    public async Task Tables_history_check_vacuum_and_restore_print_one_json_document_each()
    {
        using var dir = new TempDir();
        var lake = dir.Combine("lake");
        var run = await JobsCli.RunAsync("run", "--lake", lake, "--jobs", "etl", "--from", "2020-11-09", "--to", "2020-11-10", "-q", "--no-report");
        Assert.True(run.ExitCode is 0 or 2, run.ToString());
        var rerun = await JobsCli.RunAsync("run", "--lake", lake, "--jobs", "etl", "--from", "2020-11-10", "--to", "2020-11-10", "-q", "--no-report");
        Assert.True(rerun.ExitCode is 0 or 2, rerun.ToString());

        async Task<JsonElement> Json(params string[] args)
        {
            var r = await JobsCli.RunAsync(["lake", .. args, "--lake", lake, "--json"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            return JsonDocument.Parse(r.Out).RootElement;
        }

        var tables = await Json("tables");
        var country = Assert.Single(tables.EnumerateArray(), t => t.GetProperty("table").GetString() == "trusted/daily_country");
        Assert.Equal(("2020-11-09", "2020-11-10", 2), (country.GetProperty("first_date").GetString(), country.GetProperty("last_date").GetString(), country.GetProperty("dates").GetInt32()));
        Assert.True(country.GetProperty("rows").GetInt64() > 300);

        var history = (await Json("history", "daily_country")).EnumerateArray().ToList();
        Assert.Equal([1L, 0L], history.Select(h => h.GetProperty("version").GetInt64()));
        Assert.Equal("etl", history[1].GetProperty("job").GetString());
        Assert.StartsWith("covidspark-etl-", Assert.Single(history[1].GetProperty("txn").EnumerateArray()).GetProperty("app_id").GetString());

        var check = await Json("check");
        Assert.Equal(0, check.GetProperty("problems").GetArrayLength());
        Assert.Equal(tables.GetArrayLength(), check.GetProperty("tables").GetInt32());

        var vacuum = await Json("vacuum", "--dry-run");
        Assert.All(vacuum.EnumerateArray(), t => Assert.True(t.GetProperty("dry_run").GetBoolean()));

        var restore = await Json("restore", "daily_country", "--version", "0");
        Assert.Equal((0L, 2L), (restore.GetProperty("restored_version").GetInt64(), restore.GetProperty("new_version").GetInt64()));
    }
}
