using System.Text.Json.Serialization;
using CovidSpark.Aws.Emr.Model;

namespace CovidSpark.Aws.Glue.Model;

/// <summary>A column of a Glue table: name, Hive type (<c>bigint</c>, <c>date</c>, <c>decimal(10,2)</c>, <c>struct&lt;a:int&gt;</c>) and comment.</summary>
public sealed record GlueColumn(string Name, string? Type = null, string? Comment = null);

/// <summary>How rows are (de)serialised: the SerDe class and its parameters (<c>path</c> is where Spark looks for a data-source table).</summary>
public sealed record SerDeInfo(string? Name = null, string? SerializationLibrary = null, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>Where a table's data is and how it is stored.</summary>
public sealed record StorageDescriptor
{
    public IReadOnlyList<GlueColumn>? Columns { get; init; }
    public string? Location { get; init; }
    public string? InputFormat { get; init; }
    public string? OutputFormat { get; init; }
    public bool? Compressed { get; init; }
    public SerDeInfo? SerdeInfo { get; init; }
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}

/// <summary>What <c>CreateTable</c>/<c>UpdateTable</c> send: the whole definition (an update replaces it).</summary>
public sealed record TableInput
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? TableType { get; init; }
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
    public StorageDescriptor? StorageDescriptor { get; init; }
    public IReadOnlyList<GlueColumn>? PartitionKeys { get; init; }
}

/// <summary>A table as Glue returns it; <see cref="VersionId"/> feeds <c>UpdateTable</c>'s optimistic check.</summary>
public sealed record GlueTable
{
    public required string Name { get; init; }
    public string? DatabaseName { get; init; }
    public string? Description { get; init; }
    public string? TableType { get; init; }
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
    public StorageDescriptor? StorageDescriptor { get; init; }
    public IReadOnlyList<GlueColumn>? PartitionKeys { get; init; }
    public string? VersionId { get; init; }
    [JsonConverter(typeof(NullableEpochSecondsConverter))] public DateTimeOffset? UpdateTime { get; init; }
}

/// <summary><c>GetTable</c> request.</summary>
public sealed record GetTableRequest(string DatabaseName, string Name);

/// <summary><c>GetTable</c> answer.</summary>
public sealed record GetTableResponse(GlueTable Table);

/// <summary><c>GetTables</c> request: one page of a database's tables.</summary>
public sealed record GetTablesRequest(string DatabaseName, string? NextToken = null, int? MaxResults = null);

/// <summary><c>GetTables</c> answer; <see cref="NextToken"/> is set while more pages exist.</summary>
public sealed record GetTablesResponse(IReadOnlyList<GlueTable>? TableList = null, string? NextToken = null);

/// <summary><c>CreateTable</c> request.</summary>
public sealed record CreateTableRequest(string DatabaseName, TableInput TableInput);

/// <summary>
/// <c>UpdateTable</c> request. With <see cref="VersionId"/> Glue refuses the update (<c>ConcurrentModificationException</c>)
/// when the table changed since that version was read.
/// </summary>
public sealed record UpdateTableRequest(string DatabaseName, TableInput TableInput, string? VersionId = null, bool? SkipArchive = null);

/// <summary><c>DeleteTable</c> request.</summary>
public sealed record DeleteTableRequest(string DatabaseName, string Name);

/// <summary>The empty answer of create/update/delete calls.</summary>
public sealed record GlueEmptyResponse;
