using System.Globalization;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Delta.Stats;

/// <summary>
/// The per-file statistics of an <c>add</c> action (<c>numRecords</c>, <c>minValues</c>, <c>maxValues</c>,
/// <c>nullCount</c>), taken from a Parquet file's footer — no data page is read. Only top-level primitive columns get
/// min/max; strings longer than 32 characters are left out rather than truncated (a reader then cannot skip the
/// file on them, which is always safe).
/// </summary>
public static class ParquetFileStats
{
    private const int MaxStringStat = 32;

    /// <summary>The stats JSON of a Parquet file (the stream is read from its footer).</summary>
    public static async Task<string> ComputeAsync(Stream parquet, CancellationToken ct = default)
    {
        await using var reader = await ParquetReader.CreateAsync(parquet, cancellationToken: ct).ConfigureAwait(false);
        var fields = reader.Schema.Fields.OfType<DataField>().ToList();
        long rows = 0;
        var min = new Dictionary<string, object>(StringComparer.Ordinal);
        var max = new Dictionary<string, object>(StringComparer.Ordinal);
        var nulls = new Dictionary<string, long?>(StringComparer.Ordinal);
        var noMinMax = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields) nulls[f.Name] = 0;

        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            rows += group.RowCount;
            foreach (var field in fields)
            {
                var stats = group.GetStatistics(field);
                nulls[field.Name] = stats?.NullCount is { } n && nulls[field.Name] is { } total ? total + n : null;
                if (stats?.MinValue is not { } lo || stats.MaxValue is not { } hi) { noMinMax.Add(field.Name); continue; }
                if (!min.TryGetValue(field.Name, out var curLo) || Compare(lo, curLo) < 0) min[field.Name] = lo;
                if (!max.TryGetValue(field.Name, out var curHi) || Compare(hi, curHi) > 0) max[field.Name] = hi;
            }
        }

        var json = new JsonObject { ["numRecords"] = rows };
        var minJson = new JsonObject();
        var maxJson = new JsonObject();
        var nullJson = new JsonObject();
        foreach (var field in fields)
        {
            if (nulls[field.Name] is { } n) nullJson[field.Name] = n;
            if (noMinMax.Contains(field.Name) || !min.TryGetValue(field.Name, out var lo)) continue;
            if (Format(lo) is { } loJson && Format(max[field.Name]) is { } hiJson)
            {
                minJson[field.Name] = loJson;
                maxJson[field.Name] = hiJson;
            }
        }
        json["minValues"] = minJson;
        json["maxValues"] = maxJson;
        json["nullCount"] = nullJson;
        return json.ToJsonString();
    }

    private static int Compare(object a, object b) => a is IComparable c && a.GetType() == b.GetType() ? c.CompareTo(b) : 0;

    private static JsonNode? Format(object value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        sbyte sb => sb,
        byte b => b,
        float f when float.IsFinite(f) => f,
        double d when double.IsFinite(d) => d,
        decimal m => m,
        string s when s.Length <= MaxStringStat => s,
        DateOnly d => IsoDate.Format(d),
        DateTime { TimeOfDay.Ticks: 0, Kind: not DateTimeKind.Utc } dt => IsoDate.Format(dt),
        DateTime dt => dt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => null,
    };
}
