using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

public sealed class TemplateLintTests
{
    [ToolFact("cfn-lint")]
    public async Task Template_passes_cfn_lint_without_findings()
    {
        var result = await Tools.RunAsync("cfn-lint", ["--format", "parseable", "--", RepoPaths.Template], timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, $"cfn-lint exit code {result.ExitCode}:\n{result.All}");
        Assert.Equal("", result.Output.Trim());
    }
}
