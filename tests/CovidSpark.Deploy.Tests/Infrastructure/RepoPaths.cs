namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>Paths inside the repository the deploy tests use (under <see cref="RepoRoot"/>).</summary>
internal static class RepoPaths
{
    public static string Root => RepoRoot.Path;

    public static string Template => Path.Combine(Root, "deploy", "template.yaml");
    public static string BootstrapDirectory => Path.Combine(Root, "bootstrap");
    public static string InstallBundle => Path.Combine(Root, "bootstrap", "install-bundle.sh");
    public static string PackageScript => Path.Combine(Root, "scripts", "package.sh");
    public static string FunctionsProject => Path.Combine(Root, "hosts", "CovidSpark.Functions", "CovidSpark.Functions.csproj");

}
