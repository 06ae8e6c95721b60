namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>Small CSV inputs the DuckDB compiler can describe; paths in golden files are shown as <c>$DATA</c>.</summary>
public sealed class TestData : IDisposable
{
    public TestData()
    {
        Directory = Path.Combine(Path.GetTempPath(), "covidspark-connect-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Cases, "iso3,date_text,confirmed,deaths,confirmed_text\nDEU,1/22/20,10,0,10\nFRA,1/23/20,0,0,x\n");
        File.WriteAllText(Population, "code,population\nDEU,83000000\nFRA,67000000\n");
    }

    public string Directory { get; }

    public string Cases => Path.Combine(Directory, "cases.csv");

    public string Population => Path.Combine(Directory, "population.csv");

    public string Normalise(string text) => text.Replace(Directory, "$DATA");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
