using System.Diagnostics.CodeAnalysis;

namespace ModelService.Core.Energy;

/// <summary>
/// The built-in per-region defaults (docs/energy.md says where each figure comes from and how uncertain it is).
/// Region names are Azure's. PUE is Microsoft's published fleet figure for the area; grid intensity the country's
/// yearly lifecycle average from Ember (2023): neither is the hour-by-hour figure of the call.
/// </summary>
public static class EnergyRegions
{
    /// <summary>The default when nothing is known: Microsoft's fleet PUE and the world grid average.</summary>
    public const string Global = "global";

    private static readonly Dictionary<string, EnergyRegion> Table = new[]
    {
        new EnergyRegion(Global, 1.18m, 481m, "Microsoft fleet PUE; Ember world average"),
        new EnergyRegion("eastus", 1.17m, 370m, "Microsoft Americas PUE; Ember United States"),
        new EnergyRegion("westus2", 1.17m, 370m, "Microsoft Americas PUE; Ember United States"),
        new EnergyRegion("northeurope", 1.18m, 291m, "Microsoft EMEA PUE; Ember Ireland"),
        new EnergyRegion("westeurope", 1.18m, 270m, "Microsoft EMEA PUE; Ember Netherlands"),
        new EnergyRegion("swedencentral", 1.18m, 40m, "Microsoft EMEA PUE; Ember Sweden"),
        new EnergyRegion("francecentral", 1.18m, 56m, "Microsoft EMEA PUE; Ember France"),
        new EnergyRegion("germanywestcentral", 1.18m, 381m, "Microsoft EMEA PUE; Ember Germany"),
        new EnergyRegion("uksouth", 1.18m, 240m, "Microsoft EMEA PUE; Ember United Kingdom"),
        new EnergyRegion("norwayeast", 1.18m, 30m, "Microsoft EMEA PUE; Ember Norway"),
        new EnergyRegion("australiaeast", 1.40m, 549m, "Microsoft Asia Pacific PUE; Ember Australia"),
        new EnergyRegion("japaneast", 1.40m, 490m, "Microsoft Asia Pacific PUE; Ember Japan"),
        new EnergyRegion("centralindia", 1.40m, 713m, "Microsoft Asia Pacific PUE; Ember India"),
    }.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => Table.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string? name, [NotNullWhen(true)] out EnergyRegion? region)
    {
        region = null;
        return name is not null && Table.TryGetValue(name, out region);
    }
}
