using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

/// <summary>scripts/package.sh refuses bad arguments before building anything (the full run is in <see cref="LambdaBundleTests"/>).</summary>
public sealed class PackageScriptTests
{
    [Theory]
    [InlineData("--arch sparc", "--arch must be x64, arm64 or both (got 'sparc')")]
    [InlineData("--only lambdas", "--only must be functions or jobs (got 'lambdas')")]
    [InlineData("--frobnicate", "unknown argument '--frobnicate'")]
    public async Task Bad_arguments_fail_with_the_reason_and_build_nothing(string args, string expected)
    {
        var result = await Tools.RunAsync("bash", [RepoPaths.PackageScript, .. args.Split(' ')], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("package.sh: error: " + expected, result.Error);
        Assert.DoesNotContain("dotnet publish", result.Error);
    }

    [Fact]
    public async Task Help_explains_the_bundles_and_options()
    {
        var result = await Tools.RunAsync("bash", [RepoPaths.PackageScript, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("covidspark-functions-linux-<arch>.zip", result.Output);
        Assert.Contains("--arch x64|arm64|both", result.Output);
    }
}
