namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>A fact skipped, with the reason, when one of the named tools is not on PATH.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools) => Skip = Requirements.MissingTools(tools);
}

/// <summary>A theory skipped, with the reason, when one of the named tools is not on PATH.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools) => Skip = Requirements.MissingTools(tools);
}

/// <summary>A fact that needs the Lambda host project (hosts/CovidSpark.Functions in CovidSpark.sln) and the packaging tools.</summary>
public sealed class FunctionsBundleFactAttribute : FactAttribute
{
    public FunctionsBundleFactAttribute()
    {
        var sln = Path.Combine(RepoPaths.Root, "CovidSpark.sln");
        Skip = File.Exists(RepoPaths.FunctionsProject) && File.ReadAllText(sln).Contains("CovidSpark.Functions.csproj", StringComparison.Ordinal)
            ? Requirements.MissingTools(["zip", "unzip", "python3", "dotnet"])
            : "hosts/CovidSpark.Functions is not part of CovidSpark.sln yet: there is no Lambda host to package";
    }
}

internal static class Requirements
{
    /// <summary>Null when every tool is on PATH, else the skip reason.</summary>
    public static string? MissingTools(IEnumerable<string> tools)
    {
        var missing = tools.Where(t => !Tools.OnPath(t)).ToList();
        return missing.Count == 0 ? null : $"not installed: {string.Join(", ", missing)} (see docs/deploy.md); this check did not run";
    }
}
