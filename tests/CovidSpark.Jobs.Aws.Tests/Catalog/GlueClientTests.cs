using Amazon.Runtime;
using CovidSpark.Aws;
using CovidSpark.Aws.Glue;
using CovidSpark.Aws.Glue.Catalog;
using CovidSpark.Aws.Glue.Model;
using CovidSpark.Testing;

namespace CovidSpark.Jobs.Aws.Tests.Catalog;

/// <summary>
/// The Glue client on the wire: a loopback server plays Glue's error answers moto does not give (ConcurrentModification,
/// throttling); the happy path and EntityNotFound/AlreadyExists are covered against moto by <see cref="CatalogSyncTests"/>.
/// </summary>
public sealed class GlueClientTests
{
    private static GlueClient Client(LoopbackHttpServer server, HttpClient http, int attempts = 3) => new(http, new AwsClientOptions
    {
        Region = "eu-west-1",
        EndpointUrl = server.BaseUri,
        Credentials = new BasicAWSCredentials("testing", "testing"),
        Retry = new AwsRetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)),
        Environment = _ => null,
    });

    private static ScriptedResponse Error(int status, string code) =>
        new(status, $$"""{"__type":"{{code}}","message":"{{code}} from the fake"}""");

    [Theory]
    [InlineData("ConcurrentModificationException", typeof(GlueConcurrentModificationException))]
    [InlineData("EntityNotFoundException", typeof(GlueEntityNotFoundException))]
    [InlineData("AlreadyExistsException", typeof(GlueAlreadyExistsException))]
    public async Task Glue_error_codes_become_typed_exceptions_that_keep_the_service_error(string code, Type expected)
    {
        await using var server = LoopbackHttpServer.Sequence(Error(400, code));
        using var http = new HttpClient();
        var e = await Assert.ThrowsAnyAsync<GlueException>(() => Client(server, http).UpdateTableAsync(
            new UpdateTableRequest("covidspark", new TableInput { Name = "t" }, "3")));

        Assert.IsType(expected, e);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal("UpdateTable", e.Operation);
        var request = Assert.Single(server.Requests);
        Assert.Equal("AWSGlue.UpdateTable", request.Headers["X-Amz-Target"]);
        Assert.Contains("\"VersionId\":\"3\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_is_retried_like_the_EMR_client_and_other_errors_stay_generic()
    {
        await using var server = LoopbackHttpServer.Sequence(Error(400, "ThrottlingException"), Error(500, "InternalServiceException"),
            new ScriptedResponse(200, """{"Database":{"Name":"covidspark"}}"""), Error(400, "AccessDeniedException"));
        using var http = new HttpClient();
        var glue = Client(server, http);

        Assert.Equal("covidspark", (await glue.GetDatabaseAsync(new GetDatabaseRequest("covidspark"))).Database.Name);
        Assert.Equal(3, server.Requests.Count);
        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => glue.GetDatabaseAsync(new GetDatabaseRequest("covidspark")));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
    }

    [Fact]
    public async Task A_sync_whose_updates_keep_meeting_concurrent_writers_gives_up_with_a_clear_error()
    {
        var table = new CatalogTable("top_countries", "refined", "s3://b/refined/top_countries", [new LakeColumn("rank", "long")], []);
        await using var server = new LoopbackHttpServer(r => r.Headers["X-Amz-Target"] switch
        {
            "AWSGlue.GetDatabase" => new ScriptedResponse(200, """{"Database":{"Name":"covidspark"}}"""),
            "AWSGlue.GetTables" => new ScriptedResponse(200, """{"TableList":[{"Name":"top_countries","VersionId":"1"}]}"""),
            "AWSGlue.GetTable" => new ScriptedResponse(200, """{"Table":{"Name":"top_countries","VersionId":"2"}}"""),
            _ => Error(400, "ConcurrentModificationException"),
        });
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<LakeCatalogException>(() => new CatalogSync(Client(server, http)).SyncAsync(
            "covidspark", new ListedLake([table]), new CatalogSyncOptions(MaxAttempts: 3)));

        Assert.Contains("covidspark.top_countries kept changing", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count(r => r.Headers["X-Amz-Target"] == "AWSGlue.UpdateTable"));
    }

    private sealed class ListedLake(IReadOnlyList<CatalogTable> tables) : ILakeTableSource
    {
        public string Root => "s3://b/";
        public Task<LakeScan> ScanAsync(CancellationToken ct) => Task.FromResult(new LakeScan(tables, []));
    }
}
