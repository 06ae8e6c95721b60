using Xunit;

namespace CovidSpark.Testing;

/// <summary>
/// One moto_server shared by every test class of a test assembly that talks to AWS (<c>[Collection(MotoCollection.Name)]</c>).
/// xunit 2 reads collection definitions from the test assembly only, so each test project compiles this one file in.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
