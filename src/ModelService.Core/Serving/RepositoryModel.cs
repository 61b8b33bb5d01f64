namespace ModelService.Core.Serving;

/// <summary>An entry of the model repository extension's index: READY when warm on this instance, else UNAVAILABLE with why.</summary>
public sealed record RepositoryModel(string Name, string Version, string State, string? Reason);
