using CovidSpark.Launcher.Config;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal.Tests;

public sealed class SampleSeederTests
{
    [Fact]
    public void The_sample_goes_where_the_step_templates_of_emr_config_read()
    {
        var config = EmrConfigLoader.Load(RepoRoot.EmrConfig);
        var sample = LocalFiles.SampleRoot(Path.Combine(RepoRoot.Path, "data", "sample"));
        var plan = SampleSeeder.Plan(config, new(new(2020, 11, 8), new(2020, 11, 9)), sample);

        Assert.All(plan, o => Assert.Equal(config.Bucket, o.Bucket));
        Assert.Contains(plan, o => o.Key == "raw/jhu-csse/daily_reports/11-08-2020.csv");
        Assert.Contains(plan, o => o.Key == "raw/jhu-csse/UID_ISO_FIPS_LookUp_Table.csv" && o.File.EndsWith("UID_ISO_FIPS_LookUp_Table.csv", StringComparison.Ordinal));
        Assert.Contains(plan, o => o.Key == "raw/owid/indicators.csv" && o.File.Contains("owid", StringComparison.Ordinal));
        Assert.Equal(plan.Count, plan.Select(o => o.Key).Distinct().Count());
    }

    [Fact]
    public void A_folder_without_daily_reports_is_not_a_sample()
    {
        var e = Assert.Throws<RehearsalException>(() => LocalFiles.SampleRoot(RepoRoot.Path));
        Assert.Equal("sample data", e.Stage);
    }
}
