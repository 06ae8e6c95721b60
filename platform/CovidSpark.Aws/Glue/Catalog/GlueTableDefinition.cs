using CovidSpark.Aws.Glue.Model;

namespace CovidSpark.Aws.Glue.Catalog;

/// <summary>
/// The Glue definition of one lake table — the one place that says how a Delta table is registered — and how it is compared
/// with what Glue holds. Athena engine 3 reads the table natively from <c>table_type=DELTA</c> and the location (the Delta log
/// lists the files, so no partition is ever registered); Spark's Glue-backed metastore on EMR resolves it as a Delta data-source
/// table from <c>spark.sql.sources.provider=delta</c> and the SerDe's <c>path</c>. Columns and partition keys carry Hive types and
/// the documented comments, for people browsing the catalog and for Lake Formation-style tools that want the schema in Glue.
/// </summary>
public static class GlueTableDefinition
{
    /// <summary>Marks a table as registered by this sync: only marked tables are reported as gone from the lake or pruned.</summary>
    public const string ManagedByKey = "covidspark.managed_by";

    /// <summary>The value of <see cref="ManagedByKey"/>.</summary>
    public const string ManagedByValue = "covidspark catalog sync";

    /// <summary>The table parameters every registered table carries.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(CatalogTable table) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["EXTERNAL"] = "TRUE",
        ["table_type"] = "DELTA",
        ["spark.sql.sources.provider"] = "delta",
        ["classification"] = "delta",
        ["covidspark.zone"] = table.Zone,
        [ManagedByKey] = ManagedByValue,
    };

    private const string ParquetSerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    private const string ParquetInput = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private const string ParquetOutput = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    /// <summary>The <c>TableInput</c> that registers <paramref name="table"/>.</summary>
    /// <exception cref="LakeCatalogException">A partition column is not in the schema, or a type has no Hive name.</exception>
    public static TableInput For(CatalogTable table)
    {
        var partitions = new HashSet<string>(table.PartitionColumns, StringComparer.Ordinal);
        foreach (var p in table.PartitionColumns)
            if (!table.Columns.Any(c => c.Name == p))
                throw new LakeCatalogException($"{table.Location}: partition column '{p}' is not in the table's schema");
        GlueColumn Column(LakeColumn c) => new(c.Name, HiveTypes.FromSpark(c.SparkType, $"{table.Zone}/{table.Name}.{c.Name}"), c.Comment);
        return new TableInput
        {
            Name = table.Name,
            Description = table.Description ?? $"CovidSpark {table.Zone} table {table.Name} (Delta Lake)",
            TableType = "EXTERNAL_TABLE",
            Parameters = Parameters(table),
            StorageDescriptor = new StorageDescriptor
            {
                Columns = table.Columns.Where(c => !partitions.Contains(c.Name)).Select(Column).ToList(),
                Location = table.Location,
                InputFormat = ParquetInput,
                OutputFormat = ParquetOutput,
                Compressed = false,
                SerdeInfo = new SerDeInfo(null, ParquetSerDe, new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["path"] = table.Location,
                    ["serialization.format"] = "1",
                }),
            },
            PartitionKeys = table.PartitionColumns.Select(p => Column(table.Columns.First(c => c.Name == p))).ToList(),
        };
    }

    /// <summary>
    /// What differs between the wanted definition and the table in Glue, one short phrase per difference (empty when equal).
    /// Parameters and SerDe parameters others added (Athena, Lake Formation, the console) are not differences and are kept.
    /// </summary>
    public static IReadOnlyList<string> Differences(TableInput wanted, GlueTable current)
    {
        var changes = new List<string>();
        if (wanted.Description != current.Description) changes.Add("description");
        if (wanted.TableType != current.TableType) changes.Add($"table type {current.TableType ?? "none"} → {wanted.TableType}");
        var parameters = MissingOrDifferent(wanted.Parameters, current.Parameters);
        if (parameters.Count > 0) changes.Add($"parameters {string.Join(", ", parameters)}");
        var ws = wanted.StorageDescriptor!;
        var cs = current.StorageDescriptor ?? new StorageDescriptor();
        if (ws.Location != cs.Location) changes.Add($"location {cs.Location ?? "none"} → {ws.Location}");
        if (ws.InputFormat != cs.InputFormat || ws.OutputFormat != cs.OutputFormat) changes.Add("storage formats");
        if (ws.SerdeInfo?.SerializationLibrary != cs.SerdeInfo?.SerializationLibrary
            || MissingOrDifferent(ws.SerdeInfo?.Parameters, cs.SerdeInfo?.Parameters).Count > 0) changes.Add("serde");
        changes.AddRange(ColumnChanges("column", ws.Columns ?? [], cs.Columns ?? []));
        changes.AddRange(ColumnChanges("partition key", wanted.PartitionKeys ?? [], current.PartitionKeys ?? []));
        return changes;
    }

    /// <summary>
    /// The input for <c>UpdateTable</c>: the wanted definition, keeping parameters others added to the table and its SerDe
    /// (ours win where both set a key).
    /// </summary>
    public static TableInput ForUpdate(TableInput wanted, GlueTable current)
    {
        var sd = wanted.StorageDescriptor!;
        return wanted with
        {
            Parameters = Merge(current.Parameters, wanted.Parameters),
            StorageDescriptor = sd with
            {
                SerdeInfo = sd.SerdeInfo! with { Parameters = Merge(current.StorageDescriptor?.SerdeInfo?.Parameters, sd.SerdeInfo!.Parameters) },
            },
        };
    }

    private static SortedDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? theirs, IReadOnlyDictionary<string, string>? ours)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in theirs ?? new Dictionary<string, string>()) merged[k] = v;
        foreach (var (k, v) in ours ?? new Dictionary<string, string>()) merged[k] = v;
        return merged;
    }

    private static List<string> MissingOrDifferent(IReadOnlyDictionary<string, string>? wanted, IReadOnlyDictionary<string, string>? current) =>
        (wanted ?? new Dictionary<string, string>())
            .Where(kv => current is null || !current.TryGetValue(kv.Key, out var v) || v != kv.Value)
            .Select(kv => kv.Key).ToList();

    private static IEnumerable<string> ColumnChanges(string what, IReadOnlyList<GlueColumn> wanted, IReadOnlyList<GlueColumn> current)
    {
        var before = current.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var after = wanted.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var c in wanted)
        {
            if (!before.TryGetValue(c.Name, out var old)) yield return $"{what} {c.Name} added ({c.Type})";
            else if (!string.Equals(old.Type, c.Type, StringComparison.OrdinalIgnoreCase)) yield return $"{what} {c.Name} {old.Type} → {c.Type}";
            else if ((old.Comment ?? "") != (c.Comment ?? "")) yield return $"{what} {c.Name} comment";
        }
        foreach (var c in current)
            if (!after.ContainsKey(c.Name)) yield return $"{what} {c.Name} removed";
        if (wanted.Count == current.Count && wanted.Select(c => c.Name).SequenceEqual(current.Select(c => c.Name), StringComparer.OrdinalIgnoreCase) == false
            && wanted.All(c => before.ContainsKey(c.Name)) && current.All(c => after.ContainsKey(c.Name)))
            yield return $"{what} order";
    }
}
