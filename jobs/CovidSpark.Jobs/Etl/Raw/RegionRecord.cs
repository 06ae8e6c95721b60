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

/// <summary>A row (or whole file, line 0) that could not be used, with the reason.</summary>
/// <param name="SourceFile">The report's file name.</param>
/// <param name="Line">The physical line the record starts on; 0 for the whole file.</param>
/// <param name="Reason">Why it was not loaded.</param>
/// <param name="RawText">The line as text (the first 64 KiB of an over-long one).</param>
/// <param name="RawBytes">The line's bytes as they were in the file (written base64 beside the text, which may have lost
/// bytes that are not UTF-8); null for a whole file (copied as it is) and for indicator rows.</param>
internal sealed record QuarantineRecord(string SourceFile, int Line, string Reason, string RawText, byte[]? RawBytes = null);

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

    /// <summary>Blank records skipped (empty lines, lines of commas or spaces): counted, since they hold nothing to load.</summary>
    public int BlankLinesSkipped { get; init; }

    /// <summary>Why the header is not one of JHU's layouts (a known column missing, an unknown one present, another order); the
    /// file loads what its names allow, but its load is PARTIAL. Null for a known layout.</summary>
    public string? HeaderProblem { get; init; }

    /// <summary>Rows loaded with more deaths than confirmed cases (flagged, not quarantined: JHU's "Unassigned" rows have them).</summary>
    public int RowsWithDeathsAboveConfirmed { get; init; }

    /// <summary>Row-level quarantine records (not the whole-file record).</summary>
    public int RowsQuarantined => FileQuarantined ? 0 : Quarantined.Count;
}
