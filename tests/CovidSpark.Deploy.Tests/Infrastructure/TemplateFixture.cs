namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>Decodes deploy/template.yaml once per test class.</summary>
public sealed class TemplateFixture : IAsyncLifetime
{
    private CfnTemplate? _template;

    public CfnTemplate Template => _template ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _template = await CfnTemplate.LoadAsync(RepoPaths.Template);

    public Task DisposeAsync() => Task.CompletedTask;
}
