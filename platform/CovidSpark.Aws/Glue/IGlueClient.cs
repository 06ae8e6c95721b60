using CovidSpark.Aws.Glue.Model;

namespace CovidSpark.Aws.Glue;

/// <summary>
/// The AWS Glue Data Catalog operations the catalog sync uses. Failures throw <see cref="GlueEntityNotFoundException"/>,
/// <see cref="GlueAlreadyExistsException"/>, <see cref="GlueConcurrentModificationException"/>, or another
/// <see cref="AwsException"/> (throttling and 5xx are retried first).
/// </summary>
public interface IGlueClient
{
    /// <summary>Creates a database; <see cref="GlueAlreadyExistsException"/> when it exists.</summary>
    Task CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken cancellationToken = default);

    /// <summary>One database; <see cref="GlueEntityNotFoundException"/> when it does not exist.</summary>
    Task<GetDatabaseResponse> GetDatabaseAsync(GetDatabaseRequest request, CancellationToken cancellationToken = default);

    /// <summary>One table; <see cref="GlueEntityNotFoundException"/> when it (or its database) does not exist.</summary>
    Task<GetTableResponse> GetTableAsync(GetTableRequest request, CancellationToken cancellationToken = default);

    /// <summary>One page of a database's tables.</summary>
    Task<GetTablesResponse> GetTablesAsync(GetTablesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates a table; <see cref="GlueAlreadyExistsException"/> when it exists.</summary>
    Task CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default);

    /// <summary>Replaces a table's definition; <see cref="GlueConcurrentModificationException"/> when its version moved on.</summary>
    Task UpdateTableAsync(UpdateTableRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a table (the metadata only; S3 is untouched).</summary>
    Task DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken = default);
}
