using Amazon.DynamoDBv2.Model;
using CovidSpark.Notifier.Idempotency;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>The conditional-put marks that make retries safe, against moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class SentMarkTests(MotoServer moto)
{
    [Fact]
    public async Task A_message_another_sender_is_posting_fails_its_record_and_holds_back_the_rooms_later_messages()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        await h.Table.SubmitAsync("etl", "2020-11-01");
        await h.Table.SubmitAsync("etl", "2020-11-02");
        await h.Table.SubmitAsync("etl", "2020-11-03");
        await h.Table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = h.Table.Name,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = LedgerTable.S("notify#etl#2020-11-02#1#SUBMITTED#team"),
                ["mark_status"] = LedgerTable.S("SENDING"),
                ["claim_owner"] = LedgerTable.S("drain:99"),
                ["claimed_until"] = LedgerTable.N(h.Time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds()),
            },
        });
        var records = (await h.ReadStreamAsync()).Take(3).ToList();

        var outcome = await h.Function().HandleBatchAsync(records, CancellationToken.None);

        Assert.Equal(1, outcome.FirstFailedIndex);
        Assert.Equal(records[1].Dynamodb!.SequenceNumber, outcome.FirstFailedSequenceNumber);
        Assert.IsType<MessageInFlightException>(outcome.Failure);
        var posted = Assert.Single(h.Slack.Requests);
        Assert.Contains("2020-11-01", StreamToChatTests.Slack(posted).Text, StringComparison.Ordinal);
        var third = await h.Table.Client.GetItemAsync(h.Table.Name, new Dictionary<string, AttributeValue> { ["pk"] = LedgerTable.S("notify#etl#2020-11-03#1#SUBMITTED#team") });
        Assert.False(third.IsItemSet, "the claim on the held-back message must be given back");

        // Once the other sender's lease has run out, the retry takes over and the room gets both, in order.
        h.Time.Advance(TimeSpan.FromMinutes(11));
        var retry = await h.Function().HandleBatchAsync(records.Skip(1).ToList(), CancellationToken.None);
        Assert.True(retry.Succeeded, retry.Failure?.ToString());
        Assert.Equal(["2020-11-01", "2020-11-02", "2020-11-03"], h.Slack.Requests.Select(r => StreamToChatTests.Slack(r).Text.Split(' ')[3]));
    }

    [Fact]
    public async Task When_the_mark_table_is_unreachable_nothing_is_posted_and_the_record_fails()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        await h.Table.SubmitAsync("etl", "2020-11-01");
        var records = await h.ReadStreamAsync();
        var builder = h.Builder();
        builder.Table = "no-such-table";

        var response = await builder.BuildFunction().HandleAsync(new Events.DynamoDbStreamEvent { Records = records }, CancellationToken.None);

        Assert.Equal(records[0].Dynamodb!.SequenceNumber, Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(h.Slack.Requests);
        Assert.Empty(h.Chime.Requests);
    }

    [Fact]
    public async Task A_sender_may_take_back_its_own_claim_after_a_crash_but_not_a_strangers()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        var store = new DynamoDbSentMarkStore(h.Table.Client, h.Table.Name, h.Time, TimeSpan.FromMinutes(15), TimeSpan.FromDays(7));
        var mark = new SentMark("etl#2020-11-01#1#FAILED", "team");

        Assert.Equal(ClaimOutcome.Claimed, await store.ClaimAsync(mark, "lambda:1", CancellationToken.None));
        Assert.Equal(ClaimOutcome.Claimed, await store.ClaimAsync(mark, "lambda:1", CancellationToken.None));
        Assert.Equal(ClaimOutcome.HeldByAnother, await store.ClaimAsync(mark, "drain:1", CancellationToken.None));
        await store.MarkSentAsync(mark, "lambda:1", CancellationToken.None);
        Assert.Equal(ClaimOutcome.AlreadySent, await store.ClaimAsync(mark, "lambda:1", CancellationToken.None));
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ClaimOutcome.AlreadySent, await store.ClaimAsync(mark, "drain:1", CancellationToken.None));
    }
}
