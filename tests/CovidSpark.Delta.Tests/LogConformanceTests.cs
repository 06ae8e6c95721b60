using System.Text.Json;
using System.Text.RegularExpressions;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Delta.Tests;

/// <summary>
/// Every commit file we write, checked against PROTOCOL.md with a plain JSON parser — none of the library's parsing or
/// serialising code is used here, so a bug shared by our writer and reader cannot hide.
/// </summary>
public sealed partial class LogConformanceTests
{
    [GeneratedRegex(@"^\d{20}\.json$")]
    private static partial Regex CommitName();

    [Fact]
    public async Task EveryCommitFollowsTheProtocol()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5, " a+b%"), await t.WriteFileAsync("2020-11-02", 3));
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-02", 4, "é"));
        await t.CommitAsync(DeltaWriteMode.Overwrite, await t.WriteFileAsync("2020-11-03", 1));

        var logDir = Path.Combine(t.Root, "_delta_log");
        var commits = Directory.GetFiles(logDir).Select(Path.GetFileName).Where(n => CommitName().IsMatch(n!)).Order().ToList();
        Assert.Equal(["00000000000000000000.json", "00000000000000000001.json", "00000000000000000002.json"], commits);

        var sawProtocol = false;
        var sawMetadata = false;
        foreach (var name in commits)
        {
            var lines = (await File.ReadAllTextAsync(Path.Combine(logDir, name!))).Split('\n');
            Assert.Equal("", lines[^1]); // newline-terminated
            var kinds = new List<string>();
            foreach (var line in lines[..^1])
            {
                using var doc = JsonDocument.Parse(line);
                var obj = doc.RootElement.EnumerateObject().ToList();
                var action = Assert.Single(obj);
                kinds.Add(action.Name);
                var v = action.Value;
                switch (action.Name)
                {
                    case "commitInfo":
                        Assert.Equal(JsonValueKind.Number, v.GetProperty("timestamp").ValueKind);
                        Assert.Equal(JsonValueKind.String, v.GetProperty("operation").ValueKind);
                        Assert.Equal(JsonValueKind.String, v.GetProperty("engineInfo").ValueKind);
                        Assert.All(v.GetProperty("operationMetrics").EnumerateObject(), m => Assert.Equal(JsonValueKind.String, m.Value.ValueKind));
                        Assert.Equal("run-1", v.GetProperty("tags").GetProperty("runId").GetString());
                        break;
                    case "protocol":
                        sawProtocol = true;
                        Assert.Equal(1, v.GetProperty("minReaderVersion").GetInt32());
                        Assert.Equal(2, v.GetProperty("minWriterVersion").GetInt32());
                        break;
                    case "metaData":
                        sawMetadata = true;
                        Assert.True(Guid.TryParse(v.GetProperty("id").GetString(), out _));
                        Assert.Equal("parquet", v.GetProperty("format").GetProperty("provider").GetString());
                        Assert.Equal(JsonValueKind.Object, v.GetProperty("format").GetProperty("options").ValueKind);
                        using (var schema = JsonDocument.Parse(v.GetProperty("schemaString").GetString()!))
                        {
                            Assert.Equal("struct", schema.RootElement.GetProperty("type").GetString());
                            var fields = schema.RootElement.GetProperty("fields").EnumerateArray().ToList();
                            Assert.Equal(["country", "confirmed", "ratio", "report_date"], fields.Select(f => f.GetProperty("name").GetString()));
                            Assert.Equal(["string", "long", "double", "date"], fields.Select(f => f.GetProperty("type").GetString()));
                            Assert.All(fields, f => Assert.Equal(JsonValueKind.True, f.GetProperty("nullable").ValueKind));
                            Assert.All(fields, f => Assert.Equal(JsonValueKind.Object, f.GetProperty("metadata").ValueKind));
                        }
                        Assert.Equal(["report_date"], v.GetProperty("partitionColumns").EnumerateArray().Select(e => e.GetString()));
                        Assert.Equal(JsonValueKind.Object, v.GetProperty("configuration").ValueKind);
                        Assert.Equal(JsonValueKind.Number, v.GetProperty("createdTime").ValueKind);
                        break;
                    case "add":
                        CheckPath(t.Root, v.GetProperty("path").GetString()!, mustExist: true, out var file);
                        Assert.Equal(new FileInfo(file).Length, v.GetProperty("size").GetInt64());
                        Assert.Equal(JsonValueKind.Number, v.GetProperty("modificationTime").ValueKind);
                        Assert.Equal(JsonValueKind.True, v.GetProperty("dataChange").ValueKind);
                        var pv = v.GetProperty("partitionValues");
                        var date = pv.GetProperty("report_date");
                        Assert.Equal(JsonValueKind.String, date.ValueKind);
                        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", date.GetString());
                        Assert.Contains($"report_date={date.GetString()}/", Uri.UnescapeDataString(v.GetProperty("path").GetString()!));
                        using (var stats = JsonDocument.Parse(v.GetProperty("stats").GetString()!))
                        {
                            Assert.True(stats.RootElement.GetProperty("numRecords").GetInt64() > 0);
                            Assert.Equal(JsonValueKind.Object, stats.RootElement.GetProperty("minValues").ValueKind);
                            Assert.Equal(JsonValueKind.Object, stats.RootElement.GetProperty("maxValues").ValueKind);
                            Assert.Equal(JsonValueKind.Object, stats.RootElement.GetProperty("nullCount").ValueKind);
                        }
                        break;
                    case "remove":
                        CheckPath(t.Root, v.GetProperty("path").GetString()!, mustExist: true, out _);
                        Assert.Equal(JsonValueKind.Number, v.GetProperty("deletionTimestamp").ValueKind);
                        Assert.Equal(JsonValueKind.True, v.GetProperty("dataChange").ValueKind);
                        Assert.Equal(JsonValueKind.String, v.GetProperty("partitionValues").GetProperty("report_date").ValueKind);
                        Assert.Equal(JsonValueKind.Number, v.GetProperty("size").ValueKind);
                        break;
                    default:
                        Assert.Fail($"{name}: unexpected action {action.Name}");
                        break;
                }
            }
            Assert.Equal("commitInfo", kinds[0]);
        }
        Assert.True(sawProtocol && sawMetadata);
    }

    /// <summary>Relative, URL-encoded per RFC 3986 (no raw space, '%' or non-ASCII), decoding to an existing file.</summary>
    private static void CheckPath(string root, string path, bool mustExist, out string file)
    {
        Assert.False(path.StartsWith('/'), path);
        Assert.DoesNotContain("://", path);
        Assert.DoesNotContain(' ', path);
        Assert.All(path, c => Assert.True(c < 0x80, path));
        Assert.DoesNotMatch("%(?![0-9A-F]{2})", path);
        file = Path.Combine(root, Uri.UnescapeDataString(path));
        if (mustExist) Assert.True(File.Exists(file), file);
    }
}
