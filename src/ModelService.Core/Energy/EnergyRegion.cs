namespace ModelService.Core.Energy;

/// <summary>A region's default data-centre PUE and grid carbon intensity, with where the figures come from.</summary>
public sealed record EnergyRegion(string Name, decimal Pue, decimal GridGramsCo2ePerKwh, string Source);
