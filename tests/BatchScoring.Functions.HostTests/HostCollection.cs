namespace BatchScoring.Functions.HostTests;

/// <summary>The test classes that share one <see cref="HostFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "FunctionsHost";
}
