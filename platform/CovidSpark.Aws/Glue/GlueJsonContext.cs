using System.Text.Json.Serialization;
using CovidSpark.Aws.Glue.Model;

namespace CovidSpark.Aws.Glue;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata for the Glue wire shapes; Glue uses PascalCase member names.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CreateDatabaseRequest))]
[JsonSerializable(typeof(GetDatabaseRequest))]
[JsonSerializable(typeof(GetDatabaseResponse))]
[JsonSerializable(typeof(GetTableRequest))]
[JsonSerializable(typeof(GetTableResponse))]
[JsonSerializable(typeof(GetTablesRequest))]
[JsonSerializable(typeof(GetTablesResponse))]
[JsonSerializable(typeof(CreateTableRequest))]
[JsonSerializable(typeof(UpdateTableRequest))]
[JsonSerializable(typeof(DeleteTableRequest))]
[JsonSerializable(typeof(GlueEmptyResponse))]
public sealed partial class GlueJsonContext : JsonSerializerContext;
