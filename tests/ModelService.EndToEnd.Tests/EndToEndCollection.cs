namespace ModelService.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "end to end";
}
