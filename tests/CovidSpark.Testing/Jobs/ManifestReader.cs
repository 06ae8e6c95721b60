using System.Text.Json;

namespace CovidSpark.Testing.Jobs;

/// <summary>A run manifest (<c>&lt;lake&gt;/_runs/&lt;run-id&gt;.json</c>) read as plain JSON, the way a user's tooling would.</summary>
public sealed class ManifestReader(JsonElement root, string path)
{
    public JsonElement Root { get; } = root;
    public string Path { get; } = path;

    public static async Task<ManifestReader> LatestAsync(string lake)
    {
        var file = Directory.EnumerateFiles(System.IO.Path.Combine(lake, "_runs"), "*.json").OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f).Last();
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        return new ManifestReader(doc.RootElement.Clone(), file);
    }

    public JsonElement Job(string name) => Root.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetString() == name);

    public long Etl(string count) => Job("etl").GetProperty("counts").GetProperty(count).GetInt64();
}
