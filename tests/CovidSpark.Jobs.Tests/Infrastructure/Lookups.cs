using CovidSpark.Jobs.Etl.Raw;

namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>The JHU lookup table of the sample, loaded once (it is read-only).</summary>
internal static class Lookups
{
    private static readonly Lazy<LocationLookup> SampleLazy = new(() => LocationLookup.Load(TestData.SampleLookup));

    public static LocationLookup Sample => SampleLazy.Value;

    public static ReportReadResult ReadReport(string path) => new DailyReportReader(Sample).Read(path);
}
