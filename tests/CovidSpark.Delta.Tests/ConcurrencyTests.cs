using System.Diagnostics;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Storage;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Delta.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task ThreadsRacingForOneCommitFile_ExactlyOneWins_AndTheFileIsWhole()
    {
        using var temp = new TempDir();
        var store = new LocalDeltaStore(temp.Path);
        for (var round = 0; round < 300; round++)
        {
            var path = $"_delta_log/{round:D20}.json";
            var contents = new[] { new string('a', 65_536), new string('b', 65_536), new string('c', 65_536), new string('d', 65_536) };
            using var barrier = new Barrier(contents.Length);
            var tasks = contents.Select(c => Task.Run(async () =>
            {
                barrier.SignalAndWait();
                return await store.PutIfAbsentAsync(path, System.Text.Encoding.UTF8.GetBytes(c), CancellationToken.None);
            })).ToArray();
            var won = await Task.WhenAll(tasks);
            Assert.Equal(1, won.Count(w => w));
            var text = await File.ReadAllTextAsync(Path.Combine(temp.Path, path));
            Assert.Equal(contents[Array.IndexOf(won, true)], text);
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "_delta_log"), "*.tmp"));
    }

    [Fact]
    public async Task TwoTransactions_DisjointPartitionsBothCommit_SamePartitionConflictNamingTheWinner()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 1), await t.WriteFileAsync("2020-11-02", 1));
        var read = await t.Log.GetSnapshotAsync();

        DeltaTransaction Replace(string date, DeltaDataFile file)
        {
            var txn = t.Log.StartTransaction(read);
            txn.ReplacePartitions([new Dictionary<string, string?> { ["report_date"] = date }]);
            txn.Add(new AddFile(DeltaPaths.Encode(file.RelativePath), file.PartitionValues, file.Size, 1, true, file.Stats));
            return txn;
        }
        CommitOptions Run(string id) => new("WRITE") { Tags = new Dictionary<string, string> { ["runId"] = id, ["job"] = "etl" } };

        var a = Replace("2020-11-01", await t.WriteFileAsync("2020-11-01", 2));
        var b = Replace("2020-11-02", await t.WriteFileAsync("2020-11-02", 3));
        var c = Replace("2020-11-02", await t.WriteFileAsync("2020-11-02", 4));
        Assert.Equal(1, (await a.CommitAsync(Run("run-a"))).Version);
        var resultB = await b.CommitAsync(Run("run-b"));
        Assert.Equal(2, resultB.Version);
        Assert.Equal(2, resultB.Attempts);
        var e = await Assert.ThrowsAsync<DeltaConcurrentModificationException>(() => c.CommitAsync(Run("run-c")));
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, e.Kind);
        Assert.Equal(2, e.WinningVersion);
        Assert.Contains("run run-b (job etl", e.Message);
        Assert.Contains("report_date=2020-11-02", e.Message);

        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(2, s.Version);
        Assert.Equal(5, s.NumRecords);
    }

    [Fact]
    public async Task TwoTransactions_SameAppTransactionConflicts()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.Append, await t.WriteFileAsync("2020-11-01", 1));
        var read = await t.Log.GetSnapshotAsync();
        var first = t.Log.StartTransaction(read);
        var second = t.Log.StartTransaction(read);
        first.SetAppTransaction("app", 1);
        second.SetAppTransaction("app", 1);
        await first.CommitAsync(new CommitOptions("WRITE"));
        var e = await Assert.ThrowsAsync<DeltaConcurrentModificationException>(() => second.CommitAsync(new CommitOptions("WRITE")));
        Assert.Equal(DeltaConflictKind.ConcurrentTransaction, e.Kind);
    }

    private static string WriterDll() =>
        Path.Combine(TestPaths.RepoRoot, "tests", "CovidSpark.Delta.TestWriter", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name, "net10.0", "linux-x64", "CovidSpark.Delta.TestWriter.dll") is var p && File.Exists(p)
            ? p
            : Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "tests", "CovidSpark.Delta.TestWriter", "bin"), "CovidSpark.Delta.TestWriter.dll", SearchOption.AllDirectories).First();

    private static async Task<(int Exit, string Out, string Err)[]> RaceAsync(string table, params (string Date, string Run)[] writers)
    {
        var dir = Path.GetDirectoryName(table)!;
        var go = Path.Combine(dir, "go-" + Guid.NewGuid().ToString("N"));
        var procs = writers.Select(w =>
        {
            var ready = Path.Combine(dir, $"ready-{w.Run}");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { WriterDll(), table, w.Date, w.Run, ready, go }) psi.ArgumentList.Add(a);
            return (Process: Process.Start(psi)!, Ready: ready);
        }).ToList();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!procs.All(p => File.Exists(p.Ready)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the writer processes did not get ready");
            Assert.DoesNotContain(procs, p => p.Process.HasExited);
            await Task.Delay(20);
        }
        await File.WriteAllTextAsync(go, "go");
        var results = new List<(int, string, string)>();
        foreach (var (p, _) in procs)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            results.Add((p.ExitCode, (await stdout).Trim(), (await stderr).Trim()));
            p.Dispose();
        }
        return results.ToArray();
    }

    [Fact]
    public async Task TwoProcesses_DisjointPartitionsOfANewTable_BothCommit()
    {
        using var temp = new TempDir();
        var table = Path.Combine(temp.Path, "daily_region");
        var results = await RaceAsync(table, ("2020-11-01", "run-a"), ("2020-11-02", "run-b"));
        Assert.All(results, r => Assert.True(r.Exit == 0, r.Err));
        Assert.Equal(["0", "1"], results.Select(r => r.Out).Order());
        var s = await Log.DeltaLog.ForPath(table).GetSnapshotAsync();
        Assert.Equal(["2020-11-01", "2020-11-02"], s.Files.Select(f => f.PartitionValues["report_date"]!));
        // both created the table; the loser adopted the winner's metadata instead of writing its own
        Assert.Single(await Log.DeltaLog.ForPath(table).HistoryAsync(), h => h.Actions.OfType<MetadataAction>().Any());
    }

    [Fact]
    public async Task TwoProcesses_SamePartition_OneCommitsTheOtherFailsNamingIt()
    {
        using var temp = new TempDir();
        var table = Path.Combine(temp.Path, "daily_region");
        var results = await RaceAsync(table, ("2020-11-05", "run-a"), ("2020-11-05", "run-b"));
        var winner = Assert.Single(results, r => r.Exit == 0);
        var loser = Assert.Single(results, r => r.Exit == 3);
        Assert.Equal("0", winner.Out);
        var winnerRun = (await Log.DeltaLog.ForPath(table).HistoryAsync())[0].CommitInfo!.Tag("runId");
        Assert.Contains($"run {winnerRun} (job etl", loser.Err);
        Assert.Contains("report_date=2020-11-05", loser.Err);
        var s = await Log.DeltaLog.ForPath(table).GetSnapshotAsync();
        Assert.Equal(0, s.Version);
        Assert.Single(s.Files);
    }
}
