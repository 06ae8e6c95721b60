using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Two drains of the same table at once (issue 14.4): each invocation claims under its own owner, so none posts twice.</summary>
[Collection(MotoCollection.Name)]
public sealed class ConcurrentDrainTests(MotoServer moto)
{
    [Fact]
    public async Task Two_concurrent_drains_post_every_change_once_in_ten_trials()
    {
        var duplicates = new List<string>();
        for (var trial = 0; trial < 10; trial++)
        {
            // A webhook that takes a moment to answer keeps both drains busy with the same records at the same time.
            await using var h = await NotifierHarness.CreateAsync(moto, slack: _ =>
            {
                Thread.Sleep(20);
                return ScriptedResponse.Ok();
            });
            h.Options = h.Options with { Destinations = [h.Options.Destinations[0] with { MinInterval = TimeSpan.Zero }], DigestThreshold = 1000 };
            for (var d = 1; d <= 6; d++)
            {
                var date = $"2020-11-{d:00}";
                await h.Table.SubmitAsync("etl", date);
                await h.Table.MoveAsync("etl", date, "SUCCEEDED");
            }
            var drains = Enumerable.Range(0, 2).Select(_ =>
            {
                var b = h.Builder();
                b.Time = TimeProvider.System; // leases and waits in real time, as two processes would
                b.Delay = null;
                return Task.Run(() => b.BuildDrainer(h.Streams).DrainAsync(h.Table.Name, CancellationToken.None));
            }).ToList();
            var reports = await Task.WhenAll(drains);

            var titles = h.Slack.Requests.Select(r => StreamToChatTests.Slack(r).Text).ToList();
            duplicates.AddRange(titles.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => $"trial {trial}: {g.Key} x{g.Count()}"));
            Assert.Equal(12, titles.Distinct().Count());
            Assert.Equal(12, reports.Sum(r => r.MessagesSent));
        }
        Assert.Empty(duplicates);
    }
}
