namespace ModelService.Core.Serving;

/// <summary>A model a tenant may call: its versions (ascending), aliases, and whether it is the tenant's own.</summary>
public sealed record ModelListing(string Name, IReadOnlyList<int> Versions, IReadOnlyDictionary<string, int> Aliases, int LatestVersion, bool Private);
