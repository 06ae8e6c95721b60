using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests.Support;

/// <summary>One moto_server for every test that needs AWS; each test uses its own table, so no reset is needed.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
