using System.Reflection;
using System.Text.RegularExpressions;

namespace CovidSpark.Jobs.Aws.Catalog;

/// <summary>One documented table: what it holds and what each column means.</summary>
public sealed record DocumentedTable(string Description, IReadOnlyDictionary<string, string> Columns);

/// <summary>
/// The lake's schema docs — the "Lake tables and their columns" part of docs/catalog.md, built into this assembly — as data:
/// a <c>#### zone/table</c> heading, a one-line description, then a <c>| column | type | meaning |</c> table. The catalog
/// registers these descriptions as Glue table descriptions and column comments, so the page and the catalog never disagree.
/// </summary>
public sealed partial class LakeSchemaDocs
{
    private readonly Dictionary<string, DocumentedTable> _tables;

    private LakeSchemaDocs(Dictionary<string, DocumentedTable> tables) => _tables = tables;

    /// <summary>The docs built into this assembly (docs/catalog.md).</summary>
    public static LakeSchemaDocs Embedded { get; } = Load();

    /// <summary>Every documented table, keyed <c>zone/table</c>.</summary>
    public IReadOnlyDictionary<string, DocumentedTable> Tables => _tables;

    /// <summary>The documentation of <c>zone/name</c>, or null.</summary>
    public DocumentedTable? Find(string zone, string name) => _tables.GetValueOrDefault($"{zone}/{name}");

    /// <summary>Reads the tables out of the markdown text.</summary>
    public static LakeSchemaDocs Parse(string markdown)
    {
        var tables = new Dictionary<string, DocumentedTable>(StringComparer.Ordinal);
        string? current = null;
        string? description = null;
        Dictionary<string, string>? columns = null;
        void Flush()
        {
            if (current is not null) tables[current] = new DocumentedTable(description ?? "", columns!);
        }
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (Heading().Match(line) is { Success: true } h)
            {
                Flush();
                (current, description, columns) = (h.Groups[1].Value, null, new Dictionary<string, string>(StringComparer.Ordinal));
                continue;
            }
            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                Flush();
                current = null;
                continue;
            }
            if (current is null || line.Trim().Length == 0) continue;
            if (Row().Match(line) is { Success: true } r)
            {
                var name = r.Groups[1].Value;
                if (name != "column") columns![name] = r.Groups[2].Value.Trim();
            }
            else if (!line.StartsWith('|')) description ??= line.Trim();
        }
        Flush();
        return new LakeSchemaDocs(tables);
    }

    private static LakeSchemaDocs Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("catalog.md")
            ?? throw new InvalidOperationException("docs/catalog.md is not embedded in CovidSpark.Jobs.Aws");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    [GeneratedRegex(@"^#{2,4}\s+((?:trusted|refined)/[A-Za-z0-9_]+)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|\s*`?([A-Za-z0-9_]+)`?\s*\|[^|]*\|(.*)\|\s*$")]
    private static partial Regex Row();
}
