namespace ModelService.Core.Registry;

/// <summary>A model in listings: its versions (ascending) and aliases.</summary>
public sealed record ModelSummary(string Name, IReadOnlyList<int> Versions, IReadOnlyDictionary<string, int> Aliases)
{
    public int LatestVersion => Versions[^1];
}
