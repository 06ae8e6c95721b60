namespace CovidSpark.Aws.Glue.Model;

/// <summary>What <c>CreateDatabase</c> sends.</summary>
public sealed record DatabaseInput(string Name, string? Description = null, string? LocationUri = null, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>A database as Glue returns it.</summary>
public sealed record GlueDatabase(string Name, string? Description = null, string? LocationUri = null, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary><c>CreateDatabase</c> request.</summary>
public sealed record CreateDatabaseRequest(DatabaseInput DatabaseInput);

/// <summary><c>GetDatabase</c> request.</summary>
public sealed record GetDatabaseRequest(string Name);

/// <summary><c>GetDatabase</c> answer.</summary>
public sealed record GetDatabaseResponse(GlueDatabase Database);
