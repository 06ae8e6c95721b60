using CovidSpark.Notifier.Secrets;

namespace CovidSpark.Notifier.Tests;

public sealed class SecretReferenceTests
{
    [Theory]
    [InlineData("ssm:/covidspark/slack", SecretSource.Ssm, "/covidspark/slack")]
    [InlineData("env:SLACK_URL", SecretSource.Environment, "SLACK_URL")]
    [InlineData("  SSM:name ", SecretSource.Ssm, "name")]
    public void Parse_reads_both_kinds(string text, SecretSource source, string name)
    {
        var r = SecretReference.Parse(text);
        Assert.Equal(source, r.Source);
        Assert.Equal(name, r.Name);
    }

    [Fact]
    public void A_pasted_url_is_refused_without_being_repeated()
    {
        var e = Assert.Throws<FormatException>(() => SecretReference.Parse("https://hooks.slack.com/services/T1/B2/sekrit"));
        Assert.DoesNotContain("sekrit", e.Message, StringComparison.Ordinal);
        Assert.Contains("ssm:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_url_shows_only_scheme_and_host_and_redacts_itself_from_text()
    {
        var url = new WebhookUrl("https://hooks.slack.com/services/T1/B2/sekrit");
        Assert.Equal("https://hooks.slack.com/\u2026", url.ToString());
        Assert.Equal("error at https://hooks.slack.com/\u2026 and /\u2026", url.Redact("error at https://hooks.slack.com/services/T1/B2/sekrit and /services/T1/B2/sekrit"));
    }

    [Fact]
    public void A_webhook_value_that_is_not_a_url_is_refused_without_being_repeated()
    {
        var e = Assert.Throws<ArgumentException>(() => new WebhookUrl("xoxb-not-a-url"));
        Assert.DoesNotContain("xoxb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unset_environment_variable_is_a_clear_permanent_error()
    {
        var resolver = new EnvironmentSecretResolver(_ => null);
        var e = await Assert.ThrowsAsync<SecretUnavailableException>(async () => await resolver.ResolveAsync(SecretReference.Parse("env:CHIME_URL"), CancellationToken.None));
        Assert.False(e.IsTransient);
        Assert.Equal("Webhook secret env:CHIME_URL: the environment variable is not set", e.Message);
    }
}
