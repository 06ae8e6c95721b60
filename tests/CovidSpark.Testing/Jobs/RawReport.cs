using System.Globalization;
using Microsoft.VisualBasic.FileIO;

namespace CovidSpark.Testing.Jobs;

/// <summary>
/// An independent reading of a raw JHU daily report (the BCL's TextFieldParser, not the product's reader), so expected values
/// in tests are computed from the source files rather than from the code under test.
/// </summary>
public sealed class RawReport
{
    private readonly Dictionary<string, int> _columns;

    private RawReport(string[] header, List<string[]> rows)
    {
        _columns = header.Select((h, i) => (h.Trim().TrimStart('\uFEFF'), i))
            .GroupBy(x => x.Item1, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        Rows = rows;
    }

    public IReadOnlyList<string[]> Rows { get; }

    public static RawReport Load(string path)
    {
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? throw new InvalidDataException($"{path} is empty");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
            if (parser.ReadFields() is { } f) rows.Add(f);
        return new RawReport(header, rows);
    }

    public string? Get(string[] row, params string[] names)
    {
        foreach (var n in names)
            if (_columns.TryGetValue(n, out var i)) return i < row.Length ? row[i].Trim() : null;
        return null;
    }

    public string Country(string[] row) => Get(row, "Country_Region", "Country/Region") ?? "";
    public string Province(string[] row) => Get(row, "Province_State", "Province/State") ?? "";
    public long Confirmed(string[] row) => Long(Get(row, "Confirmed"));
    public long Deaths(string[] row) => Long(Get(row, "Deaths"));

    private static long Long(string? s) => string.IsNullOrWhiteSpace(s) ? 0 : (long)double.Parse(s, CultureInfo.InvariantCulture);

    private static readonly string[] ShipProvinces = ["Diamond Princess", "Grand Princess"];

    /// <summary>Rows of one JHU country, leaving out the cruise-ship rows JHU files under countries and, optionally, some provinces.</summary>
    public IEnumerable<string[]> CountryRows(string country, params string[] excludedProvinces) =>
        Rows.Where(r => Country(r) == country && !ShipProvinces.Contains(Province(r)) && !excludedProvinces.Contains(Province(r)));

    public long SumConfirmed(string country, params string[] excludedProvinces) => CountryRows(country, excludedProvinces).Sum(Confirmed);
    public long SumDeaths(string country, params string[] excludedProvinces) => CountryRows(country, excludedProvinces).Sum(Deaths);
}
