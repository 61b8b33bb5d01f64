namespace ModelService.FunctionsHost.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "development host";
}
