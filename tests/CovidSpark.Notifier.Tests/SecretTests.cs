using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using CovidSpark.Notifier.Delivery;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Webhook URLs come from SSM SecureString or the environment and never reach a log line or an error message.</summary>
[Collection(MotoCollection.Name)]
public sealed class SecretTests(MotoServer moto)
{
    [Fact]
    public async Task Webhook_urls_never_appear_in_logs_or_errors_even_when_a_server_echoes_them()
    {
        string? slackUrl = null;
        await using var h = await NotifierHarness.CreateAsync(moto,
            slack: r => new ScriptedResponse(404, $"no_service for {slackUrl} ({r.Path})"));
        slackUrl = h.SlackUrl;
        await h.Table.SubmitAsync("pipeline", "2020-11-09");
        await h.Table.MoveAsync("pipeline", "2020-11-09", "RUNNING");

        var report = await h.DrainAsync();

        Assert.False(report.Succeeded);
        Assert.Equal(2, h.Chime.Requests.Count);
        var failure = Assert.IsType<WebhookDeliveryException>(report.Failure);
        Assert.False(failure.IsTransient);
        Assert.Equal("team", failure.Destination);
        Assert.Contains("HTTP 404", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no_service", failure.Message, StringComparison.Ordinal);
        var everything = h.Logs.All + "\n" + failure;
        Assert.NotEmpty(h.Logs.Lines);
        Assert.Contains(h.Logs.Lines, l => l.Contains("Posted to oncall", StringComparison.Ordinal));
        foreach (var secret in new[] { "xoxSlackSecret42", "ChimeSecretToken77", "B0SECRETB", "0b1d-SECRET", NotifierHarness.SlackSecretPath, h.SlackUrl, h.ChimeUrl })
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_SecureString_parameter_in_SSM_is_decrypted_and_used()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Ssm = NotifierHarness.SsmClient(moto);
        await h.Ssm.PutParameterAsync(new PutParameterRequest
        {
            Name = "/covidspark/webhooks/team",
            Value = h.SlackUrl,
            Type = ParameterType.SecureString,
        });
        h.Options = h.Options with
        {
            Destinations = [new Destination("team", DestinationKind.Slack, SecretReference.Parse("ssm:/covidspark/webhooks/team"), new HashSet<string>())],
        };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");

        var report = await h.DrainAsync();

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var posted = Assert.Single(h.Slack.Requests);
        Assert.Equal("/" + NotifierHarness.SlackSecretPath, posted.Path);
        Assert.DoesNotContain("xoxSlackSecret42", h.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_SSM_parameter_fails_the_record_naming_the_parameter()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Ssm = NotifierHarness.SsmClient(moto);
        h.Options = h.Options with
        {
            Destinations = [new Destination("team", DestinationKind.Slack, SecretReference.Parse("ssm:/covidspark/webhooks/absent"), new HashSet<string>())],
        };
        await h.Table.SubmitAsync("pipeline", "2020-11-09");

        var report = await h.DrainAsync();

        var failure = Assert.IsType<SecretUnavailableException>(report.Failure);
        Assert.False(failure.IsTransient);
        Assert.Contains("ssm:/covidspark/webhooks/absent", failure.Message, StringComparison.Ordinal);
        Assert.Empty(h.Slack.Requests);
    }

    [Fact]
    public async Task The_SSM_value_is_cached_for_a_while_and_read_again_after()
    {
        using var ssm = NotifierHarness.SsmClient(moto);
        var name = "/covidspark/webhooks/" + Guid.NewGuid().ToString("N");
        await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "https://hooks.example.test/one", Type = ParameterType.SecureString });
        var time = new ManualClock(DateTimeOffset.UnixEpoch, ClockTimers.OnAdvance);
        var resolver = new SsmSecretResolver(ssm, time, TimeSpan.FromMinutes(5));
        var reference = new SecretReference(SecretSource.Ssm, name);

        var first = await resolver.ReadAsync(reference, CancellationToken.None);
        await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "https://hooks.example.test/two", Type = ParameterType.SecureString, Overwrite = true });
        var cached = await resolver.ReadAsync(reference, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(6));
        var fresh = await resolver.ResolveAsync(reference, CancellationToken.None);

        Assert.Equal("https://hooks.example.test/one", first.Reveal());
        Assert.Same(first, cached);
        Assert.Equal("(secret)", first.ToString());
        Assert.Equal("https://hooks.example.test/two", fresh.Reveal().AbsoluteUri);
        Assert.Equal("https://hooks.example.test/\u2026", fresh.ToString());
    }

    [Fact]
    public async Task An_SSM_parameter_that_is_not_a_SecureString_is_refused_by_name()
    {
        using var ssm = NotifierHarness.SsmClient(moto);
        var name = "/covidspark/webhooks/plain-" + Guid.NewGuid().ToString("N");
        await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "https://hooks.slack.com/services/T/B/PlainTextSecret", Type = ParameterType.String });
        var resolver = new SsmSecretResolver(ssm, TimeProvider.System);

        var e = await Assert.ThrowsAsync<SecretUnavailableException>(async () => await resolver.ReadAsync(new SecretReference(SecretSource.Ssm, name), CancellationToken.None));

        Assert.Contains($"ssm:{name}", e.Message, StringComparison.Ordinal);
        Assert.Contains("of type String, but webhook URLs and tokens must be SecureString parameters", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PlainTextSecret", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }
}
