using System.Text.Json;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Events;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Tests;

public sealed class TransitionDetectorTests
{
    private static DynamoDbStreamEvent Sample() =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "lambda-dynamodb-event.json")),
            NotifierJsonContext.Default.DynamoDbStreamEvent)!;

    private static DynamoDbStreamRecord Record(string eventName, Dictionary<string, StreamAttributeValue>? oldImage, Dictionary<string, StreamAttributeValue>? newImage) =>
        new() { EventName = eventName, AwsRegion = "eu-west-1", Dynamodb = new StreamRecordData { SequenceNumber = "42", OldImage = oldImage, NewImage = newImage } };

    private static Dictionary<string, StreamAttributeValue> Job(string state, int attempt = 1) => new()
    {
        ["pk"] = StreamAttributeValue.FromString("etl#2020-11-09"),
        ["job"] = StreamAttributeValue.FromString("etl"),
        ["data_date"] = StreamAttributeValue.FromString("2020-11-09"),
        ["state"] = StreamAttributeValue.FromString(state),
        ["attempt"] = StreamAttributeValue.FromNumber(attempt),
    };

    [Fact]
    public void The_Lambda_event_shape_is_read_with_every_attribute_type()
    {
        var e = Sample();
        Assert.Equal(3, e.Records.Count);
        var insert = e.Records[0];
        Assert.Equal("arn:aws:dynamodb:eu-west-1:123456789012:table/covidspark-jobs/stream/2020-11-10T05:00:00.000", insert.EventSourceArn);
        Assert.Equal("4421584500000000017450439091", insert.Dynamodb!.SequenceNumber);
        Assert.True(insert.Dynamodb.NewImage!["manifest"].Null);
        Assert.Equal(["daily"], insert.Dynamodb.NewImage["tags"].SS!);
        Assert.False(insert.Dynamodb.NewImage["flags"].M!["backfill"].Bool);
    }

    [Fact]
    public void An_insert_is_a_change_from_nothing_a_same_state_modify_and_a_remove_are_not()
    {
        var e = Sample();
        var insert = TransitionDetector.Detect(e.Records[0], "us-east-1");
        Assert.NotNull(insert.Transition);
        Assert.Null(insert.Transition.Previous);
        Assert.Equal(JobState.Submitted, insert.Transition.Current.State);
        Assert.Equal("eu-west-1", insert.Transition.Region);
        Assert.Equal("pipeline#2020-11-09#1#SUBMITTED", insert.Transition.Key);
        Assert.Equal(IgnoreReason.StateUnchanged, TransitionDetector.Detect(e.Records[1], "us-east-1").Reason);
        Assert.Equal(IgnoreReason.Removed, TransitionDetector.Detect(e.Records[2], "us-east-1").Reason);
    }

    [Fact]
    public void A_modify_that_changes_state_names_both_states()
    {
        var d = TransitionDetector.Detect(Record("MODIFY", Job("RUNNING"), Job("SUCCEEDED")), "us-east-1");
        Assert.Equal(JobState.Running, d.Transition!.Previous);
        Assert.Equal(JobState.Succeeded, d.Transition.Current.State);
    }

    [Theory]
    [InlineData("notify#etl#2020-11-09#1#FAILED#team")]
    [InlineData("checkpoint#notify#label#shardId-1")]
    public void The_notifiers_own_items_are_not_jobs(string pk)
    {
        var image = Job("FAILED");
        image["pk"] = StreamAttributeValue.FromString(pk);
        Assert.Equal(IgnoreReason.NotAJob, TransitionDetector.Detect(Record("INSERT", null, image), "us-east-1").Reason);
    }

    [Fact]
    public void An_item_without_state_is_not_a_job()
    {
        var image = Job("FAILED");
        image.Remove("state");
        Assert.Equal(IgnoreReason.NotAJob, TransitionDetector.Detect(Record("INSERT", null, image), "us-east-1").Reason);
    }

    [Fact]
    public void A_job_item_missing_its_attempt_is_reported_with_the_attribute_name()
    {
        var image = Job("FAILED");
        image.Remove("attempt");
        var e = Assert.Throws<MalformedJobImageException>(() => TransitionDetector.Detect(Record("MODIFY", Job("RUNNING"), image), "us-east-1"));
        Assert.Equal("attempt", e.Attribute);
        Assert.Equal("Ledger item 'etl#2020-11-09': attribute 'attempt' is missing.", e.Message);
    }

    [Fact]
    public void A_bad_date_is_reported_with_the_value_and_the_expected_format()
    {
        var image = Job("FAILED");
        image["data_date"] = StreamAttributeValue.FromString("09/11/2020");
        var e = Assert.Throws<MalformedJobImageException>(() => JobImageMapper.Map(image));
        Assert.Equal("Ledger item 'etl#2020-11-09': attribute 'data_date' holds '09/11/2020', expected yyyy-MM-dd.", e.Message);
    }

    [Fact]
    public void A_state_the_ledger_contract_does_not_know_breaks_the_contract_by_name()
    {
        var e = Assert.Throws<MalformedJobImageException>(() => TransitionDetector.Detect(Record("MODIFY", Job("RUNNING"), Job("timed_out")), "us-east-1"));
        Assert.StartsWith("Ledger item 'etl#2020-11-09': attribute 'state' holds 'timed_out', which is not a job state (SUBMITTED, RUNNING,", e.Message, StringComparison.Ordinal);
    }
}
