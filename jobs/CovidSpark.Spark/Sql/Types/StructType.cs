using System.Collections.Immutable;

namespace CovidSpark.Spark.Sql.Types;

/// <summary>One column of a <see cref="StructType"/>.</summary>
public sealed record StructField(string Name, DataType DataType, bool IsNullable = true);

/// <summary>An ordered list of named, typed columns: the schema of a CSV read or of a result.</summary>
public sealed record StructType
{
    public StructType(IEnumerable<StructField> fields)
    {
        Fields = fields.ToImmutableArray();
        var dup = Fields.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"Schema has the column '{dup.Key}' more than once.", nameof(fields));
    }

    public ImmutableArray<StructField> Fields { get; }

    public IEnumerable<string> Names => Fields.Select(f => f.Name);

    /// <summary>Parses a Spark DDL schema such as <c>"iso3 string, confirmed bigint"</c>.</summary>
    public static StructType FromDdl(string ddl) =>
        new(ddl.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var pieces = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (pieces.Length != 2)
                throw new ArgumentException($"Schema entry '{part}' must be '<name> <type>'.", nameof(ddl));
            return new StructField(pieces[0], DataType.Parse(pieces[1]));
        }));

    /// <summary>The schema as Spark DDL, e.g. <c>iso3 string, confirmed bigint</c>.</summary>
    public string ToDdl() => string.Join(", ", Fields.Select(f => $"{f.Name} {f.DataType.SimpleString}"));

    public bool Equals(StructType? other) => other is not null && Fields.SequenceEqual(other.Fields);

    public override int GetHashCode() => Fields.Aggregate(0, (h, f) => HashCode.Combine(h, f));
}
