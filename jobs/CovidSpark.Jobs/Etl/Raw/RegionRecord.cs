namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>One location-day of a daily report with every source column normalised.</summary>
internal sealed record RegionRecord(
    DateOnly ReportDate,
    string? Fips,
    string? Admin2,
    string? ProvinceState,
    string CountryRegion,
    string Country,
    string? Iso3,
    LocationType LocationType,
    DateTime? LastUpdate,
    double? Lat,
    double? Long,
    long? Confirmed,
    long? Deaths,
    long? Recovered,
    long? Active,
    string CombinedKey,
    double? IncidentRate,
    double? CaseFatalityRatio,
    string SourceFile,
    int SourceLine,
    string SchemaVersion);

/// <summary>A row (or whole file, <see cref="Line"/> 0) that could not be used, with the reason.</summary>
internal sealed record QuarantineRecord(string SourceFile, int Line, string Reason, string RawText);

/// <summary>What reading one daily report produced.</summary>
internal sealed record ReportReadResult(
    string SourceFile,
    DateOnly ReportDate,
    string SchemaVersion,
    IReadOnlyList<RegionRecord> Rows,
    IReadOnlyList<QuarantineRecord> Quarantined,
    int RowsRead,
    int HeaderRowsSkipped,
    IReadOnlyList<string> UnknownColumns,
    bool FileQuarantined)
{
    /// <summary>Rows loaded; stays when <see cref="Rows"/> has been handed to the staging file and dropped.</summary>
    public int RowCount { get; init; } = Rows.Count;
}
