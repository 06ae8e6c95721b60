namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>Paths inside the repository the tests run from (found by walking up to CovidSpark.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "deploy", "template.yaml");
    public static string BootstrapDirectory => Path.Combine(Root, "bootstrap");
    public static string InstallBundle => Path.Combine(Root, "bootstrap", "install-bundle.sh");
    public static string PackageScript => Path.Combine(Root, "scripts", "package.sh");
    public static string FunctionsProject => Path.Combine(Root, "launcher", "CovidSpark.Functions", "CovidSpark.Functions.csproj");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CovidSpark.sln"))) return dir.FullName;
        throw new InvalidOperationException($"CovidSpark.sln not found above {AppContext.BaseDirectory}");
    }
}
