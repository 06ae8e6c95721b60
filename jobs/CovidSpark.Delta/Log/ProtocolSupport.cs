using System.Text.Json.Nodes;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;

namespace CovidSpark.Delta.Log;

/// <summary>
/// Which protocol versions and table features this library reads and writes. Anything else is refused with the
/// feature's name — a reader that ignored, say, deletion vectors would return deleted rows.
/// </summary>
public static class ProtocolSupport
{
    /// <summary>Reader features whose absence of support cannot change the rows read.</summary>
    public static IReadOnlySet<string> ReaderFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "v2Checkpoint", "timestampNtz", "vacuumProtocolCheck",
    };

    /// <summary>Writer features this library honours when it commits.</summary>
    public static IReadOnlySet<string> WriterFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "appendOnly", "invariants",
    };

    private static readonly Dictionary<string, string> Why = new(StringComparer.Ordinal)
    {
        ["deletionVectors"] = "rows deleted through deletion vectors would be read back",
        ["columnMapping"] = "physical column names differ from the schema's",
        ["typeWidening"] = "data files hold narrower types than the schema",
        ["typeWidening-preview"] = "data files hold narrower types than the schema",
        ["variantType"] = "the VARIANT type is not supported",
        ["variantType-preview"] = "the VARIANT type is not supported",
        ["variantShredding-preview"] = "shredded VARIANT columns are not supported",
        ["catalogManaged"] = "the table's commits are coordinated by a catalog",
    };

    private const int MaxReaderVersion = 3;
    private const int MaxWriterVersion = 7;

    /// <summary>Throws <see cref="DeltaUnsupportedFeatureException"/> unless this library can read the table correctly.</summary>
    public static void CheckReadable(string table, ProtocolAction protocol, MetadataAction? metadata)
    {
        if (protocol.MinReaderVersion > MaxReaderVersion)
            throw new DeltaUnsupportedFeatureException(table, $"readerVersion {protocol.MinReaderVersion}",
                $"this library reads Delta reader versions 1 to {MaxReaderVersion}");
        if (protocol.MinReaderVersion == 3)
        {
            foreach (var feature in protocol.ReaderFeatures ?? [])
                if (!ReaderFeatures.Contains(feature))
                    throw new DeltaUnsupportedFeatureException(table, feature, Why.GetValueOrDefault(feature, "an unknown reader feature"));
        }
        if (metadata is not null && ColumnMappingMode(metadata) is { } mode && mode != "none")
            throw new DeltaUnsupportedFeatureException(table, "columnMapping", $"mode '{mode}': {Why["columnMapping"]}");
    }

    /// <summary>Throws unless this library can commit to the table without breaking a feature other writers rely on.</summary>
    public static void CheckWritable(string table, ProtocolAction protocol, MetadataAction? metadata)
    {
        CheckReadable(table, protocol, metadata);
        if (protocol.MinWriterVersion > MaxWriterVersion)
            throw new DeltaUnsupportedFeatureException(table, $"writerVersion {protocol.MinWriterVersion}",
                $"this library writes Delta writer versions 1, 2 and 7");
        if (protocol.MinWriterVersion is > 2 and < 7)
            throw new DeltaUnsupportedFeatureException(table, $"writerVersion {protocol.MinWriterVersion}",
                "this version requires CHECK constraints, change data feed or generated columns, which this writer does not maintain");
        if (protocol.MinWriterVersion == 7)
        {
            foreach (var feature in protocol.WriterFeatures ?? [])
                if (!WriterFeatures.Contains(feature))
                    throw new DeltaUnsupportedFeatureException(table, feature, "a writer feature this library does not maintain");
        }
        if (metadata is not null && metadata.SchemaString.Contains("delta.invariants", StringComparison.Ordinal))
            throw new DeltaUnsupportedFeatureException(table, "invariants", "the schema declares column invariants, which this writer does not check");
    }

    private static string? ColumnMappingMode(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.columnMapping.mode", out var mode) ? mode : null;

    /// <summary>Whether the table is append-only (<c>delta.appendOnly=true</c>): removes of data are refused.</summary>
    public static bool IsAppendOnly(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.appendOnly", out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>An add carrying a deletion vector (only possible with the feature, checked again per file).</summary>
    internal static void CheckFile(string table, AddFile add)
    {
        if (add.DeletionVector is JsonObject)
            throw new DeltaUnsupportedFeatureException(table, "deletionVectors", $"file {add.Path}: {Why["deletionVectors"]}");
    }
}
