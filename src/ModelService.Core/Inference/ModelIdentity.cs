namespace ModelService.Core.Inference;

/// <summary>The model version a response names.</summary>
public sealed record ModelIdentity(string Name, string Version);
