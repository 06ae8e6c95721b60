using System.Collections.Concurrent;
using System.Net;
using CovidSpark.Aws;
using CovidSpark.Aws.Glue;
using CovidSpark.Aws.Glue.Model;

namespace CovidSpark.Jobs.Aws.Tests.Catalog;

/// <summary>Passes every call to moto's Glue and records the operation names.</summary>
internal class RecordingGlue(IGlueClient inner) : IGlueClient
{
    public ConcurrentQueue<string> Calls { get; } = new();
    protected IGlueClient Inner => inner;

    public Task CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken ct = default) { Calls.Enqueue("CreateDatabase"); return inner.CreateDatabaseAsync(request, ct); }
    public Task<GetDatabaseResponse> GetDatabaseAsync(GetDatabaseRequest request, CancellationToken ct = default) { Calls.Enqueue("GetDatabase"); return inner.GetDatabaseAsync(request, ct); }
    public Task<GetTableResponse> GetTableAsync(GetTableRequest request, CancellationToken ct = default) { Calls.Enqueue("GetTable"); return inner.GetTableAsync(request, ct); }
    public Task<GetTablesResponse> GetTablesAsync(GetTablesRequest request, CancellationToken ct = default) { Calls.Enqueue("GetTables"); return inner.GetTablesAsync(request, ct); }
    public virtual Task CreateTableAsync(CreateTableRequest request, CancellationToken ct = default) { Calls.Enqueue("CreateTable"); return inner.CreateTableAsync(request, ct); }
    public virtual Task UpdateTableAsync(UpdateTableRequest request, CancellationToken ct = default) { Calls.Enqueue("UpdateTable"); return inner.UpdateTableAsync(request, ct); }
    public Task DeleteTableAsync(DeleteTableRequest request, CancellationToken ct = default) { Calls.Enqueue("DeleteTable"); return inner.DeleteTableAsync(request, ct); }
}

/// <summary>
/// Plays a second sync that gets to each table first: before our <c>CreateTable</c> it creates the same table (moto then answers
/// <c>AlreadyExistsException</c> for real); before our first <c>UpdateTable</c> it applies the same update and answers
/// <c>ConcurrentModificationException</c> as Glue does when the VersionId moved on (moto does not check VersionId).
/// </summary>
internal sealed class RacingGlue(IGlueClient inner) : RecordingGlue(inner)
{
    private int _races;
    public bool CreateFirst { get; init; }
    public bool UpdateFirst { get; init; }
    public int Races => _races;

    public override async Task CreateTableAsync(CreateTableRequest request, CancellationToken ct = default)
    {
        if (CreateFirst)
        {
            Interlocked.Increment(ref _races);
            await Inner.CreateTableAsync(request, ct);
        }
        await base.CreateTableAsync(request, ct);
    }

    public override async Task UpdateTableAsync(UpdateTableRequest request, CancellationToken ct = default)
    {
        if (UpdateFirst && Interlocked.Increment(ref _races) == 1)
        {
            await Inner.UpdateTableAsync(request, ct);
            throw new GlueConcurrentModificationException(new AwsServiceException("glue", "UpdateTable", HttpStatusCode.BadRequest,
                "ConcurrentModificationException", "Update table failed due to concurrent modifications.", null, 1));
        }
        await base.UpdateTableAsync(request, ct);
    }
}
