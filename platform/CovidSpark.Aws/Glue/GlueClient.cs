using CovidSpark.Aws.Glue.Model;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Aws.Glue;

/// <summary>
/// <see cref="IGlueClient"/> over <see cref="AwsJsonClient"/> (JSON 1.1, <c>X-Amz-Target: AWSGlue.&lt;Op&gt;</c>): the same
/// signing, retries of throttling/5xx/transport failures and error parsing as the EMR client, plus typed Glue errors.
/// </summary>
public sealed class GlueClient : AwsJsonServiceClient, IGlueClient
{
    private static readonly GlueJsonContext Json = GlueJsonContext.Default;

    /// <summary>Creates the JSON client for Glue from options (region, endpoint, credentials).</summary>
    public GlueClient(HttpClient http, AwsClientOptions? options = null, ILogger? logger = null)
        : base(AwsServiceDescriptor.Glue, http, options, logger) { }

    public Task CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("CreateDatabase", request, Json.CreateDatabaseRequest, Json.GlueEmptyResponse, cancellationToken);

    public Task<GetDatabaseResponse> GetDatabaseAsync(GetDatabaseRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("GetDatabase", request, Json.GetDatabaseRequest, Json.GetDatabaseResponse, cancellationToken);

    public Task<GetTableResponse> GetTableAsync(GetTableRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("GetTable", request, Json.GetTableRequest, Json.GetTableResponse, cancellationToken);

    public Task<GetTablesResponse> GetTablesAsync(GetTablesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("GetTables", request, Json.GetTablesRequest, Json.GetTablesResponse, cancellationToken);

    public Task CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("CreateTable", request, Json.CreateTableRequest, Json.GlueEmptyResponse, cancellationToken);

    public Task UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("UpdateTable", request, Json.UpdateTableRequest, Json.GlueEmptyResponse, cancellationToken);

    public Task DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteTable", request, Json.DeleteTableRequest, Json.GlueEmptyResponse, cancellationToken);

    /// <summary>Glue's typed errors (<see cref="GlueException.From"/>).</summary>
    protected override Exception? TranslateError(AwsServiceException error) => GlueException.From(error);
}
