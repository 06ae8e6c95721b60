using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests;

/// <summary>One moto_server shared by every test class of this assembly that talks to AWS.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
