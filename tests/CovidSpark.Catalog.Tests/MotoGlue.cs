using CovidSpark.Testing;

namespace CovidSpark.Catalog.Tests;

/// <summary>One moto_server for the catalog tests (Glue + S3), wiped before each test.</summary>
[CollectionDefinition(Name)]
public sealed class MotoGlueCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto glue";
}
